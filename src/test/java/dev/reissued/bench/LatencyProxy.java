package dev.reissued.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on 127.0.0.1 that passes requests on at once and every byte of the answers {@code
 * delay} later: the sandbox sees requests arrive as the client spaced them, and the client waits as
 * long as for an API on the other side of the world. Used to ask whether a renewal pass keeps the
 * rate limiter busy when each call takes a while, with no CPU spent on making it slow.
 */
final class LatencyProxy implements AutoCloseable {
  private static final byte[] END = new byte[0];

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long delayNanos;
  private volatile boolean closed;

  private record Chunk(long dueNanos, byte[] bytes) {}

  LatencyProxy(URI target, long delayMillis) throws IOException {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    daemon(this::acceptLoop, "latency-proxy-accept").start();
  }

  /** {@code http://127.0.0.1:PORT}, to use as the account's endpoint. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        daemon(() -> relay(client, upstream, 0), "latency-proxy-up").start();
        daemon(() -> relay(upstream, client, delayNanos), "latency-proxy-down").start();
      } catch (IOException failure) {
        if (!closed) {
          System.err.println("latency proxy: " + failure);
        }
      }
    }
  }

  /** Copies {@code from} to {@code to}, each chunk {@code delay} after it was read. */
  private static void relay(Socket from, Socket to, long delay) {
    BlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
    Thread writer =
        daemon(
            () -> {
              try (OutputStream out = to.getOutputStream()) {
                while (true) {
                  Chunk chunk = line.take();
                  if (chunk.bytes() == END) {
                    return;
                  }
                  long wait = chunk.dueNanos() - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  out.write(chunk.bytes());
                  out.flush();
                }
              } catch (IOException | InterruptedException ended) {
                closeQuietly(from);
              }
            },
            "latency-proxy-write");
    writer.start();
    try (InputStream in = from.getInputStream()) {
      byte[] buffer = new byte[64 * 1024];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        line.add(new Chunk(System.nanoTime() + delay, Arrays.copyOf(buffer, read)));
      }
    } catch (IOException ended) {
      // the other side closed; pass the end on after what is still in the line
    }
    line.add(new Chunk(System.nanoTime() + delay, END));
  }

  private static Thread daemon(Runnable work, String name) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void closeQuietly(java.io.Closeable socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
  }
}
