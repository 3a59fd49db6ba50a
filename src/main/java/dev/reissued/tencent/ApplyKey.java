package dev.reissued.tencent;

import java.util.Locale;

/**
 * The keys ApplyCertificate lets Tencent make for a free certificate ({@code CsrEncryptAlgo} and
 * {@code CsrKeyParameter}): RSA 2048 or ECC prime256v1, nothing else.
 */
public enum ApplyKey {
  RSA_2048("RSA", "2048"),
  ECC_P256("ECC", "prime256v1");

  private final String encryptAlgo;
  private final String keyParameter;

  ApplyKey(String encryptAlgo, String keyParameter) {
    this.encryptAlgo = encryptAlgo;
    this.keyParameter = keyParameter;
  }

  /** {@code CsrEncryptAlgo}: RSA or ECC. */
  public String encryptAlgo() {
    return encryptAlgo;
  }

  /** {@code CsrKeyParameter}: 2048 or prime256v1. */
  public String keyParameter() {
    return keyParameter;
  }

  /**
   * The key for an algorithm and parameter as a renewal rule names them (case-insensitive; a
   * missing parameter means the algorithm's only one), or an error that says what is allowed.
   */
  public static ApplyKey of(String algorithm, String parameter) {
    String name = algorithm == null ? "" : algorithm.strip().toUpperCase(Locale.ROOT);
    String value = parameter == null ? "" : parameter.strip().toLowerCase(Locale.ROOT);
    for (ApplyKey key : values()) {
      if (key.encryptAlgo.equals(name) && (value.isEmpty() || key.keyParameter.equals(value))) {
        return key;
      }
    }
    throw new IllegalArgumentException(
        "ApplyCertificate makes free certificates with RSA 2048 or ECC prime256v1 keys only, not "
            + (algorithm == null ? "no algorithm" : algorithm.strip())
            + (value.isEmpty() ? "" : " " + parameter.strip()));
  }

  @Override
  public String toString() {
    return encryptAlgo + " " + keyParameter;
  }
}
