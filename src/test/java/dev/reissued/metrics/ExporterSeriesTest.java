package dev.reissued.metrics;

import static dev.reissued.metrics.MetricsServerTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.config.ConfigLoader;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.db.PostgresExtension;
import dev.reissued.keys.MasterKey;
import dev.reissued.schedule.JobHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The series that alert rules are written against, read from a real database's rows. */
class ExporterSeriesTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  void certificate(String id, String account) {
    postgres
        .jdbc()
        .update(
            "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status, not_after, first_seen_at, last_synced_at)"
                + " VALUES (?, ?, ?, true, false, 1, ?, ?, ?)",
            id,
            account,
            id + ".example.com",
            now.plus(Duration.ofDays(10)),
            now,
            now);
  }

  long reissue(
      String certificateId, String account, String state, Instant requested, Instant sent) {
    certificate(certificateId, account);
    return postgres
        .jdbc()
        .queryOne(
            "INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type, valid_type,"
                + " requested_at, sent_at, claimed_by) VALUES (?, ?, ?, true, ?, 'Upload', 'DNS_AUTO', ?, ?, 'test')"
                + " RETURNING id",
            row -> row.getLong(1),
            certificateId,
            account,
            certificateId,
            state,
            requested,
            sent)
        .orElseThrow();
  }

  @Test
  void open_reissues_report_when_the_oldest_of_each_state_was_sent_or_else_requested() {
    reissue("unknown1", "main", "unknown", now.minusSeconds(600), now.minusSeconds(590));
    reissue("unknown2", "main", "unknown", now.minusSeconds(300), now.minusSeconds(290));
    reissue("claimed1", "main", "requested", now.minusSeconds(40), null);
    reissue("settled1", "main", "succeeded", now.minusSeconds(9000), now.minusSeconds(9000));

    String page = new ReissuedMetrics(postgres.jdbc()).scrape();

    assertThat(value(page, "reissued_reissues_open{account=\"main\",state=\"unknown\"}"))
        .isEqualTo(2);
    assertThat(
            value(
                page,
                "reissued_reissues_open_oldest_timestamp_seconds{account=\"main\",state=\"unknown\"}"))
        .isEqualTo(now.minusSeconds(590).getEpochSecond());
    assertThat(
            value(
                page,
                "reissued_reissues_open_oldest_timestamp_seconds{account=\"main\",state=\"requested\"}"))
        .isEqualTo(now.minusSeconds(40).getEpochSecond());
  }

  @Test
  void a_settled_open_row_disappears_from_the_open_series_at_the_next_scrape() {
    reissue("unknown1", "main", "unknown", now.minusSeconds(600), now.minusSeconds(590));
    ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());
    assertThat(metrics.scrape()).contains("reissued_reissues_open_oldest_timestamp_seconds{");

    postgres.jdbc().update("UPDATE reissue SET state = 'failed', error_code = 'reissued.Settled'");

    assertThat(metrics.scrape())
        .doesNotContain("reissued_reissues_open_oldest_timestamp_seconds{")
        .contains(
            "reissued_reissue_total{account=\"main\",code=\"reissued.Settled\",outcome=\"failed\"} 1.0");
  }

  @Test
  void deliveries_not_in_place_are_counted_by_the_state_v_deliveries_gives_them() {
    long downloading = reissue("old1", "main", "succeeded", now, now);
    long hookFailed = reissue("old2", "main", "succeeded", now, now);
    long delivered = reissue("old3", "main", "succeeded", now, now);
    postgres
        .jdbc()
        .update(
            "INSERT INTO delivery (reissue_id, certificate_id, attempts, last_error, updated_at, account,"
                + " old_certificate_id, csr_type, domain)"
                + " VALUES (?, 'new1', 2, 'no zip', ?, 'main', 'old1', 'Upload', 'old1.example.com')",
            downloading,
            now);
    for (long id : List.of(hookFailed, delivered)) {
      postgres
          .jdbc()
          .update(
              "INSERT INTO delivery (reissue_id, certificate_id, delivered_at, certificate_pem, chain_pem, key_source,"
                  + " not_after, fingerprint_sha256, hook_status, hook_succeeded_at, updated_at, account,"
                  + " old_certificate_id, csr_type, domain)"
                  + " VALUES (?, ?, ?, 'pem', 'pem', 'local', ?, 'ab', ?, ?, ?, 'main', 'old', 'Upload',"
                  + " 'old.example.com')",
              id,
              "new" + id,
              now,
              now.plus(Duration.ofDays(90)),
              id == hookFailed ? "failed" : "succeeded",
              id == hookFailed ? null : now,
              now);
    }

    String page = new ReissuedMetrics(postgres.jdbc()).scrape();

    assertThat(value(page, "reissued_deliveries_open{account=\"main\",state=\"failing\"}"))
        .isEqualTo(1);
    assertThat(value(page, "reissued_deliveries_open{account=\"main\",state=\"deploy_failing\"}"))
        .isEqualTo(1);
    assertThat(page).doesNotContain("state=\"delivered\"");
  }

  @Test
  void cloud_resources_are_counted_by_type_and_state_and_those_left_on_an_expiring_certificate() {
    certificate("soon1", "main");
    certificate("newer1", "main");
    postgres
        .jdbc()
        .update(
            "INSERT INTO cloud_lineage (lineage_id, account, newest_certificate_id, created_at,"
                + " updated_at) VALUES ('soon1', 'main', 'newer1', ?, ?)",
            now,
            now);
    String binding =
        "INSERT INTO cloud_binding (account, resource_key, resource_type, region, instance_id,"
            + " certificate_id, lineage_id, seen_at) VALUES ('main', ?, ?, ?, ?, ?, 'soon1', ?)";
    postgres.jdbc().update(binding, "k1", "CLB", "ap-guangzhou", "lb-1", "soon1", now);
    postgres.jdbc().update(binding, "k2", "CLB", "ap-shanghai", "lb-2", "soon1", now);
    postgres.jdbc().update(binding, "k3", "CDN", null, "www.example.com", "newer1", now);

    String page = new ReissuedMetrics(postgres.jdbc()).scrape();

    assertThat(
            value(
                page, "reissued_cloud_resources{account=\"main\",state=\"waiting\",type=\"clb\"}"))
        .isEqualTo(2);
    assertThat(
            value(
                page,
                "reissued_cloud_resources{account=\"main\",state=\"on_newest\",type=\"cdn\"}"))
        .isEqualTo(1);
    assertThat(value(page, "reissued_cloud_resources_on_expiring{account=\"main\"}")).isEqualTo(2);
  }

  @Test
  void webhook_messages_count_sent_and_given_up_and_those_waiting_after_a_failed_attempt() {
    long notification =
        postgres
            .jdbc()
            .queryOne(
                "INSERT INTO notification (event_type, subject, account, summary, created_at)"
                    + " VALUES ('reissue_failed', 'x', 'main', 'x', ?) RETURNING id",
                row -> row.getLong(1),
                now)
            .orElseThrow();
    String insert =
        "INSERT INTO notification_delivery (notification_id, webhook, status, attempts, last_error, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)";
    postgres.jdbc().update(insert, notification, "ops", "sent", 1, null, now);
    postgres.jdbc().update(insert, notification, "chat", "failed", 10, "HTTP 500", now);
    long second =
        postgres
            .jdbc()
            .queryOne(
                "INSERT INTO notification (event_type, subject, account, summary, created_at)"
                    + " VALUES ('reissue_failed', 'y', 'main', 'y', ?) RETURNING id",
                row -> row.getLong(1),
                now)
            .orElseThrow();
    postgres.jdbc().update(insert, second, "chat", "pending", 2, "HTTP 502", now);
    postgres.jdbc().update(insert, second, "ops", "pending", 0, null, now);

    String page = new ReissuedMetrics(postgres.jdbc()).scrape();

    assertThat(value(page, "reissued_webhook_messages_total{status=\"sent\",webhook=\"ops\"}"))
        .isEqualTo(1);
    assertThat(value(page, "reissued_webhook_messages_total{status=\"failed\",webhook=\"chat\"}"))
        .isEqualTo(1);
    assertThat(value(page, "reissued_webhook_messages_retrying{webhook=\"chat\"}")).isEqualTo(1);
    assertThat(value(page, "reissued_webhook_messages_retrying{webhook=\"ops\"}")).isZero();
  }

  @Test
  void settings_that_rules_compare_against_follow_the_configuration() throws Exception {
    Path masterKey = directory.resolve("master.key");
    Files.writeString(masterKey, MasterKey.generateBase64());
    Files.setPosixFilePermissions(
        masterKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    ReissuedConfig config =
        new ConfigLoader(Map.of("HOME", "/tmp")::get)
            .parse(
                """
                accounts:
                  - { name: main, secretId: AKIDexample, secretKey: x, timeouts: { connect: 5s, read: 30s } }
                  - { name: shop, secretId: AKIDexample, secretKey: x, timeouts: { connect: 2s, read: 8s } }
                keys: { masterKeyFile: master.key }
                notify: { warnBefore: 10d }
                """,
                directory,
                "test.yaml");
    ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());
    metrics.bindSettings(config);

    String page = metrics.scrape();

    assertThat(value(page, "reissued_warn_before_seconds")).isEqualTo(10 * 86_400);
    assertThat(value(page, "reissued_settling_period_seconds{account=\"main\"}")).isEqualTo(50);
    assertThat(value(page, "reissued_settling_period_seconds{account=\"shop\"}")).isEqualTo(25);
  }

  @Test
  void each_duty_publishes_its_interval_and_its_last_success_and_failure_by_account()
      throws Exception {
    ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());
    metrics.bindJobs(
        new JobHealth(),
        new dev.reissued.config.ScheduleConfig(
            "0 0 * * * ?", "0 */10 * * * ?", "0 0 9 ? * MON-FRI", "*/15 * * * * ?", true),
        List.of("main"));

    String page = metrics.scrape();

    assertThat(value(page, "reissued_job_interval_seconds{account=\"main\",duty=\"sync\"}"))
        .isEqualTo(3600);
    assertThat(value(page, "reissued_job_interval_seconds{account=\"main\",duty=\"renew\"}"))
        .isEqualTo(600);
    assertThat(value(page, "reissued_job_interval_seconds{account=\"main\",duty=\"reconcile\"}"))
        .isEqualTo(15);
    assertThat(page)
        .contains(
            "reissued_job_last_success_timestamp_seconds{account=\"main\",duty=\"sync\"} NaN",
            "reissued_job_last_failure_timestamp_seconds{account=\"main\",duty=\"track\"} NaN");
  }

  @Test
  void a_weekday_schedule_counts_the_weekend_as_its_interval() {
    // Friday 9:00 to Monday 9:00, give or take a daylight saving change in the local zone.
    assertThat(CronIntervals.longestGap("0 0 9 ? * MON-FRI", now))
        .isBetween(Duration.ofDays(3).minusHours(1), Duration.ofDays(3).plusHours(1));
    assertThat(CronIntervals.longestGap("0 */5 * * * ?", now)).isEqualTo(Duration.ofMinutes(5));
  }
}
