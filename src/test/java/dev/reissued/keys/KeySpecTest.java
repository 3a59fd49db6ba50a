package dev.reissued.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeySpecTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "RSA | 1024 | RSA key size 1024 is not allowed; use 2048, 3072 or 4096",
        "RSA | 2047 | RSA key size 2047 is not allowed; use 2048, 3072 or 4096",
        "RSA | 8192 | RSA key size 8192 is not allowed; use 2048, 3072 or 4096",
        "ECC | secp521r1 | ECC curve secp521r1 is not allowed; use prime256v1 or secp384r1",
        "ECC | 2048 | ECC curve 2048 is not allowed; use prime256v1 or secp384r1",
        "SM2 | prime256v1 | SM2 curve prime256v1 is not allowed; use sm2p256v1",
        "DSA | 2048 | key algorithm 'DSA' is not supported; use RSA, ECC or SM2",
        "Ed25519 | '' | key algorithm 'Ed25519' is not supported; use RSA, ECC or SM2",
      })
  void unsupported_specs_should_be_refused_with_what_is_allowed(
      String algorithm, String parameter, String message) {
    assertThatThrownBy(() -> KeySpec.of(algorithm, parameter))
        .isInstanceOf(KeyException.class)
        .hasMessage(message);
  }

  @Test
  void a_missing_parameter_should_take_the_algorithms_default() {
    assertThat(KeySpec.of("rsa", null)).isEqualTo(KeySpec.RSA_2048);
    assertThat(KeySpec.of("ECC", "")).isEqualTo(new KeySpec(KeyAlgorithm.ECC, "prime256v1"));
    assertThat(KeySpec.of("sm2", " ")).isEqualTo(new KeySpec(KeyAlgorithm.SM2, "sm2p256v1"));
  }

  @ParameterizedTest
  @CsvSource({
    "RSA, 4096, SHA256withRSA",
    "ECC, prime256v1, SHA256withECDSA",
    "ECC, SECP384R1, SHA384withECDSA",
    "SM2, sm2p256v1, SM3withSM2"
  })
  void each_spec_should_name_the_signature_algorithm_its_csr_uses(
      String algorithm, String parameter, String signature) {
    assertThat(KeySpec.of(algorithm, parameter).signatureAlgorithm()).isEqualTo(signature);
  }
}
