package dev.reissued.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reissued.db.Jdbc;
import dev.reissued.db.PostgresExtension;
import dev.reissued.tencent.ApiAction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
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
    try (HikariDataSource unreachable = new HikariDataSource(config)) {
      Jdbc jdbc = new Jdbc(unreachable);
      ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());
      try (MetricsServer server =
          MetricsServer.start("127.0.0.1", 0, metrics, () -> Health.check(jdbc, true, true))) {
        String body = get(server.port(), "/healthz", 503);
        get(server.port(), "/readyz", 503);

        assertThat(body).contains("database: unreachable");
      }
    }
  }

  @Test
  void healthz_passes_and_readyz_waits_for_the_first_sync() throws Exception {
    ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());
    try (MetricsServer server =
        MetricsServer.start(
            "127.0.0.1", 0, metrics, () -> Health.check(postgres.jdbc(), true, false))) {
      assertThat(get(server.port(), "/healthz", 200))
          .contains("database: ok", "scheduler: started");
      assertThat(get(server.port(), "/readyz", 503)).contains("first sync: pending");
    }
  }
}
