package dev.reissued.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CsrBuilderTest {
  private static final Map<String, String> SIGNATURE_OIDS =
      Map.of(
          "SHA256withRSA", "1.2.840.113549.1.1.11",
          "SHA256withECDSA", "1.2.840.10045.4.3.2",
          "SHA384withECDSA", "1.2.840.10045.4.3.3",
          "SM3withSM2", "1.2.156.10197.1.501");

  @ParameterizedTest
  @MethodSource("dev.reissued.keys.KeySpecs#all")
  void every_spec_should_make_a_csr_that_parses_back_verifies_and_carries_every_san(KeySpec spec)
      throws Exception {
    Csr csr =
        Csr.create(
            "Example.com",
            List.of("www.example.com", "*.example.com", "bücher.example"),
            spec,
            KeySpecs.keyPair(spec));

    PKCS10CertificationRequest parsed = Pem.parseCsr(csr.pem());

    assertThat(parsed.isSignatureValid(verifier(parsed))).isTrue();
    assertThat(parsed.getSignatureAlgorithm().getAlgorithm().getId())
        .isEqualTo(SIGNATURE_OIDS.get(spec.signatureAlgorithm()));
    assertThat(commonName(parsed)).isEqualTo("example.com");
    assertThat(dnsNames(parsed))
        .containsExactly(
            "example.com", "www.example.com", "*.example.com", "xn--bcher-kva.example");
    var publicKey =
        new JcaPKCS10CertificationRequest(parsed).setProvider(BouncyCastle.PROVIDER).getPublicKey();
    assertThat(KeyPairs.specOf(publicKey)).isEqualTo(spec);
    assertThat(KeyPairs.fingerprint(publicKey)).isEqualTo(csr.publicKeyFingerprint());
    assertThat(csr.names()).containsExactly(dnsNames(parsed).toArray(String[]::new));
  }

  @Test
  void rsa_4096_csr_should_verify_and_carry_every_san() throws Exception {
    KeySpec spec = KeySpec.of("RSA", "4096");
    KeyPair keyPair = KeySpecs.keyPair(spec);

    CsrBuilder builder =
        new CsrBuilder()
            .domain("example.org")
            .alternativeNames(List.of("a.example.org", "b.example.org"))
            .alternativeName("c.example.org")
            .sign(keyPair, spec);

    PKCS10CertificationRequest parsed = new PKCS10CertificationRequest(builder.getEncoded());
    assertThat(parsed.isSignatureValid(verifier(parsed))).isTrue();
    assertThat(dnsNames(parsed))
        .containsExactly("example.org", "a.example.org", "b.example.org", "c.example.org");
    assertThat(builder.pem()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
  }

  @Test
  void the_domain_should_not_be_repeated_when_it_is_also_an_alternative_name() {
    Csr csr =
        Csr.create(
            "example.com",
            List.of("EXAMPLE.com", "www.example.com", "www.example.com."),
            KeySpec.of("ECC", "prime256v1"));

    assertThat(csr.names()).containsExactly("example.com", "www.example.com");
    assertThat(dnsNames(Pem.parseCsr(csr.pem()))).containsExactly("example.com", "www.example.com");
  }

  @Test
  void a_wildcard_domain_should_be_the_common_name() {
    Csr csr = Csr.create("*.example.com", List.of(), KeySpec.of("ECC", "prime256v1"));

    assertThat(commonName(Pem.parseCsr(csr.pem()))).isEqualTo("*.example.com");
  }

  @Test
  void signing_with_a_key_of_another_spec_should_be_refused() {
    KeyPair p256 = KeyPairs.generate(KeySpec.of("ECC", "prime256v1"));

    assertThatThrownBy(
            () -> new CsrBuilder().domain("example.com").sign(p256, KeySpec.of("ECC", "secp384r1")))
        .isInstanceOf(KeyException.class)
        .hasMessage("the key pair is ECC prime256v1 but the CSR was asked for ECC secp384r1");
  }

  @Test
  void a_csr_without_a_domain_should_be_refused() {
    KeyPair keyPair = KeyPairs.generate(KeySpec.of("ECC", "prime256v1"));

    assertThatThrownBy(() -> new CsrBuilder().sign(keyPair, KeySpec.of("ECC", "prime256v1")))
        .isInstanceOf(KeyException.class)
        .hasMessage("a CSR needs a domain");
  }

  @Test
  void a_bad_alternative_name_should_fail_when_it_is_added() {
    assertThatThrownBy(() -> new CsrBuilder().alternativeName("bad..example.com"))
        .isInstanceOf(KeyException.class)
        .hasMessage("'bad..example.com' is not a valid domain name: empty label");
  }

  @Test
  void reading_an_unsigned_builder_should_fail() {
    assertThatThrownBy(() -> new CsrBuilder().domain("example.com").pem())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_csr_record_should_not_print_its_private_key() {
    Csr csr = Csr.create("example.com", List.of(), KeySpec.of("ECC", "prime256v1"));
    byte[] privateKey = csr.keyPair().getPrivate().getEncoded();

    assertThat(csr.toString())
        .contains("ECC prime256v1", "example.com", csr.publicKeyFingerprint())
        .doesNotContain(Base64.getEncoder().encodeToString(privateKey))
        .doesNotContainIgnoringCase("private")
        .doesNotContain("BEGIN");
  }

  static String commonName(PKCS10CertificationRequest request) {
    return IETFUtils.valueToString(
        request.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue());
  }

  static List<String> dnsNames(PKCS10CertificationRequest request) {
    var attributes = request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
    assertThat(attributes).hasSize(1);
    Extensions extensions = Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0));
    Extension san = extensions.getExtension(Extension.subjectAlternativeName);
    assertThat(san.isCritical()).isFalse();
    GeneralName[] names = GeneralNames.getInstance(san.getParsedValue()).getNames();
    assertThat(names)
        .allSatisfy(name -> assertThat(name.getTagNo()).isEqualTo(GeneralName.dNSName));
    return Arrays.stream(names).map(name -> name.getName().toString()).toList();
  }

  static ContentVerifierProvider verifier(PKCS10CertificationRequest request) throws Exception {
    return new JcaContentVerifierProviderBuilder()
        .setProvider(BouncyCastle.PROVIDER)
        .build(request.getSubjectPublicKeyInfo());
  }
}
