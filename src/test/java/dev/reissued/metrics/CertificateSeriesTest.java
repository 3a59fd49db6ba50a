package dev.reissued.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.db.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-certificate series and the per-account counts, written from the database into the page
 * without meters, read back as Prometheus parses them.
 */
class CertificateSeriesTest {
  static final String EXPIRATION = "reissued_certificate_expiration_timestamp_seconds";
  static final String STATE = "reissued_certificate_renewal_state";

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  void certificate(String id, String account, String domain, Instant notAfter) {
    postgres
        .jdbc()
        .update(
            "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status,"
                + " not_after, first_seen_at, last_synced_at) VALUES (?, ?, ?, true, false, 1, ?, ?, ?)",
            id,
            account,
            domain,
            notAfter,
            now,
            now);
  }

  void certificate(String id, String account, Duration left) {
    certificate(id, account, id + ".example.com", now.plus(left));
  }

  void reissue(String certificateId, String account, String state) {
    postgres
        .jdbc()
        .update(
            "INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type,"
                + " valid_type, requested_at, sent_at, claimed_by)"
                + " VALUES (?, ?, ?, true, ?, 'Upload', 'DNS_AUTO', ?, ?, 'test')",
            certificateId,
            account,
            certificateId,
            state,
            now,
            now);
  }

  static List<String> ids(PrometheusPage page, String family) {
    return page.named(family).stream()
        .map(sample -> sample.labels().get("certificate_id"))
        .toList();
  }

  PrometheusPage scrape(ReissuedMetrics metrics) {
    return PrometheusPage.parse(metrics.scrape());
  }

