package dev.reissued.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.db.Jdbc;
import dev.reissued.db.PostgresExtension;
import dev.reissued.testing.Await;
import dev.reissued.testing.ProcessFixture;
import dev.reissued.testing.ReissuedProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the alert rules and the dashboard query is one that {@code reissued run} really
 * serves: the daemon runs against the sandbox and a real PostgreSQL, and its /metrics page is read
 * as Prometheus reads it. Rows of an account the daemon does not run (so nothing settles them) give
 * the ledger, delivery and webhook series something to show.
 */
class ServedMetricsTest {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void every_metric_the_rules_and_the_dashboard_query_is_served_by_the_daemon(TestInfo test)
      throws Exception {
    seedAccountNobodyRuns(postgres.jdbc());
    int port = freePort();
    Path logs =
        Path.of("target", "process-logs", getClass().getSimpleName(), test.getDisplayName());
    try (ProcessFixture fixture =
        new ProcessFixture(
            directory,
            logs,
            postgres.jdbcUrl(),
            postgres.jdbc(),
            ProcessFixture.dueFreeCertificates("Served", 2),
            "metrics: { listen: \"127.0.0.1:" + port + "\" }\n")) {
      ReissuedProcess daemon = fixture.start("daemon", "run");
      daemon.awaitOutput("reissued is running", START_TIMEOUT);
      Await.until(
          "the first sync's certificates and API calls on /metrics",
          START_TIMEOUT,
          () ->
              scrape(port).contains("reissued_api_request_duration_seconds_bucket{")
                  && scrape(port).contains("certificate_id=\"Served0000\""),
          fixture::describeProcesses);

      Set<String> served = sampleNames(scrape(port));

      Map<String, Set<String>> used = new LinkedHashMap<>();
      for (var alert : Monitoring.alerts()) {
        used.put(
            Monitoring.RULES + " " + alert.path("alert").asText(),
            Monitoring.metricNames(alert.path("expr").asText()));
      }
      for (String query : Monitoring.dashboardQueries()) {
        used.put(Monitoring.DASHBOARD + " " + query, Monitoring.metricNames(query));
      }
      assertThat(used.values().stream().mapToInt(Set::size).sum()).isGreaterThan(20);
      for (var entry : used.entrySet()) {
        assertThat(served).as(entry.getKey()).containsAll(entry.getValue());
      }
    }
  }

  /**
   * The names of every sample on a Prometheus text page: histograms show as _bucket/_sum/_count.
   */
  static Set<String> sampleNames(String page) {
    Set<String> names = new TreeSet<>();
    page.lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
    return names;
  }

  private String scrape(int port) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException failure) {
      return "";
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /**
   * A settled failure, an open re-issue, a delivery whose hook fails and webhook messages given up
   * and waiting, in account "other", which the daemon is not configured with.
   */
  static void seedAccountNobodyRuns(Jdbc jdbc) {
    Instant now = Instant.now();
    for (String id : new String[] {"other-failed", "other-open", "other-issued"}) {
      jdbc.update(
          "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status,"
              + " not_after, first_seen_at, last_synced_at) VALUES (?, 'other', ?, true, false, 1, ?, ?, ?)",
          id,
          id + ".example.com",
          now.plus(Duration.ofDays(10)),
          now,
          now);
    }
    String reissue =
        "INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type, valid_type,"
            + " error_code, requested_at, sent_at, claimed_by) VALUES (?, 'other', ?, true, ?, 'Upload',"
            + " 'DNS_AUTO', ?, ?, ?, 'seed') RETURNING id";
    jdbc.queryOne(
        reissue,
        row -> row.getLong(1),
        "other-failed",
        "other-failed",
        "failed",
        "LimitExceeded",
        now,
        now);
    jdbc.queryOne(
        reissue, row -> row.getLong(1), "other-open", "other-open", "unknown", null, now, now);
    long issued =
        jdbc.queryOne(
                reissue,
                row -> row.getLong(1),
                "other-issued",
                "other-issued",
                "succeeded",
                null,
                now,
                now)
            .orElseThrow();
    jdbc.update(
        "INSERT INTO delivery (reissue_id, certificate_id, delivered_at, certificate_pem, chain_pem,"
            + " key_source, not_after, fingerprint_sha256, hook_status, updated_at, account,"
            + " old_certificate_id, csr_type, domain)"
            + " VALUES (?, 'other-new', ?, 'pem', 'pem', 'local', ?, 'ab', 'failed', ?, 'other',"
            + " 'other-issued', 'Upload', 'other.example.com')",
        issued,
        now,
        now.plus(Duration.ofDays(90)),
        now);
    jdbc.update(
        "INSERT INTO cloud_lineage (lineage_id, account, newest_certificate_id, created_at,"
            + " updated_at) VALUES ('other-issued', 'other', 'other-new', ?, ?)",
        now,
        now);
    jdbc.update(
        "INSERT INTO cloud_binding (account, resource_key, resource_type, region, instance_id,"
            + " listener_id, certificate_id, lineage_id, seen_at) VALUES ('other', 'CLB|seed',"
            + " 'CLB', 'ap-guangzhou', 'lb-seed', 'lbl-seed', 'other-issued', 'other-issued', ?)",
        now);
    long notification =
        jdbc.queryOne(
                "INSERT INTO notification (event_type, subject, account, summary, created_at)"
                    + " VALUES ('reissue_failed', 'other-failed', 'other', 'seeded', ?) RETURNING id",
                row -> row.getLong(1),
                now)
            .orElseThrow();
    for (String status : new String[] {"failed", "pending"}) {
      jdbc.update(
          "INSERT INTO notification_delivery (notification_id, webhook, status, attempts, last_error,"
              + " created_at) VALUES (?, ?, ?, 3, 'HTTP 500', ?)",
          notification,
          "seeded-" + status,
          status,
          now);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
