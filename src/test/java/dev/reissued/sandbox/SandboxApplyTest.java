package dev.reissued.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import dev.reissued.config.ValidType;
import dev.reissued.deliver.CertificateArchive;
import dev.reissued.deliver.IssuedCertificate;
import dev.reissued.keys.KeyException;
import dev.reissued.keys.Pem;
import dev.reissued.tencent.ApplyActions;
import dev.reissued.tencent.ApplyCertificateRequest;
import dev.reissued.tencent.ApplyKey;
import dev.reissued.tencent.Certificate;
import dev.reissued.tencent.CertificateDetail;
import dev.reissued.tencent.CheckCertificateDomainVerificationResponse;
import dev.reissued.tencent.ClientSettings;
import dev.reissued.tencent.DomainValidationResult;
import dev.reissued.tencent.ErrorClass;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import dev.reissued.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ApplyCertificate and domain validation in the sandbox, through the typed client over HTTP. */
class SandboxApplyTest {
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final Instant NOW = Instant.parse("2025-06-01T02:00:00Z");
  private static final Duration ISSUE_DELAY = Duration.ofMinutes(10);
  private static final String PASSWORD = "Apply-Pw-7f3k";

  @TempDir Path directory;

  private final SettableClock clock = new SettableClock(NOW);
  private Sandbox sandbox;
  private TencentClient client;
  private ApplyActions actions;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private void start(SandboxOptions options) {
    sandbox = Sandbox.start(options);
    client =
        TencentClient.create(
            ClientSettings.of(
                    "apply-" + ACCOUNTS.incrementAndGet(),
                    sandbox.secretId(),
                    SandboxOptions.DEFAULT_SECRET_KEY)
                .withEndpoint(sandbox.endpoint())
                .withRequestsPerSecond(1000));
    actions = new ApplyActions(client);
  }

  private void start(SandboxCertificate... certificates) {
    start(options(certificates));
  }

  private SandboxOptions options(SandboxCertificate... certificates) {
    return SandboxOptions.defaults()
        .withClock(clock)
        .withRateLimit(0)
        .withIssueDelay(ISSUE_DELAY)
        .withInventory(List.of(certificates));
  }

  /** A free certificate that ends {@code daysLeft} days from now. */
  private static SandboxCertificate free(String id, String domain, long daysLeft) {
    Instant notAfter = NOW.plus(Duration.ofDays(daysLeft));
    return SandboxCertificate.builder(id, domain)
        .validity(notAfter.minus(Duration.ofDays(90)), notAfter)
        .insertTime(notAfter.minus(Duration.ofDays(90)))
        .build();
  }

  private static ApplyCertificateRequest renewal(
      String oldId, String domain, ValidType method, ApplyKey key) {
    return ApplyCertificateRequest.renewal(oldId, domain, method, key, PASSWORD);
  }

  private String apply(ApplyCertificateRequest request) {
    return actions.applyCertificate(request).certificateId();
  }

  private TencentApiException refusal(ApplyCertificateRequest request) {
    return catchThrowableOfType(TencentApiException.class, () -> actions.applyCertificate(request));
  }

  /** A request the typed factory would not build: any algorithm, parameter, package, period. */
  private static ApplyCertificateRequest raw(
      String oldId, String algorithm, String parameter, String packageType, String period) {
    return new ApplyCertificateRequest(
        ValidType.DNS_AUTO,
        "www.example.com",
        null,
        packageType,
        null,
        null,
        period,
        algorithm,
        parameter,
        PASSWORD,
        null,
        oldId,
        null,
        null);
  }

