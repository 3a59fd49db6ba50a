package dev.reissued.metrics;

import dev.reissued.inventory.CertificateStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Each live certificate's expiry and renewal state, labelled so alerts can name it. */
final class CertificateSeries implements DatabaseSeries {
  private final MultiGauge expiration;
  private final MultiGauge renewalState;
  private final Supplier<List<CertificateStatus>> certificates;

  CertificateSeries(MeterRegistry registry, Supplier<List<CertificateStatus>> certificates) {
    this.certificates = certificates;
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
  public void refresh() {
    List<MultiGauge.Row<?>> expirations = new ArrayList<>();
    List<MultiGauge.Row<?>> states = new ArrayList<>();
    for (CertificateStatus certificate : certificates.get()) {
      Tags tags =
          Tags.of(
              "account",
              certificate.account(),
              "certificate_id",
              certificate.certificateId(),
              "domain",
              certificate.domain());
      if (certificate.notAfter() != null) {
        expirations.add(MultiGauge.Row.of(tags, certificate.notAfter().getEpochSecond()));
      }
      states.add(MultiGauge.Row.of(tags.and("state", certificate.renewalState()), 1));
    }
    expiration.register(expirations, true);
    renewalState.register(states, true);
  }
}
