package dev.reissued.renewal;

import dev.reissued.tencent.Certificate;
import dev.reissued.tencent.CertificateDetail;
import dev.reissued.tencent.DescribeCertificatesRequest;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the API shows of a request that may have been carried out without an answer reaching us: the
 * certificate it made. Reconciliation, recovery and an operator's {@code resolve} ask here; nothing
 * here sends anything that changes state.
 */
final class Evidence {
  /** How far the API's InsertTime may run behind our sent_at (clocks, the API's bookkeeping). */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private Evidence() {}

  /**
   * The certificate a ledger row's request made, if the API shows it.
   *
   * @throws TencentApiException when the API cannot say
   */
  static Optional<String> of(ReissueRecord row, String domain, TencentClient client) {
    return row.action() == Action.APPLY
        ? appliedFor(row.certificateId(), domain, row.sentAt(), client)
        : reissueOf(row.certificateId(), client);
  }

  /** The certificate that re-issues {@code certificateId}: its ReplacedFor, or a ReplacedBy. */
  static Optional<String> reissueOf(String certificateId, TencentClient client) {
    CertificateDetail detail = client.describeCertificateDetail(certificateId);
    String replacedFor = detail.certificate().certificateExtra().replacedFor();
    if (replacedFor != null && !replacedFor.isBlank()) {
      return Optional.of(replacedFor);
    }
    return sameDomain(detail.certificate().domain(), client).stream()
        .filter(candidate -> certificateId.equals(candidate.certificateExtra().replacedBy()))
        .map(Certificate::certificateId)
        .findFirst();
  }

  /**
   * The certificate an ApplyCertificate renewing {@code oldCertificateId} made: the one whose
   * OriginCertificateId names it; failing that, a free certificate for the same domain inserted
   * since the request was sent (the earliest), as the API may fill the link in late.
   */
  static Optional<String> appliedFor(
      String oldCertificateId, String domain, Instant sentAt, TencentClient client) {
    List<Certificate> candidates = sameDomain(domain, client);
    Optional<String> linked =
        candidates.stream()
            .filter(c -> oldCertificateId.equals(c.certificateExtra().originCertificateId()))
            // Re-issues name their original as OriginCertificateId too.
            .filter(c -> blank(c.certificateExtra().replacedBy()))
            .map(Certificate::certificateId)
            .findFirst();
    if (linked.isPresent() || sentAt == null) {
      return linked;
    }
    Instant since = sentAt.minus(CLOCK_SKEW);
    return candidates.stream()
        .filter(c -> !c.certificateId().equals(oldCertificateId))
        .filter(c -> blank(c.certificateExtra().replacedBy()))
        .filter(c -> domain.equalsIgnoreCase(c.domain()) && c.isFree())
        .filter(c -> c.insertTime() != null && !c.insertTime().isBefore(since))
        .min(Comparator.comparing(Certificate::insertTime))
        .map(Certificate::certificateId);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static List<Certificate> sameDomain(String domain, TencentClient client) {
    if (domain == null || domain.isBlank()) {
      return List.of();
    }
    return client
        .describeCertificates(
            DescribeCertificatesRequest.page(0, DescribeCertificatesRequest.MAX_LIMIT)
                .withSearchKey(domain))
        .certificates();
  }
}
