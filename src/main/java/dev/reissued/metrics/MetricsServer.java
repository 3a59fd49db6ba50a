package dev.reissued.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.reissued.ReissuedException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} (Prometheus text), {@code /healthz} (process up, database reachable, scheduler
 * started) and {@code /readyz} (the same, and the first sync done), on {@code metrics.listen}.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  public static MetricsServer start(
      String host, int port, ReissuedMetrics metrics, Supplier<Health> health) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
      server.setExecutor(
          Executors.newFixedThreadPool(
              2,
              runnable -> {
                Thread thread = new Thread(runnable, "reissued-metrics");
                thread.setDaemon(true);
                return thread;
              }));
      server.createContext("/metrics", exchange -> scrape(exchange, metrics));
      server.createContext("/healthz", exchange -> answer(exchange, health.get(), false));
      server.createContext("/readyz", exchange -> answer(exchange, health.get(), true));
      server.start();
      log.info(
          "metrics and health on http://{}:{}/metrics, /healthz, /readyz",
          host,
          server.getAddress().getPort());
      return new MetricsServer(server);
    } catch (IOException failure) {
      throw new ReissuedException(
          "cannot listen on " + host + ":" + port + " for metrics: " + failure.getMessage(),
          failure);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Streams the page (chunked), so that its size does not decide the heap. A failure before the
   * first byte answers 503; one after it drops the connection (the handler throws, and the server
   * closes it without ending the chunked body), so Prometheus records a failed scrape rather than a
   * page cut short.
   */
  private static void scrape(HttpExchange exchange, ReissuedMetrics metrics) throws IOException {
    boolean[] started = {false};
    try {
      metrics.scrape(
          () -> {
            exchange
                .getResponseHeaders()
                .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            started[0] = true;
            return exchange.getResponseBody();
          });
      exchange.close();
    } catch (RuntimeException | IOException failure) {
      if (started[0]) {
        log.warn("metrics page cut short, connection dropped: {}", failure.getMessage());
        throw failure;
      }
      log.warn("cannot produce metrics: {}", failure.getMessage());
      reply(
          exchange,
          503,
          "text/plain; charset=utf-8",
          "metrics unavailable: " + failure.getMessage() + "\n");
    }
  }

  private static void answer(HttpExchange exchange, Health health, boolean readiness)
      throws IOException {
    boolean ok = readiness ? health.ready() : health.healthy();
    reply(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", health.describe() + "\n");
  }

  private static void reply(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