  static Map<String, String> labels(String... namesAndValues) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int index = 0; index < namesAndValues.length; index += 2) {
      labels.put(namesAndValues[index], namesAndValues[index + 1]);
    }
    return labels;
  }

  @Test
  void each_live_certificate_has_its_expiry_and_its_one_renewal_state_under_its_labels() {
    certificate("a1", "main", "www.example.com", now.plus(Duration.ofDays(10)));
    certificate("a2", "main", "api.example.com", now.plus(Duration.ofDays(80)));
    certificate("b1", "other", "b.example.org", now.minus(Duration.ofDays(2)));
    certificate("gone1", "main", "gone.example.com", now.plus(Duration.ofDays(5)));
    postgres
        .jdbc()
        .update("UPDATE certificate SET gone_at = ? WHERE certificate_id = 'gone1'", now);
    reissue("a1", "main", "failed");

    PrometheusPage page = scrape(new ReissuedMetrics(postgres.jdbc()));

    assertThat(page.named(EXPIRATION))
        .extracting(PrometheusPage.Sample::labels)
        .containsExactlyInAnyOrder(
            labels("account", "main", "certificate_id", "a1", "domain", "www.example.com"),
            labels("account", "main", "certificate_id", "a2", "domain", "api.example.com"),
            labels("account", "other", "certificate_id", "b1", "domain", "b.example.org"));
    assertThat(page.value(EXPIRATION, labels("certificate_id", "a1")))
        .isEqualTo(now.plus(Duration.ofDays(10)).getEpochSecond());
    assertThat(page.value(EXPIRATION, labels("certificate_id", "b1")))
        .isEqualTo(now.minus(Duration.ofDays(2)).getEpochSecond());
    assertThat(page.named(STATE))
        .extracting(PrometheusPage.Sample::labels)
        .containsExactlyInAnyOrder(
            labels(
                "account",
                "main",
                "certificate_id",
                "a1",
                "domain",
                "www.example.com",
                "state",
                "failed"),
            labels(
                "account",
                "main",
                "certificate_id",
                "a2",
                "domain",
                "api.example.com",
                "state",
                "none"),
            labels(
                "account",
                "other",
                "certificate_id",
                "b1",
                "domain",
                "b.example.org",
                "state",
                "none"));
    assertThat(page.named(STATE)).allSatisfy(sample -> assertThat(sample.value()).isEqualTo(1));
    assertThat(page.value(CertificateSeries.OMITTED, Map.of())).isZero();
  }

  @Test
  void odd_domains_are_escaped_so_that_prometheus_reads_back_the_exact_label_value() {
    String[] domains = {
      "quote\"d.example.com",
      "back\\slash.example.com",
      "new\nline.example.com",
      "*.例え.jp",
      "comma,and}brace=.example.com",
      ""
    };
    for (int index = 0; index < domains.length; index++) {
      certificate("odd" + index, "main", domains[index], now.plus(Duration.ofDays(index + 1)));
    }

    String text = new ReissuedMetrics(postgres.jdbc()).scrape();
    PrometheusPage page = PrometheusPage.parse(text);

    for (int index = 0; index < domains.length; index++) {
      String id = "odd" + index;
      assertThat(page.named(EXPIRATION))
          .filteredOn(sample -> sample.labels().get("certificate_id").equals(id))
          .extracting(sample -> sample.labels().get("domain"))
          .containsExactly(domains[index]);
    }
    assertThat(text)
        .contains("domain=\"quote\\\"d.example.com\"")
        .contains("domain=\"back\\\\slash.example.com\"")
        .contains("domain=\"new\\nline.example.com\"")
        .contains("domain=\"*.例え.jp\"");
  }

  @Test
  void up_to_the_limit_every_live_certificate_has_series_whatever_its_expiry() {
    certificate("soon", "main", Duration.ofDays(3));
    certificate("later", "main", Duration.ofDays(200));
    certificate("latest", "main", Duration.ofDays(390));
    ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());
    metrics.limitCertificateSeries(3, Duration.ofDays(60));

    PrometheusPage page = scrape(metrics);

    assertThat(ids(page, EXPIRATION)).containsExactlyInAnyOrder("soon", "later", "latest");
    assertThat(page.value(CertificateSeries.OMITTED, Map.of())).isZero();
  }

  @Test
  void beyond_the_limit_only_certificates_within_the_window_have_series_soonest_first() {
    certificate("expired", "main", Duration.ofDays(-1));
    certificate("in5", "main", Duration.ofDays(5));
    certificate("in20", "other", Duration.ofDays(20));
    certificate("in59", "main", Duration.ofDays(59));
    certificate("in61", "main", Duration.ofDays(61));
    certificate("in300", "other", Duration.ofDays(300));
    ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());

    metrics.limitCertificateSeries(5, Duration.ofDays(60));
    PrometheusPage windowed = scrape(metrics);
    metrics.limitCertificateSeries(2, Duration.ofDays(60));
    PrometheusPage capped = scrape(metrics);

    assertThat(ids(windowed, EXPIRATION)).containsExactly("expired", "in5", "in20", "in59");
    assertThat(ids(windowed, STATE)).containsExactly("expired", "in5", "in20", "in59");
    assertThat(windowed.value(CertificateSeries.OMITTED, Map.of())).isEqualTo(2);
    assertThat(ids(capped, EXPIRATION)).containsExactly("expired", "in5");
    assertThat(capped.value(CertificateSeries.OMITTED, Map.of())).isEqualTo(4);
  }

  @Test
  void every_account_counts_its_live_certificates_by_days_left_and_state_whatever_the_limit() {
    certificate("expired", "main", Duration.ofDays(-3));
    certificate("d0", "main", Duration.ofHours(5));
    certificate("d6", "main", Duration.ofDays(6).plusHours(12));
    certificate("d7", "main", Duration.ofDays(7).plusHours(1));
    certificate("d20a", "main", Duration.ofDays(20));
    certificate("d20b", "main", Duration.ofDays(20));
    certificate("d45", "main", Duration.ofDays(45));
    certificate("d75", "other", Duration.ofDays(75));
    certificate("d120", "other", Duration.ofDays(120));
    certificate("gone", "other", Duration.ofDays(120));
    postgres.jdbc().update("UPDATE certificate SET gone_at = ? WHERE certificate_id = 'gone'", now);
    postgres
        .jdbc()
        .update(
            "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded,"
                + " first_seen_at, last_synced_at) VALUES ('undated', 'other', 'u.example.com',"
                + " false, true, ?, ?)",
            now,
            now);
    reissue("d20b", "main", "succeeded");
    ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());
    metrics.limitCertificateSeries(0, Duration.ofDays(1));

    PrometheusPage page = scrape(metrics);

    String counts = CertificateSeries.COUNTS;
    assertThat(page.named(counts)).hasSize(9);
    assertThat(page.value(counts, labels("account", "main", "bucket", "expired", "state", "none")))
        .isEqualTo(1);
    assertThat(page.value(counts, labels("account", "main", "bucket", "0-7d", "state", "none")))
        .isEqualTo(2);
    assertThat(page.value(counts, labels("account", "main", "bucket", "7-14d", "state", "none")))
        .isEqualTo(1);
    assertThat(page.value(counts, labels("account", "main", "bucket", "14-30d", "state", "none")))
        .isEqualTo(1);
    assertThat(
            page.value(counts, labels("account", "main", "bucket", "14-30d", "state", "succeeded")))
        .isEqualTo(1);
    assertThat(page.value(counts, labels("account", "main", "bucket", "30-60d", "state", "none")))
        .isEqualTo(1);
    assertThat(page.value(counts, labels("account", "other", "bucket", "60-90d", "state", "none")))
        .isEqualTo(1);
    assertThat(page.value(counts, labels("account", "other", "bucket", "90d+", "state", "none")))
        .isEqualTo(1);
    assertThat(page.value(counts, labels("account", "other", "bucket", "unknown", "state", "none")))
        .isEqualTo(1);
    assertThat(page.named(EXPIRATION)).isEmpty();
    assertThat(page.value(CertificateSeries.OMITTED, Map.of())).isEqualTo(10);
  }

  @Test
  void a_scrape_registers_no_meters_however_many_certificates_there_are() {
    for (int index = 0; index < 50; index++) {
      certificate("c" + index, "account" + (index % 3), Duration.ofDays(index));
    }
    reissue("c1", "account1", "unknown");
    ReissuedMetrics metrics = new ReissuedMetrics(postgres.jdbc());
    String first = metrics.scrape();
    // The JVM's own meters come and go with the JVM (a GC pause of a new cause registers a timer);
    // reissued's must not grow with the certificates.
    long meters = reissuedMeters(metrics);

    for (int index = 50; index < 150; index++) {
      certificate("c" + index, "account" + (index % 3), Duration.ofDays(index));
    }
    String second = metrics.scrape();
    String third = metrics.scrape();

    assertThat(reissuedMeters(metrics)).isEqualTo(meters);
    assertThat(PrometheusPage.parse(first).named(EXPIRATION)).hasSize(50);
    assertThat(PrometheusPage.parse(second).named(EXPIRATION)).hasSize(150);
    assertThat(PrometheusPage.parse(third).named(STATE)).hasSize(150);
    assertThat(metrics.registry().scrape()).doesNotContain("certificate_id=");
  }

  private static long reissuedMeters(ReissuedMetrics metrics) {
    return metrics.registry().getMeters().stream()
        .filter(meter -> meter.getId().getName().startsWith("reissued"))
        .count();
  }
}
