package dev.reissued.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reissued.db.Database;
import dev.reissued.db.PostgresExtension;
import dev.reissued.tencent.ApiAction;
import dev.reissued.testing.Await;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetricsServerTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  static final Pattern SAMPLE =
      Pattern.compile(
          "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*})? -?[0-9.eE+\\-]+|.* (NaN|\\+Inf|-Inf)");
  final HttpClient http = HttpClient.newHttpClient();

  String get(int port, String path, int expectedStatus) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(expectedStatus);
    return response.body();
  }

  @Test
  void metrics_page_is_prometheus_text_with_the_documented_series() throws Exception {
    Instant now = Instant.now();
    Instant notAfter = Instant.parse("2026-12-24T16:00:00Z");
    postgres
        .jdbc()
        .update(
            "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status, not_after, first_seen_at, last_synced_at)"
                + " VALUES ('abcd1234', 'main', 'www.example.com', true, false, 1, ?, ?, ?)",
            notAfter,
            now,
            now);
    postgres
        .jdbc()
        .update(
            "INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type, valid_type, error_code,"
                + " requested_at, claimed_by) VALUES ('abcd1234', 'main', 'abcd1234', true, 'failed', 'Upload', 'DNS_AUTO',"
                + " 'FailedOperation.NetworkError', ?, 'test')",
            now);
    ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());
    metrics.completed("main", ApiAction.REPLACE_CERTIFICATE, "OK", Duration.ofMillis(120));
    postgres.database().bindMetrics(metrics.registry());

    try (MetricsServer server =
        MetricsServer.start("127.0.0.1", 0, metrics, () -> new Health(true, null, true, true))) {
      String page = get(server.port(), "/metrics", 200);

      for (String line :
          page.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList()) {
        assertThat(line).as("Prometheus sample line").matches(SAMPLE);
      }
      assertThat(
              value(
                  page,
                  "reissued_certificate_expiration_timestamp_seconds{account=\"main\",certificate_id=\"abcd1234\",domain=\"www.example.com\"}"))
          .isEqualTo(notAfter.getEpochSecond());
      assertThat(
              value(
                  page,
                  "reissued_certificate_renewal_state{account=\"main\",certificate_id=\"abcd1234\",domain=\"www.example.com\",state=\"failed\"}"))
          .isEqualTo(1);
      assertThat(
              value(
                  page,
                  "reissued_reissue_total{account=\"main\",code=\"FailedOperation.NetworkError\",outcome=\"failed\"}"))
          .isEqualTo(1);
      assertThat(
              value(page, "reissued_api_requests_total{action=\"ReplaceCertificate\",code=\"OK\"}"))
          .isEqualTo(1);
      assertThat(page)
          .contains("reissued_api_request_duration_seconds_bucket{action=\"ReplaceCertificate\"")
          .contains("jvm_memory_used_bytes")
          .contains("hikaricp_connections");
    }
  }

  /** The value of the one sample whose name and labels are exactly {@code series}. */
  static double value(String page, String series) {
    return page.lines()
        .filter(line -> line.startsWith(series + " "))
        .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + series + " in:\n" + page));
  }

  @Test
  void healthz_fails_when_the_database_is_down() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(250);
    try (HikariDataSource unreachable = new HikariDataSource(config);
        HealthCheck health = HealthCheck.of(Database.of(unreachable))) {
      ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());
      try (MetricsServer server =
          MetricsServer.start("127.0.0.1", 0, metrics, () -> health.check(true, true))) {
        String body = get(server.port(), "/healthz", 503);
        get(server.port(), "/readyz", 503);

        assertThat(body).contains("database: unreachable (Connection to 127.0.0.1:1 refused");
      }
    }
  }

  @Test
  void healthz_answers_503_with_the_reason_within_a_second_once_the_database_stops()
      throws Exception {
    EmbeddedPostgres own = EmbeddedPostgres.builder().start();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(own.getJdbcUrl("postgres", "postgres"));
    // As Database.open sets it: what /healthz waited for before it had a probe of its own.
    config.setConnectionTimeout(10_000);
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config);
        HealthCheck health = HealthCheck.of(Database.of(pool))) {
      ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());
      try (MetricsServer server =
          MetricsServer.start("127.0.0.1", 0, metrics, () -> health.check(true, true))) {
        String up = get(server.port(), "/healthz", 200);
        own.close();

        long started = System.nanoTime();
        String down = get(server.port(), "/healthz", 503);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(up).contains("database: ok");
        assertThat(down).contains("database: unreachable (Connection to ").contains("refused");
        // Generous on a shared machine; it was the pool's 10 s before.
        assertThat(took).isLessThan(Duration.ofSeconds(3));
      }
    } finally {
      own.close();
    }
  }

  @Test
  void a_probe_that_hangs_is_answered_within_the_budget_and_shared_by_later_requests()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger probes = new AtomicInteger();
    try (HealthCheck health =
        new HealthCheck(
            () -> {
              probes.incrementAndGet();
              try {
                release.await();
              } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
              }
              return Optional.of("the database took its time");
            },
            Duration.ofMillis(100))) {
      long started = System.nanoTime();
      Health first = health.check(true, true);
      Health second = health.check(true, true);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      int probesWhileHung = probes.get();
      release.countDown();

      assertThat(first.healthy()).isFalse();
      assertThat(first.describe()).contains("database: unreachable (no answer within 100 ms)");
      assertThat(second.databaseProblem()).isEqualTo("no answer within 100 ms");
      assertThat(took).isLessThan(Duration.ofSeconds(5));
      assertThat(probesWhileHung).as("one probe, shared").isEqualTo(1);
      Await.until(
          "the probe's own answer once it comes",
          Duration.ofSeconds(10),
          () -> "the database took its time".equals(health.check(true, true).databaseProblem()),
          () -> String.valueOf(health.check(true, true)));
    }
  }

  @Test
  void healthz_passes_and_readyz_waits_for_the_first_sync() throws Exception {
    ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());
    try (HealthCheck health = HealthCheck.of(postgres.database());
        MetricsServer server =
            MetricsServer.start("127.0.0.1", 0, metrics, () -> health.check(true, false))) {
      assertThat(get(server.port(), "/healthz", 200))
          .contains("database: ok", "scheduler: started");
      assertThat(get(server.port(), "/readyz", 503)).contains("first sync: pending");
    }
  }
}
