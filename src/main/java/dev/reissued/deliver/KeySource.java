package dev.reissued.deliver;

import java.util.Locale;

/** Where the private key of a delivered certificate came from. */
public enum KeySource {
  /** Made on this host for a {@code Upload} re-issue, sealed since before the request left. */
  LOCAL,
  /** Made by Tencent for an {@code Online} re-issue: opened from the archive and sealed here. */
  TENCENT,
  /** None on record: an {@code Original} re-issue reuses the original CSR and so its key. */
  NONE;

  /** The value of the {@code key_source} column and of {@code REISSUED_KEY_SOURCE}. */
  public String sql() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static KeySource fromSql(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
