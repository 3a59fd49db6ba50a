package dev.reissued.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PemTest {
  private static final KeySpec P256 = KeySpec.of("ECC", "prime256v1");

  @ParameterizedTest
  @MethodSource("dev.reissued.keys.KeySpecs#all")
  void a_plain_pkcs8_key_should_parse_back_to_the_same_key(KeySpec spec) {
    KeyPair keyPair = KeySpecs.keyPair(spec);

    String pem = Pem.privateKey(keyPair.getPrivate());

    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Pem.parsePrivateKey(pem).getEncoded()).isEqualTo(keyPair.getPrivate().getEncoded());
  }

  @Test
  void an_encrypted_key_should_use_pbes2_aes256_and_pbkdf2_sha256_and_open_with_its_password()
      throws Exception {
    KeyPair keyPair = KeyPairs.generate(P256);
    char[] password = "correct horse battery staple".toCharArray();

    String pem = Pem.privateKey(keyPair.getPrivate(), password);

    assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    PKCS8EncryptedPrivateKeyInfo info;
    try (PEMParser parser = new PEMParser(new java.io.StringReader(pem))) {
      info = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
    }
    var algorithm = info.getEncryptionAlgorithm();
    assertThat(algorithm.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
    PBES2Parameters pbes2 = PBES2Parameters.getInstance(algorithm.getParameters());
    KeyDerivationFunc kdf = pbes2.getKeyDerivationFunc();
    EncryptionScheme scheme = pbes2.getEncryptionScheme();
    PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(kdf.getParameters());
    assertThat(kdf.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBKDF2);
    assertThat(pbkdf2.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
    assertThat(pbkdf2.getIterationCount().intValue()).isEqualTo(Pem.PBKDF2_ITERATIONS);
    assertThat(scheme.getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);

    assertThat(Pem.parsePrivateKey(pem, password).getEncoded())
        .isEqualTo(keyPair.getPrivate().getEncoded());
  }

  @Test
  void an_encrypted_key_should_not_open_with_a_wrong_password_or_without_one() {
    String pem = Pem.privateKey(KeyPairs.generate(P256).getPrivate(), "right".toCharArray());

    assertThatThrownBy(() -> Pem.parsePrivateKey(pem, "wrong".toCharArray()))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("wrong password");
    assertThatThrownBy(() -> Pem.parsePrivateKey(pem))
        .isInstanceOf(KeyException.class)
        .hasMessage("the private key is encrypted; a password is needed to open it");
  }

  @Test
  void a_csr_should_not_be_mistaken_for_a_key_nor_a_key_for_a_csr() {
    Csr csr = Csr.create("example.com", List.of(), P256);
    String keyPem = Pem.privateKey(csr.keyPair().getPrivate());

    assertThatThrownBy(() -> Pem.parsePrivateKey(csr.pem()))
        .isInstanceOf(KeyException.class)
        .hasMessage("the PEM text holds a CSR, not a private key");
    assertThatThrownBy(() -> Pem.parseCsr(keyPem))
        .isInstanceOf(KeyException.class)
        .hasMessage("the PEM text holds a private key, not a CSR")
        .hasMessageNotContaining(keyPem.substring(30, 60));
  }

  @Test
  void text_without_pem_should_be_refused_clearly() {
    assertThatThrownBy(() -> Pem.parseCsr("hello"))
        .isInstanceOf(KeyException.class)
        .hasMessage("no PEM block found where a CSR was expected");
    assertThatThrownBy(() -> Pem.parsePrivateKey(""))
        .isInstanceOf(KeyException.class)
        .hasMessage("the private key PEM text is empty");
    assertThatThrownBy(
            () ->
                Pem.parseCsr(
                    "-----BEGIN CERTIFICATE REQUEST-----\n"
                        + "AAAA\n"
                        + "-----END CERTIFICATE REQUEST-----\n"))
        .isInstanceOf(KeyException.class)
        .hasMessageStartingWith("the CSR PEM text is malformed");
  }

  @Test
  void an_empty_password_should_be_refused_when_encrypting() {
    var key = KeyPairs.generate(P256).getPrivate();

    assertThatThrownBy(() -> Pem.privateKey(key, new char[0]))
        .isInstanceOf(KeyException.class)
        .hasMessage("a password for the private key is empty");
  }

  @Test
  void a_key_asking_for_more_derivation_rounds_than_the_bound_is_refused_without_trying()
      throws Exception {
    char[] password = "the password".toCharArray();
    String pem = Pem.privateKey(KeyPairs.generate(P256).getPrivate(), password);
    PKCS8EncryptedPrivateKeyInfo info;
    try (PEMParser parser = new PEMParser(new java.io.StringReader(pem))) {
      info = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
    }
    PBES2Parameters pbes2 =
        PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
    PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
    // The same key, now asking for two billion rounds: hours of CPU if it were tried.
    PBKDF2Params greedy =
        new PBKDF2Params(pbkdf2.getSalt(), Integer.MAX_VALUE, 32, pbkdf2.getPrf());
    EncryptedPrivateKeyInfo hostile =
        new EncryptedPrivateKeyInfo(
            new AlgorithmIdentifier(
                PKCSObjectIdentifiers.id_PBES2,
                new PBES2Parameters(
                    new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, greedy),
                    pbes2.getEncryptionScheme())),
            info.getEncryptedData());
    String hostilePem =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
            + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(hostile.getEncoded())
            + "\n-----END ENCRYPTED PRIVATE KEY-----\n";

    long started = System.nanoTime();
    assertThatThrownBy(() -> Pem.parsePrivateKey(hostilePem, password))
        .isInstanceOf(KeyException.class)
        .hasMessage(
            "the private key asks for 2147483647 key derivation rounds; at most 1000000 are"
                + " done, so it is not opened");
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(java.time.Duration.ofSeconds(3));
    assertThat(Pem.parsePrivateKey(pem, password)).isNotNull();
  }
}
