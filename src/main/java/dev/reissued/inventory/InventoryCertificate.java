package dev.reissued.inventory;

import java.time.Instant;
import java.util.List;

/** One certificate as the inventory holds it (a row of {@code certificate}). */
public record InventoryCertificate(
    String certificateId,
    String account,
    String domain,
    List<String> altNames,
    Integer status,
    String statusName,
    String source,
    String packageType,
    boolean free,
    boolean uploaded,
    String encryptAlgorithm,
    Instant notBefore,
    Instant notAfter,
    String replacedBy,
    String replacedFor,
    Instant goneAt,
    String originCertificateId) {

  public static final int STATUS_ISSUED = 1;

  public InventoryCertificate {
    altNames = altNames == null ? List.of() : List.copyOf(altNames);
  }

  /** One that no ApplyCertificate made. */
  public InventoryCertificate(
      String certificateId,
      String account,
      String domain,
      List<String> altNames,
      Integer status,
      String statusName,
      String source,
      String packageType,
      boolean free,
      boolean uploaded,
      String encryptAlgorithm,
      Instant notBefore,
      Instant notAfter,
      String replacedBy,
      String replacedFor,
      Instant goneAt) {
    this(
        certificateId,
        account,
        domain,
        altNames,
        status,
        statusName,
        source,
        packageType,
        free,
        uploaded,
        encryptAlgorithm,
        notBefore,
        notAfter,
        replacedBy,
        replacedFor,
        goneAt,
        null);
  }

  /**
   * Whether an ApplyCertificate made this one to renew another (its OriginCertificateId). Tencent
   * sets OriginCertificateId on re-issues too; a re-issue is a re-issue.
   */
  public boolean isRenewalOfAnother() {
    return originCertificateId != null && !originCertificateId.isEmpty() && !isReissueOfAnother();
  }

  /**
   * The member of the lineage before this one: the certificate it re-issues, or the one it renews
   * by ApplyCertificate; null for the first.
   */
  public String predecessor() {
    return isReissueOfAnother() ? replacedBy : isRenewalOfAnother() ? originCertificateId : null;
  }

  public boolean isGone() {
    return goneAt != null;
  }

  /** The certificate this one is a re-issue of, if any (the API's {@code ReplacedBy}). */
  public boolean isReissueOfAnother() {
    return replacedBy != null && !replacedBy.isEmpty();
  }

  /** The certificate that re-issues this one, if any (the API's {@code ReplacedFor}). */
  public boolean hasBeenReissued() {
    return replacedFor != null && !replacedFor.isEmpty();
  }
}
