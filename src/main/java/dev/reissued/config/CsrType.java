package dev.reissued.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the key and CSR of a re-issue are made: the API's {@code CsrType}. Configured as written here
 * ({@code Upload}); sent in lower case ({@code upload}), as the API documentation writes it.
 */
public enum CsrType {
  /** reissued makes the key pair and CSR; the private key never leaves the host. */
  Upload,
  /** Tencent makes the key, protected by a CsrkeyPassword reissued generates. */
  Online,
  /** Tencent reuses the original CSR (and so its key). */
  Original;

  @JsonValue
  public String apiValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
