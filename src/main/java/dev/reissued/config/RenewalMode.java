package dev.reissued.config;

/**
 * How a free certificate is renewed ({@code renewal.mode}, per rule too). Paid certificates are
 * always re-issued: reissued never buys one.
 */
public enum RenewalMode {
  /** Re-issue only, as Tencent allows once per free order. */
  reissue,
  /** Always apply for a new free certificate (ApplyCertificate with OldCertificateId). */
  apply,
  /**
   * Re-issue while the free re-issue is unused; apply when it is used, or when a re-issue did not
   * extend validity. Once an account has shown that a re-issue keeps the end date, apply straight
   * away for its free certificates.
   */
  auto
}
