package dev.reissued.sandbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server on 127.0.0.1 with keep-alive. Written by hand rather than on the JDK's
 * {@code com.sun.net.httpserver} because the sandbox must be able to drop a connection after
 * reading a request without sending any answer at all, or to hold it unanswered, on a connection
 * the client may be reusing; those are the failures reissued must survive without a re-send.
 */
final class SandboxHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxHttpServer.class);
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
  private static final int IDLE_TIMEOUT_MILLIS = 120_000;

  private final ServerSocket serverSocket;
  private final Function<HttpRequest, Reply> handler;
  private final ExecutorService workers;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  SandboxHttpServer(int port, Function<HttpRequest, Reply> handler) throws IOException {
    this.handler = handler;
    this.serverSocket = new ServerSocket();
    serverSocket.setReuseAddress(true);
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    AtomicInteger counter = new AtomicInteger();
    this.workers =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "sandbox-http-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.acceptor = new Thread(this::acceptLoop, "sandbox-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = serverSocket.accept();
        open.add(socket);
        workers.execute(() -> serve(socket));
      } catch (IOException e) {
        if (!closed) {
          log.warn("sandbox: accept failed on port {}: {}", port(), e.toString());
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (!closed) {
        HttpRequest request;
        try {
          request = read(in);
        } catch (BadRequest bad) {
          write(
              out,
              new Reply.Answer(400, "Bad Request", "text/plain", bytes(bad.getMessage()), null),
              false);
          return;
        }
        if (request == null) {
          return;
        }
        Reply reply = handler.apply(request);
        if (reply instanceof Reply.Drop) {
          return;
        }
        if (reply instanceof Reply.Hang) {
          // Read until the client closes (it gave up) or the sandbox closes the socket.
          while (in.read() >= 0) {
            // A well-behaved client sends nothing more on a connection it is waiting on.
          }
          return;
        }
        boolean keepAlive = !"close".equalsIgnoreCase(request.header("connection"));
        write(out, (Reply.Answer) reply, keepAlive);
        if (!keepAlive) {
          return;
        }
      }
    } catch (SocketException e) {
      log.debug("sandbox: connection ended: {}", e.toString());
    } catch (IOException e) {
      log.debug("sandbox: connection failed: {}", e.toString());
    } finally {
      open.remove(socket);
    }
  }

  private static HttpRequest read(InputStream in) throws IOException {
    int firstByte = in.read();
    if (firstByte < 0) {
      return null;
    }
    long arrivedNanos = System.nanoTime();
    String rest = line(in);
    String requestLine = (char) firstByte + (rest == null ? "" : rest);
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new BadRequest("malformed request line");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    int headerBytes = 0;
    while (true) {
      String header = line(in);
      if (header == null) {
        throw new BadRequest("headers end early");
      }
      if (header.isEmpty()) {
        break;
      }
      headerBytes += header.length();
      if (headerBytes > MAX_HEADER_BYTES) {
        throw new BadRequest("headers too large");
      }
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new BadRequest("malformed header");
      }
      headers.merge(
          header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).strip(),
          (first, second) -> first + "," + second);
    }
    if (headers.containsKey("transfer-encoding")) {
      throw new BadRequest("chunked bodies are not supported; send Content-Length");
    }
    int length;
    try {
      length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    } catch (NumberFormatException e) {
      throw new BadRequest("bad Content-Length");
    }
    if (length < 0 || length > MAX_BODY_BYTES) {
      throw new BadRequest("body too large");
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      return null;
    }
    return new HttpRequest(parts[0], parts[1], headers, body, arrivedNanos);
  }

  /** One CRLF-terminated line, or null when the stream ends before any byte of it. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.ISO_8859_1);
      }
      if (b == '\n') {
        String text = buffer.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      buffer.write(b);
      if (buffer.size() > MAX_HEADER_BYTES) {
        throw new BadRequest("line too long");
      }
    }
  }

  private static void write(OutputStream out, Reply.Answer answer, boolean keepAlive)
      throws IOException {
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ")
            .append(answer.status())
            .append(' ')
            .append(answer.reason())
            .append("\r\nContent-Type: ")
            .append(answer.contentType())
            .append("\r\nContent-Length: ")
            .append(answer.body().length)
            .append("\r\n");
    if (answer.retryAfter() != null) {
      head.append("Retry-After: ").append(answer.retryAfter()).append("\r\n");
    }
    head.append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n").append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(answer.body());
    out.flush();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException e) {
      log.debug("sandbox: closing the listening socket: {}", e.toString());
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException e) {
        log.debug("sandbox: closing a connection: {}", e.toString());
      }
    }
    workers.shutdownNow();
  }

  private static final class BadRequest extends IOException {
    BadRequest(String message) {
      super(message);
    }
  }
}
