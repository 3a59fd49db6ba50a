package dev.reissued.tencent;

import java.time.Instant;
import java.util.List;

/**
 * One certificate as DescribeCertificates (or DescribeCertificateDetail) returns it. Fields the API
 * left out or sent unreadable are null; {@code raw} is the object exactly as received (minus any
 * private key), for storage and reference.
 */
public record Certificate(
    String certificateId,
    String domain,
    List<String> subjectAltName,
    String alias,
    Long status,
    String statusName,
    String statusMsg,
    String from,
    String packageType,
    String packageTypeName,
    Boolean isDv,
    Boolean isVip,
    String encryptAlgorithm,
    String certificateType,
    String verifyType,
    Instant certBeginTime,
    Instant certEndTime,
    Instant insertTime,
    String projectId,
    Boolean renewAble,
    Boolean isExpiring,
    Boolean allowDownload,
    CertificateExtra certificateExtra,
    String raw) {
  /** Status 1: issued. */
  public static final long STATUS_ISSUED = 1;

  public Certificate {
    subjectAltName = subjectAltName == null ? List.of() : List.copyOf(subjectAltName);
    certificateExtra = certificateExtra == null ? CertificateExtra.NONE : certificateExtra;
  }

  /** TrustAsia's free products: {@code PackageType} "2" (TLS RSA CA) and "83" (C1 DV Free). */
  public boolean isFree() {
    return "2".equals(packageType) || "83".equals(packageType);
  }

  /** A certificate the user uploaded: Tencent did not issue it and cannot re-issue it. */
  public boolean isUploaded() {
    return "upload".equalsIgnoreCase(from) || packageType == null;
  }

  public boolean isIssued() {
    return status != null && status == STATUS_ISSUED;
  }
}
