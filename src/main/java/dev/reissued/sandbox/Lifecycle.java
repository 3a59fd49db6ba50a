package dev.reissued.sandbox;

import java.time.Duration;
import java.time.Instant;

/**
 * How the sandbox's clock moves a certificate on: from reviewing to issued, from issued to expired.
 */
final class Lifecycle {
  private Lifecycle() {}

  /**
   * The certificate as the clock finds it: issued once validated, expired once past its end. An
   * issued certificate ends {@code keptEnd} when given (never before it starts), else after the
   * validity of its kind.
   */
  static SandboxCertificate settle(SandboxCertificate certificate, Instant now, Instant keptEnd) {
    if (certificate.status() == SandboxCertificate.STATUS_REVIEWING
        && certificate.issueAt() != null) {
      Instant issueAt = certificate.issueAt();
      if (!now.isBefore(issueAt)) {
        Duration validity =
            certificate.isFree() ? SandboxStore.FREE_VALIDITY : SandboxStore.PAID_VALIDITY;
        Instant notAfter = keptEnd == null ? issueAt.plus(validity) : keptEnd;
        return settle(
            certificate.toBuilder()
                .status(SandboxCertificate.STATUS_ISSUED)
                .statusMsg(null)
                .validity(issueAt, notAfter.isBefore(issueAt) ? issueAt : notAfter)
                .issueAt(null)
                .build(),
            now,
            null);
      }
      Instant inserted = certificate.insertTime() == null ? issueAt : certificate.insertTime();
      Instant halfway = inserted.plus(Duration.between(inserted, issueAt).dividedBy(2));
      String message = now.isBefore(halfway) ? "PENDING-DCV" : "WAIT-ISSUE";
      return message.equals(certificate.statusMsg())
          ? certificate
          : certificate.toBuilder().statusMsg(message).build();
    }
    if (certificate.status() == SandboxCertificate.STATUS_ISSUED
        && certificate.notAfter() != null
        && now.isAfter(certificate.notAfter())) {
      return certificate.toBuilder().status(SandboxCertificate.STATUS_EXPIRED).build();
    }
    return certificate;
  }
}
