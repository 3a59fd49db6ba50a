package dev.reissued.tencent;

/**
 * The lineage part of {@code CertificateExtra}. {@code replacedBy} on a new certificate names the
 * one it re-issues; {@code replacedFor} on the old one names its successor.
 */
public record CertificateExtra(
    String replacedBy, String replacedFor, String originCertificateId, String renewOrder) {
  public static final CertificateExtra NONE = new CertificateExtra(null, null, null, null);
}
