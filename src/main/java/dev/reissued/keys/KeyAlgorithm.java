package dev.reissued.keys;

import java.util.List;

/** The key algorithms Tencent Cloud re-issues with, and the parameters each allows. */
public enum KeyAlgorithm {
  RSA(List.of("2048", "3072", "4096"), "key size"),
  ECC(List.of("prime256v1", "secp384r1"), "curve"),
  SM2(List.of("sm2p256v1"), "curve");

  private final List<String> parameters;
  private final String parameterName;

  KeyAlgorithm(List<String> parameters, String parameterName) {
    this.parameters = parameters;
    this.parameterName = parameterName;
  }

  /** The allowed parameters, the default first. */
  public List<String> parameters() {
    return parameters;
  }

  public String defaultParameter() {
    return parameters.get(0);
  }

  /** "key size" for RSA, "curve" for the elliptic ones: the word an error message should use. */
  public String parameterName() {
    return parameterName;
  }

  /** Case-insensitive lookup with a message that lists what is allowed. */
  public static KeyAlgorithm parse(String text) {
    for (KeyAlgorithm algorithm : values()) {
      if (algorithm.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return algorithm;
      }
    }
    throw new KeyException("key algorithm '" + text + "' is not supported; use RSA, ECC or SM2");
  }
}
