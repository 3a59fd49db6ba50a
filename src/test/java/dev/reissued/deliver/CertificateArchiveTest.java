package dev.reissued.deliver;

import static dev.reissued.deliver.TestPki.ascii;
import static dev.reissued.deliver.TestPki.pem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CertificateArchiveTest {
  static final TestPki PKI = new TestPki();
  final KeyPair key = TestPki.ec();
  final X509Certificate leaf = PKI.leaf(key.getPublic(), "www.example.com", "example.com");

  @Test
  void tencent_layout_yields_the_leaf_and_its_chain_without_the_root() {
    String bundle = pem(leaf, PKI.intermediate);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("www.example.com_nginx/", null);
    entries.put("www.example.com_nginx/www.example.com_bundle.crt", ascii(bundle));
    entries.put("www.example.com_nginx/www.example.com_bundle.pem", ascii(bundle));
    entries.put("www.example.com_apache/root_bundle.crt", ascii(pem(PKI.intermediate, PKI.root)));
    entries.put("www.example.com_apache/2_www.example.com.crt", ascii(pem(leaf)));
    entries.put("www.example.com_iis/www.example.com.pfx", new byte[] {0x30, (byte) 0x82, 1, 2, 3});

    CertificateArchive archive = CertificateArchive.read("cert0001", TestPki.zip(entries));
    IssuedCertificate issued = IssuedCertificate.find(archive, "www.example.com", Optional.empty());

    assertThat(archive.certificates()).hasSize(3);
    assertThat(archive.entries()).hasSize(5).doesNotContain("www.example.com_nginx/");
    assertThat(issued.leaf()).isEqualTo(leaf);
    assertThat(issued.chain()).containsExactly(PKI.intermediate);
    assertThat(issued.certificatePem()).isEqualTo(pem(leaf));
    assertThat(issued.chainPem()).isEqualTo(pem(PKI.intermediate));
    assertThat(issued.fingerprint()).hasSize(64);
    assertThat(issued.serial()).isEqualTo(leaf.getSerialNumber().toString(16).toUpperCase());
  }

  @Test
  void archive_in_an_unexpected_folder_layout_still_works() {
    // Chain first and leaf last, CRLF line ends, text around the blocks, deep odd folders, a
    // binary entry, and a file that is not a certificate at all.
    String reversed =
        ("issued by the test CA\r\n" + pem(PKI.root, PKI.intermediate, leaf)).replace("\n", "\r\n");
    byte[] binary = new byte[4096];
    new Random(7).nextBytes(binary);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("README.txt", ascii("certificates for you"));
    entries.put("Server Certs/2024/PEM/all-in-one.txt", ascii(reversed));
    entries.put("keystore.jks", binary);

    CertificateArchive archive = CertificateArchive.read("cert0002", TestPki.zip(entries));
    IssuedCertificate issued = IssuedCertificate.find(archive, "example.com", Optional.empty());

    assertThat(issued.leaf()).isEqualTo(leaf);
    assertThat(issued.chain()).containsExactly(PKI.intermediate);
  }

  @Test
  void pem_text_that_is_not_a_zip_is_read_as_one_entry() {
    CertificateArchive archive =
        CertificateArchive.read("cert0003", ascii(pem(leaf, PKI.intermediate)));

    assertThat(IssuedCertificate.find(archive, "www.example.com", Optional.empty()).chain())
        .containsExactly(PKI.intermediate);
  }

  @Test
  void archive_with_no_certificate_for_the_domain_fails_naming_what_it_holds() {
    X509Certificate other = PKI.leaf(TestPki.ec().getPublic(), "other.example.org");
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a_nginx/a_bundle.crt", ascii(pem(other, PKI.intermediate)));
    entries.put("b/readme.txt", ascii("nothing"));
    entries.put(
        "c/broken.crt",
        ascii(
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"));
    CertificateArchive archive = CertificateArchive.read("cert0004", TestPki.zip(entries));

    assertThatThrownBy(() -> IssuedCertificate.find(archive, "www.example.com", Optional.empty()))
        .isInstanceOf(DeployException.class)
        .hasMessage(
            "archive of certificate cert0004 holds no certificate for www.example.com: 2"
                + " certificates, end-entity for other.example.org, 1 unreadable; entries"
                + " a_nginx/a_bundle.crt, b/readme.txt, c/broken.crt");
  }

  @Test
  void the_expected_key_picks_the_leaf_and_names_are_then_checked() {
    X509Certificate misnamed = PKI.leaf(key.getPublic(), "wrong.example.com");
    X509Certificate decoy = PKI.leaf(TestPki.ec().getPublic(), "www.example.com");
    CertificateArchive archive =
        CertificateArchive.read("cert0005", ascii(pem(decoy, misnamed, PKI.intermediate)));

    IssuedCertificate issued =
        IssuedCertificate.find(archive, "www.example.com", Optional.of(key.getPrivate()));

    assertThat(issued.leaf()).isEqualTo(misnamed);
    assertThatThrownBy(() -> issued.requireNames(List.of("www.example.com")))
        .isInstanceOf(DeployException.class)
        .hasMessage(
            "certificate cert0005 does not cover www.example.com; it names wrong.example.com");
  }

  @Test
  void names_are_covered_exactly_or_by_a_wildcard_one_label_deep() {
    X509Certificate wildcard = PKI.leaf(key.getPublic(), "*.example.com");
    IssuedCertificate issued =
        IssuedCertificate.find(
            CertificateArchive.read("cert0006", ascii(pem(wildcard))),
            "*.example.com",
            Optional.empty());

    issued.requireNames(List.of("*.example.com", "WWW.example.com"));
    assertThatThrownBy(() -> issued.requireNames(List.of("a.b.example.com", "example.com")))
        .hasMessageStartingWith(
            "certificate cert0006 does not cover a.b.example.com, example.com;");
    assertThat(issued.chain()).isEmpty();
  }

  @Test
  void an_entry_that_inflates_past_the_bound_is_refused() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("bomb.txt", new byte[CertificateArchive.MAX_ENTRY_BYTES + 1]);
    byte[] zip = TestPki.zip(entries);

    assertThat(zip.length).isLessThan(10_000);
    assertThatThrownBy(() -> CertificateArchive.read("cert0007", zip))
        .isInstanceOf(DeployException.class)
        .hasMessage(
            "archive of certificate cert0007: entry bomb.txt inflates to more than 1048576 bytes");
  }

  @Test
  void too_many_entries_or_too_many_bytes_are_refused() {
    Map<String, byte[]> many = new LinkedHashMap<>();
    for (int index = 0; index <= CertificateArchive.MAX_ENTRIES; index++) {
      many.put("e" + index, new byte[0]);
    }
    Map<String, byte[]> large = new LinkedHashMap<>();
    for (int index = 0; index < 17; index++) {
      large.put("part" + index, new byte[CertificateArchive.MAX_ENTRY_BYTES]);
    }

    assertThatThrownBy(() -> CertificateArchive.read("cert0008", TestPki.zip(many)))
        .hasMessage("archive of certificate cert0008 has more than 256 entries");
    assertThatThrownBy(() -> CertificateArchive.read("cert0008", TestPki.zip(large)))
        .hasMessage("archive of certificate cert0008 inflates to more than 16777216 bytes");
    assertThatThrownBy(
            () ->
                CertificateArchive.read(
                    "cert0008", new byte[CertificateArchive.MAX_ARCHIVE_BYTES + 1]))
        .hasMessage("archive of certificate cert0008 is 8388609 bytes; at most 8388608 are read");
  }

  @Test
  void content_that_is_neither_zip_nor_pem_fails_clearly() {
    CertificateArchive archive = CertificateArchive.read("cert0009", ascii("<html>oops</html>"));

    assertThatThrownBy(() -> IssuedCertificate.find(archive, "www.example.com", Optional.empty()))
        .hasMessage(
            "archive of certificate cert0009 holds no certificate for www.example.com: no"
                + " certificates; entries (no entries)");
  }

  @Test
  void key_blocks_are_kept_once_and_never_printed() {
    String keyPem = dev.reissued.keys.Pem.privateKey(key.getPrivate());
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("x_nginx/x.key", ascii(keyPem));
    entries.put("x_apache/3_x.key", ascii(keyPem));
    CertificateArchive archive = CertificateArchive.read("cert0010", TestPki.zip(entries));

    assertThat(archive.keys()).hasSize(1);
    assertThat(archive.keys().get(0).entry()).isEqualTo("x_nginx/x.key");
    assertThat(archive.keys().get(0).toString())
        .doesNotContain("BEGIN")
        .doesNotContain(keyPem.substring(40, 80))
        .contains("<masked>");
    assertThat(archive.toString())
        .isEqualTo("CertificateArchive[certificate=cert0010, 2 entries, 0 certificates, 1 keys]");
  }

  @Test
  void traditional_encrypted_key_keeps_its_headers_and_opens_with_the_password() throws Exception {
    char[] password = "Csr-key-password-1".toCharArray();
    java.io.StringWriter text = new java.io.StringWriter();
    try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(text)) {
      writer.writeObject(
          new org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator(
              key.getPrivate(),
              new org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder("AES-128-CBC")
                  .setProvider(dev.reissued.keys.BouncyCastle.PROVIDER)
                  .build(password)));
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("k_nginx/k.key", ascii(text.toString()));
    entries.put("k_nginx/k_bundle.crt", ascii(pem(leaf, PKI.intermediate)));
    CertificateArchive archive = CertificateArchive.read("cert0011", TestPki.zip(entries));
    IssuedCertificate issued = IssuedCertificate.find(archive, "www.example.com", Optional.empty());

    CertificateArchive.KeyBlock block = archive.keys().get(0);
    assertThat(block.label()).isEqualTo("EC PRIVATE KEY");
    assertThat(block.pem()).contains("Proc-Type: 4,ENCRYPTED").contains("DEK-Info: AES-128-CBC,");
    assertThat(issued.matchesKey(dev.reissued.keys.Pem.parsePrivateKey(block.pem(), password)))
        .isTrue();
    assertThatThrownBy(
            () -> dev.reissued.keys.Pem.parsePrivateKey(block.pem(), "wrong".toCharArray()))
        .isInstanceOf(dev.reissued.keys.KeyException.class);
  }

  @Test
  void archive_with_an_unclosed_pem_block_is_rejected_in_linear_time() {
    // The shape of the report: 1 MiB of BEGIN lines, 28 KB compressed; the regular expression
    // this replaced took about 220 s of CPU on it.
    String line = "-----BEGIN CERTIFICATE-----\n";
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(
        "h_nginx/h_bundle.crt", ascii(line.repeat(CertificateArchive.MAX_ENTRY_BYTES / 28)));
    byte[] zip = TestPki.zip(entries);

    long started = System.nanoTime();
    assertThatThrownBy(() -> CertificateArchive.read("cert0012", zip))
        .isInstanceOf(DeployException.class)
        .hasMessage(
            "archive of certificate cert0012 holds more than 256 PEM blocks (the limit was reached"
                + " in entry h_nginx/h_bundle.crt); a certificate archive holds a few dozen");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(zip.length).isLessThan(64 * 1024);
  }

  @Test
  void a_block_that_never_ends_beside_good_ones_is_counted_and_named_when_nothing_fits() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a/bundle.crt", ascii(pem(leaf, PKI.intermediate)));
    entries.put("a/cut.crt", ascii("-----BEGIN CERTIFICATE-----\nMIIB" + "A".repeat(100_000)));
    CertificateArchive archive = CertificateArchive.read("cert0013", TestPki.zip(entries));

    assertThat(archive.unclosedBlocks()).isEqualTo(1);
    assertThat(IssuedCertificate.find(archive, "www.example.com", Optional.empty()).leaf())
        .isEqualTo(leaf);
    assertThatThrownBy(() -> IssuedCertificate.find(archive, "other.example.org", Optional.empty()))
        .hasMessageContaining(
            "2 certificates, end-entity for www.example.com/example.com,"
                + " 1 PEM blocks that never end; entries a/bundle.crt, a/cut.crt");
  }

  @Test
  void more_distinct_certificates_or_keys_than_an_archive_ever_holds_are_refused() {
    StringBuilder certificates = new StringBuilder();
    for (int index = 0; index <= CertificateArchive.MAX_CERTIFICATES; index++) {
      certificates.append(pem(PKI.leaf(key.getPublic(), "n" + index + ".example.com")));
    }
    StringBuilder keys = new StringBuilder();
    for (int index = 0; index <= CertificateArchive.MAX_KEYS; index++) {
      keys.append(dev.reissued.keys.Pem.privateKey(TestPki.ec().getPrivate()));
    }

    assertThatThrownBy(() -> CertificateArchive.read("cert0014", ascii(certificates.toString())))
        .hasMessage(
            "archive of certificate cert0014 holds more than 32 distinct certificates; a"
                + " certificate archive holds a few");
    assertThatThrownBy(() -> CertificateArchive.read("cert0014", ascii(keys.toString())))
        .hasMessage(
            "archive of certificate cert0014 holds more than 4 distinct private keys; a"
                + " certificate archive holds a few");
  }
}
