package dev.reissued.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server standing in for chat services: it records every request and answers as the
 * test says (a status and body, scripted per request or by default), and can hold requests until
 * released, like a webhook that hangs.
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Received(String method, String path, String contentType, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException notJson) {
        throw new AssertionError("not JSON: " + body, notJson);
      }
    }
  }

  public record Answer(int status, String body) {}

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final List<Received> received = new ArrayList<>();
  private final Deque<Answer> scripted = new ConcurrentLinkedDeque<>();
  private volatile Answer answer = new Answer(200, "ok");
  private volatile CountDownLatch gate = new CountDownLatch(0);

  private WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  public static WebhookReceiver start() {
    return new WebhookReceiver();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** How every request is answered unless one is scripted. */
  public void answer(int status, String body) {
    answer = new Answer(status, body);
  }

  /** How the next unanswered request is answered (in order). */
  public void answerNext(int status, String body) {
    scripted.addLast(new Answer(status, body));
  }

  /** Holds every request (after recording it) until {@link #release()}. */
  public void hold() {
    gate = new CountDownLatch(1);
  }

  public void release() {
    gate.countDown();
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  public synchronized List<Received> received(String path) {
    return received.stream().filter(request -> request.path().equals(path)).toList();
  }

  /** Waits (bounded) until at least {@code count} requests have arrived; returns them all. */
  public synchronized List<Received> await(int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "expected " + count + " requests within " + timeout + ", got " + received.size());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    synchronized (this) {
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().toString(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              body));
      notifyAll();
    }
    try {
      gate.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
    Answer reply = scripted.pollFirst();
    if (reply == null) {
      reply = answer;
    }
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    handlers.shutdownNow();
  }
}
