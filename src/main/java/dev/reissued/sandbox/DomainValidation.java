package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * Domain validation as the sandbox models it. A reviewing certificate with an {@code issueAt} has
 * its records where the CA will find them, and is issued at that instant: DNS_AUTO certificates
 * (Tencent adds the record) and re-issues get one when made; an applied DNS or FILE certificate
 * gets one only when its records are published ({@link Sandbox#publishValidation}), as the CA then
 * finds them on its own after the issue delay. The answers where the documents are silent:
 *
 * <ul>
 *   <li>CheckCertificateDomainVerification answers for a reviewing or issued certificate, one
 *       result per name: {@code LocalCheck} 1 when published, else -1 (DNS, "txt record not found")
 *       or -4 (FILE, "file not found"); {@code CaCheck} 2 once issued, else -1. Other statuses:
 *       {@code FailedOperation.CertificateStatusNotAllowVerify}.
 *   <li>CompleteCertificate issues a reviewing certificate whose records are published at once. One
 *       whose records are not published stays reviewing, and the call still succeeds: it only asks
 *       the CA to look now. A certificate that is not reviewing: {@code
 *       FailedOperation.CertificateStatusNotAllowVerify}.
 * </ul>
 */
final class DomainValidation {
  private DomainValidation() {}

  static boolean published(SandboxCertificate certificate) {
    return certificate.status() == SandboxCertificate.STATUS_ISSUED
        || certificate.status() == SandboxCertificate.STATUS_REVIEWING
            && certificate.issueAt() != null;
  }

  /** CheckCertificateDomainVerification's answer, without the RequestId. */
  static ObjectNode check(SandboxCertificate certificate) {
    if (certificate.status() != SandboxCertificate.STATUS_REVIEWING
        && certificate.status() != SandboxCertificate.STATUS_ISSUED) {
      throw notAllowed(certificate);
    }
    boolean published = published(certificate);
    boolean issued = certificate.status() == SandboxCertificate.STATUS_ISSUED;
    boolean file = "FILE".equals(certificate.verifyType());
    ObjectNode response = CertificateJson.JSON.createObjectNode();
    ArrayNode results = response.putArray("VerificationResults");
    for (String name : certificate.names()) {
      ObjectNode result = results.addObject();
      result.put("Domain", name);
      result.put("VerifyType", certificate.verifyType());
      result.put("LocalCheck", published ? 1 : file ? -4 : -1);
      result.put("CaCheck", issued ? 2 : -1);
      result.put(
          "LocalCheckFailReason",
          published ? "" : file ? "file not found" : "txt record not found");
      ArrayNode values = result.putArray("CheckValue");
      if (published) {
        values.add(CertificateJson.dvAuthValue(certificate));
      }
      result.put("Frequently", false);
      result.put("Issued", issued);
    }
    return response;
  }

  /** The certificate after CompleteCertificate: issued now if its records are published. */
  static SandboxCertificate complete(SandboxCertificate certificate, Instant now) {
    if (certificate.status() != SandboxCertificate.STATUS_REVIEWING) {
      throw notAllowed(certificate);
    }
    if (!published(certificate) || !certificate.issueAt().isAfter(now)) {
      return certificate;
    }
    return certificate.toBuilder().issueAt(now).build();
  }

  /** The certificate once its records are published: the CA finds them after {@code delay}. */
  static SandboxCertificate publish(SandboxCertificate certificate, Instant now, Duration delay) {
    if (published(certificate)) {
      return certificate;
    }
    if (certificate.status() != SandboxCertificate.STATUS_REVIEWING) {
      throw new IllegalStateException(
          "certificate "
              + certificate.id()
              + " is "
              + CertificateJson.statusName(certificate.status())
              + ", not waiting for validation");
    }
    return certificate.toBuilder().issueAt(now.plus(delay)).build();
  }

  private static SandboxError notAllowed(SandboxCertificate certificate) {
    return new SandboxError(
        "FailedOperation.CertificateStatusNotAllowVerify",
        "The certificate's current status ("
            + CertificateJson.statusName(certificate.status())
            + ") does not allow domain verification.");
  }
}
