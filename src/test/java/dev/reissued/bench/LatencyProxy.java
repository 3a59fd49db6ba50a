package dev.reissued.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A TCP relay on 127.0.0.1 that passes requests on at once and every byte of the answers later: the
 * sandbox sees requests arrive as the client spaced them, and the client waits as long as for an
 * API on the other side of the world. Used to ask whether a renewal pass keeps the rate limiter
 * busy when each call takes a while, and to make answers late at random, with no CPU spent on
 * making them slow.
 *
 * <p>The delay is asked of a supplier once per request: HTTP/1.1 on one connection is one request,
 * then its answer, then the next request, so bytes from the client after answer bytes begin a new
 * request, and every answer byte until then (the end of the connection included: a dropped answer
 * is late too) is held back by that request's delay. The relay also counts the answers that refuse
 * a request for the API's rate limit.
 */
final class LatencyProxy implements AutoCloseable {
  private static final byte[] END = new byte[0];
  private static final byte[] RATE_LIMITED =
      "RequestLimitExceeded".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final LongSupplier delayMillis;
  private final AtomicLong rateLimited = new AtomicLong();
  private volatile boolean closed;

  private record Chunk(long dueNanos, byte[] bytes) {}

  /** What one connection's two directions share: the delay of the request being answered. */
  private static final class Exchange {
    volatile long answerDelayNanos;
    volatile boolean answering = true;
  }

  /** Every answer {@code delayMillis} late. */
  LatencyProxy(URI target, long delayMillis) throws IOException {
    this(target, () -> delayMillis);
  }

  /** Each request's answer as late as {@code delayMillis} says when the request passes. */
  LatencyProxy(URI target, LongSupplier delayMillis) throws IOException {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.delayMillis = delayMillis;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    daemon(this::acceptLoop, "latency-proxy-accept").start();
  }

  /** {@code http://127.0.0.1:PORT}, to use as the account's endpoint. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Answers so far that named {@code RequestLimitExceeded}, of any action. */
  long rateLimited() {
    return rateLimited.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        Exchange exchange = new Exchange();
        daemon(() -> relay(client, upstream, exchange, true), "latency-proxy-up").start();
        daemon(() -> relay(upstream, client, exchange, false), "latency-proxy-down").start();
      } catch (IOException failure) {
        if (!closed) {
          System.err.println("latency proxy: " + failure);
        }
      }
    }
  }

  /**
   * Copies {@code from} to {@code to}: requests at once, answers each chunk the current request's
   * delay after it was read.
   */
  private void relay(Socket from, Socket to, Exchange exchange, boolean requests) {
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
    byte[] tail = new byte[0];
    try (InputStream in = from.getInputStream()) {
      byte[] buffer = new byte[64 * 1024];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        byte[] bytes = Arrays.copyOf(buffer, read);
        long delay = 0;
        if (requests) {
          if (exchange.answering) {
            exchange.answerDelayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis.getAsLong());
            exchange.answering = false;
          }
        } else {
          exchange.answering = true;
          delay = exchange.answerDelayNanos;
          tail = countRateLimited(tail, bytes);
        }
        line.add(new Chunk(System.nanoTime() + delay, bytes));
      }
    } catch (IOException ended) {
      // the other side closed; pass the end on after what is still in the line
    }
    line.add(new Chunk(System.nanoTime() + (requests ? 0 : exchange.answerDelayNanos), END));
  }

  /**
   * Counts the marker in what came before ({@code tail}, shorter than the marker) and {@code
   * bytes}; answers the new tail, so that a marker split between two reads is counted once.
   */
  private byte[] countRateLimited(byte[] tail, byte[] bytes) {
    byte[] text = new byte[tail.length + bytes.length];
    System.arraycopy(tail, 0, text, 0, tail.length);
    System.arraycopy(bytes, 0, text, tail.length, bytes.length);
    for (int start = 0; start + RATE_LIMITED.length <= text.length; start++) {
      if (Arrays.equals(
          text, start, start + RATE_LIMITED.length, RATE_LIMITED, 0, RATE_LIMITED.length)) {
        rateLimited.incrementAndGet();
      }
    }
    int keep = Math.min(text.length, RATE_LIMITED.length - 1);
    return Arrays.copyOfRange(text, text.length - keep, text.length);
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
