package dev.reissued.metrics;

import dev.reissued.db.Jdbc;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/** Each live certificate's expiry and renewal state, labelled so alerts can name it. */
final class CertificateSeries implements DatabaseSeries {
  private final MultiGauge expiration;
  private final MultiGauge renewalState;

  CertificateSeries(MeterRegistry registry) {
    expiration =
        MultiGauge.builder("reissued_certificate_expiration_timestamp_seconds")
            .description("When the certificate expires (not_after), in seconds since the epoch")
            .register(registry);
    renewalState =
        MultiGauge.builder("reissued_certificate_renewal_state")
            .description(
                "1 for the certificate's renewal state (none, requested, succeeded, failed, unknown, reissued, gone)")
            .register(registry);
  }

  @Override
  public void refresh(Jdbc jdbc) {
    List<MultiGauge.Row<?>> expirations = new ArrayList<>();
    List<MultiGauge.Row<?>> states = new ArrayList<>();
    jdbc.query(
        "SELECT account, certificate_id, domain, not_after, renewal_state FROM v_certificates WHERE gone_at IS NULL",
        row -> {
          Tags tags =
              Tags.of(
                  "account",
                  row.getString(1),
                  "certificate_id",
                  row.getString(2),
                  "domain",
                  row.getString(3));
          java.sql.Timestamp notAfter = row.getTimestamp(4);
          if (notAfter != null) {
            expirations.add(MultiGauge.Row.of(tags, notAfter.toInstant().getEpochSecond()));
          }
          states.add(MultiGauge.Row.of(tags.and("state", row.getString(5)), 1));
          return null;
        });
    expiration.register(expirations, true);
    renewalState.register(states, true);
  }
}
