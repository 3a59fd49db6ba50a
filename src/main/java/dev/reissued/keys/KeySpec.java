package dev.reissued.keys;

import java.util.List;

/**
 * An algorithm and its parameter (RSA key size or curve name), validated on construction so that no
 * code path can hold a key specification Tencent Cloud would refuse.
 */
public record KeySpec(KeyAlgorithm algorithm, String parameter) {

  /** Free certificates are re-issued as RSA 2048 only. */
  public static final KeySpec RSA_2048 = new KeySpec(KeyAlgorithm.RSA, "2048");

  public static final KeySpec ECC_P256 = new KeySpec(KeyAlgorithm.ECC, "prime256v1");

  public KeySpec {
    if (algorithm == null) {
      throw new KeyException("key algorithm is missing; use RSA, ECC or SM2");
    }
    if (parameter == null || parameter.isBlank()) {
      parameter = algorithm.defaultParameter();
    }
    parameter = parameter.trim();
    if (algorithm != KeyAlgorithm.RSA) {
      parameter = parameter.toLowerCase(java.util.Locale.ROOT);
    }
    if (!algorithm.parameters().contains(parameter)) {
      throw new KeyException(
          algorithm
              + " "
              + algorithm.parameterName()
              + " "
              + parameter
              + " is not allowed; use "
              + joinAlternatives(algorithm.parameters()));
    }
  }

  public static KeySpec of(String algorithm, String parameter) {
    return new KeySpec(KeyAlgorithm.parse(algorithm), parameter);
  }

  /**
   * The signature algorithm a CSR for this key is signed with: SHA-256 for RSA and P-256, SHA-384
   * to match P-384's strength, SM3 for SM2 (as the Chinese standards pair them).
   */
  public String signatureAlgorithm() {
    return switch (algorithm) {
      case RSA -> "SHA256withRSA";
      case ECC -> parameter.equals("secp384r1") ? "SHA384withECDSA" : "SHA256withECDSA";
      case SM2 -> "SM3withSM2";
    };
  }

  /** "2048, 3072 or 4096". */
  static String joinAlternatives(List<String> values) {
    if (values.size() == 1) {
      return values.get(0);
    }
    return String.join(", ", values.subList(0, values.size() - 1))
        + " or "
        + values.get(values.size() - 1);
  }

  @Override
  public String toString() {
    return algorithm + " " + parameter;
  }
}
