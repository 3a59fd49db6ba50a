package dev.reissued.config;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.reissued.keys.KeyAlgorithm;
import dev.reissued.keys.KeySpec;
import java.util.Locale;
import java.util.Optional;

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

  /**
   * Why a certificate cannot be re-issued this way with {@code key}, or empty when it can. Tencent
   * generates RSA 2048 or 4096 only ({@code CertCSRKeyParameter}); 3072 works with Upload.
   */
  public Optional<String> keyProblem(KeySpec key) {
    if (this == Online && key.algorithm() == KeyAlgorithm.RSA && key.parameter().equals("3072")) {
      return Optional.of(
          "RSA 3072 cannot be used with csrType Online (Tencent generates RSA 2048 or 4096);"
              + " use csrType Upload or another size");
    }
    return Optional.empty();
  }
}
