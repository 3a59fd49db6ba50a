package dev.reissued.renewal;

import java.util.Locale;

/** What a ledger row asks of Tencent; the values of {@code reissue.kind}. */
public enum Action {
  /** ReplaceCertificate: re-issue the certificate (a free order allows one). */
  REISSUE,
  /** ApplyCertificate with OldCertificateId: a new free certificate renewing the old one. */
  APPLY;

  public String sql() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Action fromSql(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
