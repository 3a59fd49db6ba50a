package dev.reissued.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What OpenSSL makes of our CSRs and keys, and what we make of OpenSSL's keys. */
class OpenSslInteropTest {
  @TempDir Path directory;

  @BeforeAll
  static void requireOpenSsl() {
    OpenSsl.assumeAvailable();
  }

  @ParameterizedTest
  @MethodSource("dev.reissued.keys.KeySpecs#all")
  void openssl_should_verify_our_csr_and_see_the_key_and_names_asked_for(KeySpec spec)
      throws Exception {
    Csr csr =
        Csr.create(
            "example.com",
            List.of("*.example.com", "bücher.example"),
            spec,
            KeySpecs.keyPair(spec));
    Files.writeString(directory.resolve("csr.pem"), csr.pem());
    SecureFiles.writePrivate(
        directory.resolve("key.pem"),
        Pem.privateKey(csr.keyPair().getPrivate()).getBytes(StandardCharsets.US_ASCII));

    OpenSsl.Result request = OpenSsl.run(directory, OpenSsl.verifyCommand(spec, "csr.pem"));

    assertThat(request.exitCode()).as(request.output()).isZero();
    assertThat(request.output())
        .contains("verify OK")
        .contains("Subject: CN = example.com")
        .contains("DNS:example.com, DNS:*.example.com, DNS:xn--bcher-kva.example")
        .contains(OpenSsl.keyDescription(spec));
    OpenSsl.Result keyPublic = OpenSsl.run(directory, "pkey", "-in", "key.pem", "-pubout");
    OpenSsl.Result csrPublic = OpenSsl.run(directory, "req", "-in", "csr.pem", "-noout", "-pubkey");
    assertThat(keyPublic.exitCode()).as(keyPublic.output()).isZero();
    assertThat(keyPublic.output()).isEqualTo(csrPublic.output()).contains("BEGIN PUBLIC KEY");
  }

  @Test
  void openssl_should_open_our_encrypted_key_with_the_password_and_only_with_it() throws Exception {
    KeySpec spec = KeySpec.RSA_2048;
    PrivateKey key = KeySpecs.keyPair(spec).getPrivate();
    Files.writeString(directory.resolve("pw"), "s3cret-Passw0rd\n");
    Files.writeString(directory.resolve("wrong"), "not-it\n");
    SecureFiles.writePrivate(
        directory.resolve("key.pem"),
        Pem.privateKey(key, "s3cret-Passw0rd".toCharArray()).getBytes(StandardCharsets.US_ASCII));

    OpenSsl.Result right =
        OpenSsl.run(directory, "pkey", "-in", "key.pem", "-passin", "file:pw", "-noout", "-text");
    OpenSsl.Result wrong =
        OpenSsl.run(directory, "pkey", "-in", "key.pem", "-passin", "file:wrong", "-noout");

    assertThat(right.exitCode()).as(right.output()).isZero();
    assertThat(right.output()).contains("Private-Key: (2048 bit, 2 primes)");
    assertThat(wrong.exitCode()).isNotZero();
  }

  @Test
  void a_traditional_encrypted_rsa_key_from_openssl_should_open_with_its_password()
      throws Exception {
    OpenSsl.Result generated =
        OpenSsl.run(
            directory,
            "genrsa",
            "-aes256",
            "-passout",
            "pass:tencent-pw",
            "-traditional",
            "-out",
            "rsa.pem",
            "2048");
    assertThat(generated.exitCode()).as(generated.output()).isZero();
    String pem = Files.readString(directory.resolve("rsa.pem"));
    assertThat(pem).contains("BEGIN RSA PRIVATE KEY", "Proc-Type: 4,ENCRYPTED");

    PrivateKey key = Pem.parsePrivateKey(pem, "tencent-pw".toCharArray());

    assertThat(key.getAlgorithm()).isEqualTo("RSA");
    assertThat(key.getEncoded()).isEqualTo(plainPkcs8(directory, "rsa.pem", "tencent-pw"));
    assertThatThrownBy(() -> Pem.parsePrivateKey(pem, "wrong".toCharArray()))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("wrong password");
  }

  @Test
  void a_traditional_ec_key_with_its_parameters_block_should_open_plain_and_encrypted()
      throws Exception {
    OpenSsl.run(directory, "ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.pem");
    OpenSsl.Result encrypted =
        OpenSsl.run(
            directory,
            "ec",
            "-in",
            "ec.pem",
            "-aes256",
            "-passout",
            "pass:pw",
            "-out",
            "ec-enc.pem");
    assertThat(encrypted.exitCode()).as(encrypted.output()).isZero();
    String plain = Files.readString(directory.resolve("ec.pem"));
    assertThat(plain).startsWith("-----BEGIN EC PARAMETERS-----");

    PrivateKey fromPlain = Pem.parsePrivateKey(plain);
    PrivateKey fromEncrypted =
        Pem.parsePrivateKey(Files.readString(directory.resolve("ec-enc.pem")), "pw".toCharArray());

    // BouncyCastle encodes the optional curve parameters OpenSSL leaves out; compare the scalar.
    BigInteger opensslScalar =
        ECPrivateKey.getInstance(
                PrivateKeyInfo.getInstance(plainPkcs8(directory, "ec.pem", "unused"))
                    .parsePrivateKey())
            .getKey();
    assertThat(((java.security.interfaces.ECPrivateKey) fromPlain).getS()).isEqualTo(opensslScalar);
    assertThat(fromEncrypted.getEncoded()).isEqualTo(fromPlain.getEncoded());
  }

  @Test
  void an_sm2_key_from_openssl_should_parse_as_an_sm2p256v1_key() throws Exception {
    OpenSsl.Result generated =
        OpenSsl.run(directory, "genpkey", "-algorithm", "SM2", "-out", "sm2.pem");
    assertThat(generated.exitCode()).as(generated.output()).isZero();

    PrivateKey key = Pem.parsePrivateKey(Files.readString(directory.resolve("sm2.pem")));

    assertThat(
            PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters())
        .isEqualTo(GMObjectIdentifiers.sm2p256v1);
  }

  /** OpenSSL's own PKCS#8 DER of a key, to compare with what we decrypted. */
  private static byte[] plainPkcs8(Path directory, String file, String password) throws Exception {
    OpenSsl.Result converted =
        OpenSsl.run(
            directory,
            "pkcs8",
            "-topk8",
            "-nocrypt",
            "-in",
            file,
            "-passin",
            "pass:" + password,
            "-outform",
            "DER",
            "-out",
            file + ".der");
    assertThat(converted.exitCode()).as(converted.output()).isZero();
    return Files.readAllBytes(directory.resolve(file + ".der"));
  }
}
