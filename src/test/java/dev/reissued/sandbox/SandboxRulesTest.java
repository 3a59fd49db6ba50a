package dev.reissued.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reissued.config.ValidType;
import dev.reissued.tencent.Certificate;
import dev.reissued.tencent.CertificateDetail;
import dev.reissued.tencent.ClientSettings;
import dev.reissued.tencent.DescribeCertificatesRequest;
import dev.reissued.tencent.DescribeCertificatesResponse;
import dev.reissued.tencent.DownloadedCertificate;
import dev.reissued.tencent.ErrorClass;
import dev.reissued.tencent.ReplaceCertificateRequest;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import dev.reissued.testing.SettableClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxRulesTest {
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final Instant NOW = Instant.parse("2025-06-01T02:00:00Z");

  private final SettableClock clock = new SettableClock(NOW);
  private Sandbox sandbox;
  private TencentClient client;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private void start(SandboxCertificate... certificates) {
    sandbox =
        Sandbox.start(
            SandboxOptions.defaults()
                .withClock(clock)
                .withRateLimit(0)
                .withIssueDelay(Duration.ofMinutes(10))
                .withInventory(List.of(certificates)));
    client =
        TencentClient.create(
            ClientSettings.of(
                    "rules-" + ACCOUNTS.incrementAndGet(),
                    sandbox.secretId(),
                    SandboxOptions.DEFAULT_SECRET_KEY)
                .withEndpoint(sandbox.endpoint())
                .withRequestsPerSecond(1000));
  }

  static SandboxCertificate free(String id, String domain) {
    return SandboxCertificate.builder(id, domain)
        .subjectAltNames(List.of(domain))
        .validity(NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(10)))
        .insertTime(NOW.minus(Duration.ofDays(80)))
        .build();
  }

  static SandboxCertificate paid(String id, String domain) {
    return SandboxCertificate.builder(id, domain)
        .paid()
        .validity(NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(20)))
        .insertTime(NOW.minus(Duration.ofDays(300)))
        .build();
  }

  private String reissue(ReplaceCertificateRequest request) {
    return client.replaceCertificate(request).certificateId();
  }

  private TencentApiException refusal(ReplaceCertificateRequest request) {
    return catchThrowableOfType(
        TencentApiException.class, () -> client.replaceCertificate(request));
  }

  @Test
  void a_free_certificate_is_reissued_once_per_lineage() {
    start(free("free0001", "www.example.com"));
    String newId = reissue(ReplaceCertificateRequest.original("free0001", ValidType.DNS_AUTO));

    SandboxCertificate old = sandbox.certificate("free0001").orElseThrow();
    SandboxCertificate fresh = sandbox.certificate(newId).orElseThrow();
    assertThat(newId).matches("[A-Za-z0-9]{8}");
    assertThat(old.replacedFor()).isEqualTo(newId);
    assertThat(fresh.replacedBy()).isEqualTo("free0001");
    assertThat(fresh.originCertificateId()).isEqualTo("free0001");
    assertThat(fresh.status()).isEqualTo(SandboxCertificate.STATUS_REVIEWING);
    assertThat(fresh.statusMsg()).isEqualTo("PENDING-DCV");

    assertThat(refusal(ReplaceCertificateRequest.original("free0001", ValidType.DNS_AUTO)).code())
        .isEqualTo("FailedOperation.OrderAlreadyReplaced");
    clock.advance(Duration.ofMinutes(10));
    assertThat(refusal(ReplaceCertificateRequest.original(newId, ValidType.DNS_AUTO)).code())
        .isEqualTo("FailedOperation.OrderAlreadyReplaced");
    assertThat(sandbox.replaceRequestsAccepted("free0001")).isEqualTo(2);
  }

  @Test
  void a_free_certificate_is_reissued_only_as_rsa_2048() {
    start(
        free("free0001", "www.example.com"),
        free("free0002", "ecc.example.com").toBuilder().encryptAlgorithm("ECC 256").build());
    assertThat(
            refusal(
                    ReplaceCertificateRequest.online(
                        "free0001", ValidType.DNS_AUTO, "pw", "ECC", "prime256v1"))
                .code())
        .isEqualTo("InvalidParameter.RenewAlgorithmInvalid");
    assertThat(
            refusal(
                    ReplaceCertificateRequest.online(
                        "free0001", ValidType.DNS_AUTO, "pw", "RSA", "4096"))
                .code())
        .isEqualTo("InvalidParameter.RenewAlgorithmInvalid");
    String ecCsr = TestCsrs.csr(TestCsrs.ecP256(), List.of("www.example.com"));
    TencentApiException upload =
        refusal(ReplaceCertificateRequest.upload("free0001", ValidType.DNS_AUTO, ecCsr));
    assertThat(upload.code()).isEqualTo("InvalidParameter.RenewAlgorithmInvalid");
    assertThat(upload.errorClass()).isEqualTo(ErrorClass.TERMINAL);
    assertThat(refusal(ReplaceCertificateRequest.original("free0002", ValidType.DNS_AUTO)).code())
        .isEqualTo("InvalidParameter.RenewAlgorithmInvalid");
    assertThat(sandbox.certificate("free0001").orElseThrow().replacedFor()).isNull();
    String rsaCsr = TestCsrs.csr(TestCsrs.rsa2048(), List.of("www.example.com"));
    assertThat(reissue(ReplaceCertificateRequest.upload("free0001", ValidType.DNS_AUTO, rsaCsr)))
        .isNotBlank();
  }

  @Test
  void a_paid_certificate_can_be_reissued_again_once_its_reissue_is_issued() {
    start(paid("paid0001", "secure.example.com"));
    String second =
        reissue(
            ReplaceCertificateRequest.online(
                "paid0001", ValidType.DNS_AUTO, "pw", "ECC", "secp384r1"));
    assertThat(refusal(ReplaceCertificateRequest.original("paid0001", ValidType.DNS_AUTO)).code())
        .isEqualTo("FailedOperation.OrderAlreadyReplaced");
    clock.advance(Duration.ofMinutes(10));
    assertThat(sandbox.certificate(second).orElseThrow().encryptAlgorithm()).isEqualTo("ECC 384");
    String third = reissue(ReplaceCertificateRequest.original(second, ValidType.DNS_AUTO));
    assertThat(sandbox.certificate(third).orElseThrow().replacedBy()).isEqualTo(second);
  }

  @Test
  void only_an_issued_certificate_can_be_reissued() {
    start(
        free("free0001", "www.example.com").toBuilder()
            .status(SandboxCertificate.STATUS_REVIEWING)
            .statusMsg("PENDING-DCV")
            .build(),
        free("free0002", "old.example.com").toBuilder()
            .validity(NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(10)))
            .build());
    TencentApiException reviewing =
        refusal(ReplaceCertificateRequest.original("free0001", ValidType.DNS_AUTO));
    assertThat(reviewing.code()).isEqualTo("FailedOperation.InvalidCertificateStatusCode");
    assertThat(reviewing.errorClass()).isEqualTo(ErrorClass.SKIP);
    assertThat(refusal(ReplaceCertificateRequest.original("free0002", ValidType.DNS_AUTO)).code())
        .isEqualTo("FailedOperation.InvalidCertificateStatusCode");
    assertThat(sandbox.certificate("free0002").orElseThrow().status())
        .isEqualTo(SandboxCertificate.STATUS_EXPIRED);
  }

  @Test
  void an_uploaded_certificate_is_refused() {
    start(
        SandboxCertificate.builder("upld0001", "intranet.example.com")
            .uploaded()
            .validity(NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(5)))
            .build());
    assertThat(refusal(ReplaceCertificateRequest.original("upld0001", ValidType.DNS_AUTO)).code())
        .isEqualTo("FailedOperation.InvalidCertificateSource");
  }

  @Test
  void an_uploaded_csr_must_parse_verify_and_name_the_domain() {
    start(paid("paid0001", "secure.example.com"));
    String otherName = TestCsrs.csr(TestCsrs.rsa2048(), List.of("other.example.com"));
    assertThat(
            refusal(ReplaceCertificateRequest.upload("paid0001", ValidType.DNS_AUTO, otherName))
                .code())
        .isEqualTo("InvalidParameter.RenewCsrInvalid");
    assertThat(
            refusal(
                    ReplaceCertificateRequest.upload(
                        "paid0001",
                        ValidType.DNS_AUTO,
                        "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"))
                .code())
        .isEqualTo("InvalidParameter.RenewCsrInvalid");
    String good = TestCsrs.csr(TestCsrs.rsa2048(), List.of("secure.example.com"));
    String tampered = tamper(good);
    assertThat(
            refusal(ReplaceCertificateRequest.upload("paid0001", ValidType.DNS_AUTO, tampered))
                .code())
        .isEqualTo("InvalidParameter.RenewCsrInvalid");
    String sanOnly =
        TestCsrs.csr(TestCsrs.rsa2048(), List.of("www.secure.example.com", "secure.example.com"));
    assertThat(reissue(ReplaceCertificateRequest.upload("paid0001", ValidType.DNS, sanOnly)))
        .isNotBlank();
  }

  @Test
  void a_pending_certificate_shows_what_to_publish_and_cannot_be_downloaded_until_issued()
      throws Exception {
    start(free("free0001", "www.example.com"));
    // About validation and download; the validity checked below is a fresh one.
    sandbox.setReissueValidity(ReissueValidity.FRESH);
    KeyPair keys = TestCsrs.rsa2048();
    String csr = TestCsrs.csr(keys, List.of("www.example.com"));
    String newId = reissue(ReplaceCertificateRequest.upload("free0001", ValidType.DNS, csr));

    CertificateDetail pending = client.describeCertificateDetail(newId);
    assertThat(pending.certificate().status()).isEqualTo(0L);
    assertThat(pending.certificate().statusMsg()).isEqualTo("PENDING-DCV");
    assertThat(pending.dvAuthDetail()).isNotNull();
    assertThat(pending.dvAuthDetail().dvAuths()).hasSize(1);
    assertThat(pending.dvAuthDetail().dvAuths().get(0).dvAuthKey()).isEqualTo("_dnsauth.www");
    assertThat(pending.dvAuthDetail().dvAuths().get(0).dvAuthDomain()).isEqualTo("example.com");
    TencentApiException early =
        catchThrowableOfType(TencentApiException.class, () -> client.downloadCertificate(newId));
    assertThat(early.code()).isEqualTo("FailedOperation.CertificateStatusNotAllowDownload");

    clock.advance(Duration.ofMinutes(6));
    assertThat(client.describeCertificateDetail(newId).certificate().statusMsg())
        .isEqualTo("WAIT-ISSUE");
    clock.advance(Duration.ofMinutes(4));
    Certificate issued = client.describeCertificateDetail(newId).certificate();
    assertThat(issued.status()).isEqualTo(1L);
    Instant issuedAt = NOW.plus(Duration.ofMinutes(10));
    assertThat(issued.certBeginTime()).isEqualTo(issuedAt);
    assertThat(issued.certEndTime()).isEqualTo(issuedAt.plus(Duration.ofDays(90)));

    DownloadedCertificate download = client.downloadCertificate(newId);
    assertThat(download.contentType()).isEqualTo("application/zip");
    Map<String, String> files = unzip(download.content());
    assertThat(files)
        .containsKeys(
            "www.example.com_nginx/www.example.com_bundle.crt",
            "www.example.com_nginx/www.example.com.csr",
            "www.example.com_apache/root_bundle.crt",
            "www.example.com_apache/2_www.example.com.crt");
    assertThat(files).doesNotContainKey("www.example.com_nginx/www.example.com.key");
    List<X509Certificate> chain =
        certificates(files.get("www.example.com_nginx/www.example.com_bundle.crt"));
    assertThat(chain).hasSize(2);
    X509Certificate leaf = chain.get(0);
    X509Certificate root = certificates(sandbox.caCertificatePem()).get(0);
    leaf.verify(chain.get(1).getPublicKey());
    chain.get(1).verify(root.getPublicKey());
    root.verify(root.getPublicKey());
    assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(dnsNames(leaf)).contains("www.example.com");
    assertThat(leaf.getNotBefore().toInstant()).isEqualTo(issuedAt);
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(issuedAt.plus(Duration.ofDays(90)));
  }

  @Test
  void an_online_reissue_ships_its_key_encrypted_with_the_csr_key_password() throws Exception {
    start(
        free("free0001", "*.example.com").toBuilder()
            .subjectAltNames(List.of("*.example.com", "example.com"))
            .build());
    String newId =
        reissue(
            ReplaceCertificateRequest.online(
                "free0001", ValidType.DNS_AUTO, "s3cret-Pw", null, null));
    clock.advance(Duration.ofMinutes(10));
    Map<String, String> files = unzip(client.downloadCertificate(newId).content());
    String keyPem = files.get("_.example.com_nginx/_.example.com.key");
    assertThat(keyPem).contains("BEGIN ENCRYPTED PRIVATE KEY");
    PKCS8EncryptedPrivateKeyInfo encrypted;
    try (PEMParser parser = new PEMParser(new java.io.StringReader(keyPem))) {
      encrypted = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
    }
    PrivateKey key =
        new JcaPEMKeyConverter()
            .getPrivateKey(
                encrypted.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(SandboxPem.BC)
                        .build("s3cret-Pw".toCharArray())));
    X509Certificate leaf =
        certificates(files.get("_.example.com_apache/2__.example.com.crt")).get(0);
    assertThat(((RSAPrivateCrtKey) key).getModulus())
        .isEqualTo(((RSAPublicKey) leaf.getPublicKey()).getModulus());
    assertThat(((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
    assertThat(dnsNames(leaf)).containsExactly("*.example.com", "example.com");
  }

  @Test
  void describe_pages_searches_and_sorts() {
    start(
        free("aaaa0001", "www.example.com").toBuilder()
            .validity(NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(30)))
            .build(),
        free("aaaa0002", "api.example.com").toBuilder().alias("billing api").build(),
        paid("aaaa0003", "shop.example.org"));
    DescribeCertificatesResponse first =
        client.describeCertificates(DescribeCertificatesRequest.page(0, 2));
    DescribeCertificatesResponse second =
        client.describeCertificates(DescribeCertificatesRequest.page(2, 2));
    assertThat(first.totalCount()).isEqualTo(3);
    assertThat(first.certificates()).hasSize(2);
    assertThat(second.certificates()).hasSize(1);
    assertThat(
            client
                .describeCertificates(
                    DescribeCertificatesRequest.page(0, 10).withSearchKey("BILLING"))
                .certificates())
        .extracting(Certificate::certificateId)
        .containsExactly("aaaa0002");
    assertThat(
            client
                .describeCertificates(
                    DescribeCertificatesRequest.page(0, 10).withSearchKey("example.org"))
                .certificates())
        .extracting(Certificate::certificateId)
        .containsExactly("aaaa0003");
    assertThat(
            client
                .describeCertificates(
                    DescribeCertificatesRequest.page(0, 10).withExpirationSort("DESC"))
                .certificates())
        .extracting(Certificate::certificateId)
        .containsExactly("aaaa0001", "aaaa0003", "aaaa0002");
    assertThat(
            client
                .describeCertificates(
                    DescribeCertificatesRequest.page(0, 10)
                        .withCertIds(List.of("aaaa0003", "zzzz9999")))
                .totalCount())
        .isEqualTo(1);
  }

  @Test
  void state_survives_a_restart_with_the_same_ca() throws Exception {
    java.nio.file.Path state =
        java.nio.file.Files.createTempDirectory("sandbox-state").resolve("state.json");
    SandboxOptions options =
        SandboxOptions.defaults()
            .withClock(clock)
            .withStateFile(state)
            .withInventory(List.of(free("free0001", "www.example.com")));
    String newId;
    String ca;
    try (Sandbox first = Sandbox.start(options)) {
      sandbox = first;
      client =
          TencentClient.create(
              ClientSettings.of(
                      "state-" + ACCOUNTS.incrementAndGet(),
                      first.secretId(),
                      SandboxOptions.DEFAULT_SECRET_KEY)
                  .withEndpoint(first.endpoint())
                  .withRequestsPerSecond(1000));
      newId = reissue(ReplaceCertificateRequest.original("free0001", ValidType.DNS_AUTO));
      ca = first.caCertificatePem();
    }
    sandbox = Sandbox.start(options.withInventory(List.of()));
    assertThat(sandbox.caCertificatePem()).isEqualTo(ca);
    assertThat(sandbox.certificates())
        .extracting(SandboxCertificate::id)
        .contains("free0001", newId);
    assertThat(sandbox.certificate("free0001").orElseThrow().replacedFor()).isEqualTo(newId);
    try (java.util.stream.Stream<java.nio.file.Path> files =
        java.nio.file.Files.list(state.getParent())) {
      assertThat(files).hasSize(1);
    }
  }

  static List<String> dnsNames(X509Certificate certificate) throws Exception {
    List<String> names = new ArrayList<>();
    for (List<?> name : certificate.getSubjectAlternativeNames()) {
      names.add(String.valueOf(name.get(1)));
    }
    return names;
  }

  static Map<String, String> unzip(byte[] zip) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.US_ASCII));
      }
    }
    return files;
  }

  static List<X509Certificate> certificates(String pem) throws Exception {
    List<X509Certificate> result = new ArrayList<>();
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    for (java.security.cert.Certificate certificate :
        factory.generateCertificates(
            new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
      result.add((X509Certificate) certificate);
    }
    return result;
  }

  /** Flips one character inside the base64 body so that the signature no longer verifies. */
  private static String tamper(String pem) {
    String[] lines = pem.split("\n");
    String line = lines[3];
    char flipped = line.charAt(10) == 'A' ? 'B' : 'A';
    lines[3] = line.substring(0, 10) + flipped + line.substring(11);
    return String.join("\n", lines) + "\n";
  }
}