  @Test
  void a_renewal_within_30_days_makes_a_free_certificate_linked_to_the_old_one() {
    start(
        free("free0001", "www.example.com", 10).toBuilder()
            .subjectAltNames(List.of("www.example.com", "example.com"))
            .build());

    String newId =
        apply(renewal("free0001", "www.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048));

    SandboxCertificate made = sandbox.certificate(newId).orElseThrow();
    assertThat(made.originCertificateId()).isEqualTo("free0001");
    assertThat(made.replacedBy()).isNull();
    assertThat(made.domain()).isEqualTo("www.example.com");
    assertThat(made.subjectAltNames()).containsExactly("www.example.com", "example.com");
    assertThat(made.packageType()).isEqualTo("83");
    assertThat(made.status()).isEqualTo(SandboxCertificate.STATUS_REVIEWING);
    assertThat(made.insertTime()).isEqualTo(NOW);
    assertThat(made.encryptAlgorithm()).isEqualTo("RSA 2048");
    SandboxCertificate old = sandbox.certificate("free0001").orElseThrow();
    assertThat(old.replacedFor()).isNull();
    assertThat(old.status()).isEqualTo(SandboxCertificate.STATUS_ISSUED);
    assertThat(sandbox.applyRequestsReceived("free0001")).isEqualTo(1);
    assertThat(sandbox.applyRequestsAccepted("free0001")).isEqualTo(1);
    assertThat(sandbox.freeQuotaUsed()).isEqualTo(1);

    // The client reads the link back from both listing and detail.
    Certificate listed =
        client.listAllCertificates().stream()
            .filter(certificate -> certificate.certificateId().equals(newId))
            .findFirst()
            .orElseThrow();
    assertThat(listed.certificateExtra().originCertificateId()).isEqualTo("free0001");
    assertThat(listed.isFree()).isTrue();
    assertThat(listed.insertTime()).isEqualTo(NOW);
    CertificateDetail detail = client.describeCertificateDetail(newId);
    assertThat(detail.certificate().certificateExtra().originCertificateId()).isEqualTo("free0001");
    assertThat(detail.dvAuthDetail()).isNull();

    clock.advance(ISSUE_DELAY);
    Certificate issued = client.describeCertificateDetail(newId).certificate();
    assertThat(issued.isIssued()).isTrue();
    assertThat(issued.certBeginTime()).isEqualTo(NOW.plus(ISSUE_DELAY));
    assertThat(issued.certEndTime()).isEqualTo(NOW.plus(ISSUE_DELAY).plus(Duration.ofDays(90)));
  }

  @Test
  void a_renewal_is_accepted_at_exactly_30_days_before_expiry_and_refused_a_second_earlier() {
    SandboxCertificate edge =
        free("edge0001", "edge.example.com", 30).toBuilder()
            .validity(NOW.minus(Duration.ofDays(60)), NOW.plus(Duration.ofDays(30)).plusSeconds(1))
            .build();
    start(edge, free("edge0002", "edge2.example.com", 30));

    TencentApiException early =
        refusal(renewal("edge0001", "edge.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    assertThat(early.code()).isEqualTo("FailedOperation.InvalidParam");
    assertThat(early.errorClass()).isEqualTo(ErrorClass.TERMINAL);
    assertThat(early.getMessage()).contains("more than 30 days from now");
    assertThat(
            apply(renewal("edge0002", "edge2.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048)))
        .isNotBlank();

    clock.advance(Duration.ofSeconds(1));
    assertThat(
            apply(renewal("edge0001", "edge.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048)))
        .isNotBlank();
    assertThat(sandbox.applyRequestsReceived("edge0001")).isEqualTo(2);
    assertThat(sandbox.applyRequestsAccepted("edge0001")).isEqualTo(1);
  }

  @Test
  void an_expired_unissued_uploaded_unknown_or_other_domain_certificate_is_not_renewed() {
    start(
        free("gone0001", "old.example.com", -1),
        free("pend0001", "pending.example.com", 10).toBuilder()
            .status(SandboxCertificate.STATUS_REVIEWING)
            .statusMsg("PENDING-DCV")
            .build(),
        free("upld0001", "intranet.example.com", 10).toBuilder().uploaded().build(),
        free("free0001", "www.example.com", 10));

    TencentApiException expired =
        refusal(renewal("gone0001", "old.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    assertThat(expired.code()).isEqualTo("FailedOperation.InvalidCertificateStatusCode");
    assertThat(expired.getMessage()).contains("expired");
    assertThat(
            refusal(
                    renewal(
                        "pend0001", "pending.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048))
                .code())
        .isEqualTo("FailedOperation.InvalidCertificateStatusCode");
    assertThat(
            refusal(
                    renewal(
                        "upld0001", "intranet.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048))
                .code())
        .isEqualTo("FailedOperation.InvalidCertificateSource");
    TencentApiException unknown =
        refusal(renewal("none0001", "www.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    assertThat(unknown.code()).isEqualTo("FailedOperation.CertificateNotFound");
    assertThat(unknown.errorClass()).isEqualTo(ErrorClass.GONE);
    TencentApiException otherDomain =
        refusal(renewal("free0001", "api.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    assertThat(otherDomain.code()).isEqualTo("FailedOperation.InvalidParam");
    assertThat(otherDomain.getMessage()).contains("is not the domain of the old certificate");

    assertThat(sandbox.certificates()).hasSize(4);
    assertThat(sandbox.freeQuotaUsed()).isZero();
    assertThat(sandbox.applyRequestsAccepted("free0001")).isZero();
  }

  @Test
  void only_rsa_2048_and_ecc_prime256v1_keys_for_package_83_and_3_months_are_made() {
    start(free("free0001", "www.example.com", 10));

    assertThat(refusal(raw("free0001", "RSA", "4096", null, null)).code())
        .isEqualTo("FailedOperation.InvalidParam");
    assertThat(refusal(raw("free0001", "ECC", "secp384r1", null, null)).getMessage())
        .contains("CsrKeyParameter for ECC must be prime256v1");
    assertThat(refusal(raw("free0001", "ECC", null, null, null)).code())
        .isEqualTo("FailedOperation.InvalidParam");
    assertThat(refusal(raw("free0001", "SM2", "sm2p256v1", null, null)).getMessage())
        .contains("CsrEncryptAlgo must be RSA or ECC");
    assertThat(refusal(raw("free0001", "RSA", "2048", "2", "3")).getMessage())
        .contains("PackageType must be 83");
    TencentApiException period = refusal(raw("free0001", "RSA", "2048", "83", "12"));
    assertThat(period.code()).isEqualTo("InvalidParameter.PeriodInvalid");
    assertThat(period.errorClass()).isEqualTo(ErrorClass.TERMINAL);
    assertThat(sandbox.freeQuotaUsed()).isZero();

    // Left out, the algorithm is RSA 2048 and package and period are the free ones.
    String defaults = apply(raw("free0001", null, null, null, null));
    assertThat(sandbox.certificate(defaults).orElseThrow().encryptAlgorithm())
        .isEqualTo("RSA 2048");
    String ecc = apply(renewal("free0001", "www.example.com", ValidType.DNS, ApplyKey.ECC_P256));
    assertThat(sandbox.certificate(ecc).orElseThrow().encryptAlgorithm()).isEqualTo("ECC 256");
  }

  @Test
  void the_key_tencent_made_comes_in_the_archive_encrypted_with_the_password() throws Exception {
    start(free("free0001", "www.example.com", 10), free("free0002", "api.example.com", 10));
    String ecc =
        apply(renewal("free0001", "www.example.com", ValidType.DNS_AUTO, ApplyKey.ECC_P256));
    String rsa =
        apply(renewal("free0002", "api.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    clock.advance(ISSUE_DELAY);

    for (String id : List.of(ecc, rsa)) {
      CertificateArchive archive =
          CertificateArchive.read(id, client.downloadCertificate(id).content());
      assertThat(archive.keys()).isNotEmpty();
      CertificateArchive.KeyBlock block = archive.keys().get(0);
      assertThat(block.pem()).contains("BEGIN ENCRYPTED PRIVATE KEY");
      assertThatThrownBy(() -> Pem.parsePrivateKey(block.pem(), "wrong".toCharArray()))
          .isInstanceOf(KeyException.class);
      PrivateKey key = Pem.parsePrivateKey(block.pem(), PASSWORD.toCharArray());
      IssuedCertificate leaf =
          IssuedCertificate.find(
              archive, sandbox.certificate(id).orElseThrow().domain(), Optional.empty());
      assertThat(leaf.matchesKey(key)).as("key of %s", id).isTrue();
    }
    assertThat(keyOf(ecc).getAlgorithm()).isIn("EC", "ECDSA");
    assertThat(keyOf(rsa).getAlgorithm()).isEqualTo("RSA");

    // The detail answer carries the key too; the client never keeps it.
    HttpProfile http = new HttpProfile();
    http.setEndpoint(sandbox.endpoint().getAuthority());
    http.setProtocol(HttpProfile.REQ_HTTP);
    CommonClient sdk =
        new CommonClient(
            "ssl",
            "2019-12-05",
            new Credential(sandbox.secretId(), SandboxOptions.DEFAULT_SECRET_KEY),
            "",
            new ClientProfile(ClientProfile.SIGN_TC3_256, http));
    assertThat(sdk.call("DescribeCertificateDetail", "{\"CertificateId\":\"" + rsa + "\"}"))
        .contains("CertificatePrivateKey", "BEGIN ENCRYPTED PRIVATE KEY");
    assertThat(client.describeCertificateDetail(rsa).certificate().raw())
        .contains(rsa)
        .doesNotContain("CertificatePrivateKey", "PRIVATE KEY");
  }

  /** The private key in {@code id}'s archive, opened with the password it was applied with. */
  private PrivateKey keyOf(String id) {
    CertificateArchive archive =
        CertificateArchive.read(id, client.downloadCertificate(id).content());
    PrivateKey key = Pem.parsePrivateKey(archive.keys().get(0).pem(), PASSWORD.toCharArray());
    assertThat(
            IssuedCertificate.find(
                    archive, sandbox.certificate(id).orElseThrow().domain(), Optional.empty())
                .matchesKey(key))
        .as("the archive's key belongs to the certificate of %s", id)
        .isTrue();
    return key;
  }

  @Test
  void the_free_quota_and_the_main_domain_limit_refuse_and_survive_a_restart() {
    Path state = directory.resolve("state.json");
    SandboxOptions options =
        options(
                free("free0001", "a.example.com", 10),
                free("free0002", "b.example.com", 10),
                free("free0003", "c.example.org", 10),
                free("free0004", "d.example.net", 10))
            .withStateFile(state)
            .withFreeQuota(3)
            .withDomainQuota(2);
    start(options);
    apply(renewal("free0001", "a.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    apply(renewal("free0002", "b.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    TencentApiException domain =
        refusal(renewal("free0001", "a.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    assertThat(domain.code()).isEqualTo("FailedOperation.MainDomainCertificateCountLimit");
    assertThat(domain.errorClass()).isEqualTo(ErrorClass.TERMINAL);
    assertThat(domain.quotaExhausted()).isTrue();
    assertThat(domain.getMessage()).contains("example.com", "2 of 2");
    sandbox.close();

    start(options.withInventory(List.of()));
    assertThat(sandbox.freeQuotaUsed()).isEqualTo(2);
    apply(renewal("free0003", "c.example.org", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    TencentApiException account =
        refusal(renewal("free0004", "d.example.net", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    assertThat(account.code()).isEqualTo("FailedOperation.ExceedsFreeLimit");
    assertThat(account.errorClass()).isEqualTo(ErrorClass.TERMINAL);
    assertThat(account.quotaExhausted()).isTrue();
    assertThat(account.getMessage()).contains("3 of 3");
    assertThat(sandbox.applyRequestsAccepted("free0004")).isZero();

    sandbox.setQuota(0, 0);
    assertThat(apply(renewal("free0004", "d.example.net", ValidType.DNS_AUTO, ApplyKey.RSA_2048)))
        .isNotBlank();
    assertThat(sandbox.freeQuotaUsed()).isEqualTo(4);
  }

  @Test
  void a_lost_answer_made_the_certificate_and_used_quota_and_a_busy_one_did_neither() {
    start(free("free0001", "www.example.com", 10));
    sandbox.setBusyRate(1.0);
    TencentApiException busy =
        refusal(renewal("free0001", "www.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    assertThat(busy.code()).isEqualTo("FailedOperation.NetworkError");
    assertThat(busy.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
    assertThat(sandbox.certificates()).hasSize(1);
    assertThat(sandbox.freeQuotaUsed()).isZero();

    sandbox.setBusyRate(0);
    sandbox.setLostAnswerRate(1.0);
    TencentApiException lost =
        refusal(renewal("free0001", "www.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    assertThat(lost.errorClass()).isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(sandbox.applyRequestsReceived("free0001")).isEqualTo(2);
    assertThat(sandbox.applyRequestsAccepted("free0001")).isEqualTo(1);
    assertThat(sandbox.applyRequestsReceivedAfterAccepted("free0001")).isZero();
    assertThat(sandbox.freeQuotaUsed()).isEqualTo(1);
    assertThat(client.listAllCertificates())
        .filteredOn(
            certificate -> "free0001".equals(certificate.certificateExtra().originCertificateId()))
        .hasSize(1);

    sandbox.setLostAnswerRate(0);
    sandbox.setAnswerFault(AnswerFault.HTTP_502, 1.0);
    assertThat(
            refusal(renewal("free0001", "www.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048))
                .errorClass())
        .isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(sandbox.applyRequestsAccepted("free0001")).isEqualTo(2);
    assertThat(sandbox.applyRequestsReceivedAfterAccepted("free0001")).isEqualTo(1);
  }

  @Test
  void dns_validation_waits_for_published_records_and_complete_then_issues_at_once() {
    start(free("free0001", "www.example.com", 10));
    String newId = apply(renewal("free0001", "www.example.com", ValidType.DNS, ApplyKey.RSA_2048));
    assertThat(client.describeCertificateDetail(newId).dvAuthDetail().dvAuths()).hasSize(1);

    CheckCertificateDomainVerificationResponse missing =
        actions.checkCertificateDomainVerification(newId);
    assertThat(missing.allPassed()).isFalse();
    DomainValidationResult result = missing.verificationResults().get(0);
    assertThat(result.domain()).isEqualTo("www.example.com");
    assertThat(result.verifyType()).isEqualTo("DNS");
    assertThat(result.localCheck()).isEqualTo(-1L);
    assertThat(result.localCheckExplained()).contains("TXT record not found");
    assertThat(result.caCheckPassed()).isFalse();
    assertThat(result.issued()).isFalse();

    // Asking the CA to look changes nothing while the record is missing, however long it waits.
    assertThat(actions.completeCertificate(newId).certificateId()).isEqualTo(newId);
    clock.advance(Duration.ofDays(2));
    assertThat(sandbox.certificate(newId).orElseThrow().status())
        .isEqualTo(SandboxCertificate.STATUS_REVIEWING);

    sandbox.publishValidation(newId);
    CheckCertificateDomainVerificationResponse published =
        actions.checkCertificateDomainVerification(newId);
    assertThat(published.allPassed()).isTrue();
    assertThat(published.verificationResults().get(0).checkValue())
        .containsExactly(
            client.describeCertificateDetail(newId).dvAuthDetail().dvAuths().get(0).dvAuthValue());
    assertThat(published.verificationResults().get(0).caCheckPassed()).isFalse();

    actions.completeCertificate(newId);
    Certificate issued = client.describeCertificateDetail(newId).certificate();
    assertThat(issued.isIssued()).isTrue();
    Instant issuedAt = NOW.plus(Duration.ofDays(2));
    assertThat(issued.certBeginTime()).isEqualTo(issuedAt);
    assertThat(issued.certEndTime()).isEqualTo(issuedAt.plus(Duration.ofDays(90)));
    DomainValidationResult after =
        actions.checkCertificateDomainVerification(newId).verificationResults().get(0);
    assertThat(after.caCheckPassed()).isTrue();
    assertThat(after.issued()).isTrue();

    TencentApiException again =
        catchThrowableOfType(TencentApiException.class, () -> actions.completeCertificate(newId));
    assertThat(again.code()).isEqualTo("FailedOperation.CertificateStatusNotAllowVerify");
    assertThat(again.errorClass()).isEqualTo(ErrorClass.SKIP);
  }

  @Test
  void file_validation_says_file_not_found_and_once_published_issues_after_the_delay() {
    start(free("free0001", "status.example.com", 10));
    String newId =
        apply(renewal("free0001", "status.example.com", ValidType.FILE, ApplyKey.RSA_2048));
    DomainValidationResult result =
        actions.checkCertificateDomainVerification(newId).verificationResults().get(0);
    assertThat(result.localCheck()).isEqualTo(-4L);
    assertThat(result.localCheckExplained()).isEqualTo("validation file not found");

    sandbox.publishValidation(newId);
    sandbox.publishValidation(newId);
    clock.advance(ISSUE_DELAY.minusSeconds(1));
    assertThat(client.describeCertificateDetail(newId).certificate().isIssued()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(client.describeCertificateDetail(newId).certificate().isIssued()).isTrue();
    assertThatThrownBy(() -> sandbox.publishValidation("none0001"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dns_auto_passes_by_itself_and_complete_issues_it_before_the_delay() {
    start(free("free0001", "www.example.com", 10));
    String newId =
        apply(renewal("free0001", "www.example.com", ValidType.DNS_AUTO, ApplyKey.RSA_2048));
    assertThat(actions.checkCertificateDomainVerification(newId).allPassed()).isTrue();
    actions.completeCertificate(newId);
    assertThat(client.describeCertificateDetail(newId).certificate().certBeginTime())
        .isEqualTo(NOW);
  }

  @Test
  void applied_certificates_and_their_keys_survive_a_restart() throws Exception {
    Path state = directory.resolve("state.json");
    SandboxOptions options = options(free("free0001", "www.example.com", 10)).withStateFile(state);
    start(options);
    String newId = apply(renewal("free0001", "www.example.com", ValidType.DNS, ApplyKey.ECC_P256));
    sandbox.close();
    assertThat(Files.readString(state)).contains("\"used\" : 1");

    start(options.withInventory(List.of()));
    sandbox.publishValidation(newId);
    actions.completeCertificate(newId);
    assertThat(keyOf(newId).getAlgorithm()).isIn("EC", "ECDSA");
    assertThat(sandbox.certificate(newId).orElseThrow().originCertificateId())
        .isEqualTo("free0001");
  }
}
