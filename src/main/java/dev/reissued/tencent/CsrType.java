package dev.reissued.tencent;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where the re-issued certificate's key comes from ({@code CsrType}). Sent in lower case, as the
 * API documentation writes the values.
 */
public enum CsrType {
  /** Reuse the original certificate's CSR (and so its key). */
  ORIGINAL,
  /** A CSR made here; the private key never leaves this host. */
  UPLOAD,
  /** Tencent generates the key, protected with {@code CsrkeyPassword}. */
  ONLINE;

  @JsonValue
  public String apiValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
