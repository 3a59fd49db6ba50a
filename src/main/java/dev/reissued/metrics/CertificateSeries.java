package dev.reissued.metrics;

import dev.reissued.db.Jdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Each live certificate's expiry and renewal state, labelled so alerts can name it, and every
 * account's certificates counted by days left and state.
 *
 * <p>The per-certificate series are written straight from a cursor on {@code v_certificates}, one
 * pass per family (a family's samples must stay together), so a scrape holds one fetch of rows and
 * registers no meters. Up to {@link Selection#limit()} live certificates all get series; beyond
 * that only those expiring within {@link Selection#window()}, soonest first, at most the limit. The
 * counts ({@code reissued_certificates}) are always served in full: they are a few hundred rows
 * whatever the inventory's size.
 */
final class CertificateSeries implements StreamedSeries {
  static final String EXPIRATION = "reissued_certificate_expiration_timestamp_seconds";
  static final String RENEWAL_STATE = "reissued_certificate_renewal_state";
  static final String COUNTS = "reissued_certificates";
  static final String OMITTED = "reissued_certificate_series_omitted";

  /**
   * Buckets of {@code days_left} (whole days until not_after, rounded down): {@code expired}, then
   * half-open ranges {@code 0-7d} (0 to 6 days left) up to {@code 90d+}; {@code unknown} without an
   * end date.
   */
  static final List<String> BUCKETS =
      List.of("expired", "0-7d", "7-14d", "14-30d", "30-60d", "60-90d", "90d+", "unknown");

  private static final int FETCH_SIZE = 2000;
  // Compared as timestamps, which is what days_left's buckets mean (days_left < 7 is not_after
  // before now + 7 days) at a fraction of the cost of evaluating days_left in every branch.
  private static final String BUCKET =
      "CASE WHEN not_after IS NULL THEN 'unknown' WHEN not_after < now() THEN 'expired'"
          + " WHEN not_after < now() + interval '7 days' THEN '0-7d'"
          + " WHEN not_after < now() + interval '14 days' THEN '7-14d'"
          + " WHEN not_after < now() + interval '30 days' THEN '14-30d'"
          + " WHEN not_after < now() + interval '60 days' THEN '30-60d'"
          + " WHEN not_after < now() + interval '90 days' THEN '60-90d' ELSE '90d+' END";
  private static final String ALL =
      "SELECT account, certificate_id, domain, not_after, renewal_state"
          + " FROM v_certificates WHERE gone_at IS NULL";
  private static final String WITHIN_WINDOW =
      ALL + " AND not_after < now() + ? * interval '1 second'" + " ORDER BY not_after LIMIT ?";

  /** Which certificates get their own series. */
  record Selection(int limit, Duration window) {}

  private record Count(String account, String bucket, String state, long count) {}

  private volatile Selection selection;

  CertificateSeries(Selection selection) {
    this.selection = selection;
  }

  void select(Selection selection) {
    this.selection = selection;
  }

  @Override
  public Rendering prepare(Jdbc.Handle handle) {
    Selection chosen = selection;
    List<Count> counts =
        new ArrayList<>(
            handle.query(
                "SELECT account, "
                    + BUCKET
                    + " AS bucket, renewal_state, count(*) AS certificates"
                    + " FROM v_certificates WHERE gone_at IS NULL GROUP BY 1, 2, 3",
                row ->
                    new Count(
                        row.getString("account"),
                        row.getString("bucket"),
                        row.getString("renewal_state"),
                        row.getLong("certificates"))));
    counts.sort(
        Comparator.comparing(Count::account)
            .thenComparing(count -> BUCKETS.indexOf(count.bucket()))
            .thenComparing(Count::state));
    long live = counts.stream().mapToLong(Count::count).sum();
    return text -> {
      text.family(
          COUNTS,
          "gauge",
          "Live certificates by account, days left until expiry (bucket: expired, 0-7d, ..., 90d+,"
              + " unknown) and renewal state");
      for (Count count : counts) {
        text.sample(
            COUNTS,
            count.count(),
            "account",
            count.account(),
            "bucket",
            count.bucket(),
            "state",
            count.state());
      }
      long served = writeCertificates(handle, text, chosen, live);
      text.family(
          OMITTED,
          "gauge",
          "Live certificates left without per-certificate series by metrics.certificateSeries");
      text.sample(OMITTED, live - served);
    };
  }

  /** Both per-certificate families; answers how many certificates they cover. */
  private static long writeCertificates(
      Jdbc.Handle handle, PrometheusText text, Selection chosen, long live) throws IOException {
    boolean everyCertificate = live <= chosen.limit();
    String sql = everyCertificate ? ALL : WITHIN_WINDOW;
    Object[] parameters =
        everyCertificate
            ? new Object[0]
            : new Object[] {chosen.window().toSeconds(), chosen.limit()};
    long[] served = {0};
    text.family(
        EXPIRATION,
        "gauge",
        "When the certificate expires (not_after), in seconds since the epoch");
    stream(
        handle,
        sql,
        parameters,
        row -> {
          served[0]++;
          Timestamp notAfter = row.getTimestamp(4);
          if (notAfter != null) {
            text.sample(
                EXPIRATION,
                Math.floorDiv(notAfter.getTime(), 1000),
                "account",
                row.getString(1),
                "certificate_id",
                row.getString(2),
                "domain",
                row.getString(3));
          }
        });
    text.family(
        RENEWAL_STATE,
        "gauge",
        "1 for the certificate's renewal state (none, requested, succeeded, failed, unknown,"
            + " reissued, gone)");
    stream(
        handle,
        sql,
        parameters,
        row ->
            text.sample(
                RENEWAL_STATE,
                1L,
                "account",
                row.getString(1),
                "certificate_id",
                row.getString(2),
                "domain",
                row.getString(3),
                "state",
                row.getString(5)));
    return served[0];
  }

  @FunctionalInterface
  private interface RowWriter {
    void write(ResultSet row) throws SQLException, IOException;
  }

  private static void stream(Jdbc.Handle handle, String sql, Object[] parameters, RowWriter writer)
      throws IOException {
    try {
      handle.forEachRow(
          sql,
          FETCH_SIZE,
          row -> {
            try {
              writer.write(row);
            } catch (IOException failure) {
              throw new UncheckedIOException(failure);
            }
          },
          parameters);
    } catch (UncheckedIOException failure) {
      throw failure.getCause();
    }
  }
}
