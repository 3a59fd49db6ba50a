package dev.reissued.tencent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import dev.reissued.config.ValidType;
import dev.reissued.sandbox.AnswerFault;
import dev.reissued.sandbox.ArchiveFault;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxInventory;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.testing.SettableClock;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TencentClientTest {
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final Instant NOW = Instant.parse("2025-03-01T04:00:00Z");

  private final SettableClock clock = new SettableClock(NOW);
  private Sandbox sandbox;

  @AfterEach
  void stopSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private Sandbox start(SandboxOptions options) {
    sandbox = Sandbox.start(options);
    return sandbox;
  }

  private Sandbox startWith(SandboxCertificate... certificates) {
    return start(
        SandboxOptions.defaults()
            .withClock(clock)
            .withRateLimit(0)
            .withInventory(List.of(certificates)));
  }

  private static ClientSettings settings(Sandbox sandbox) {
    return ClientSettings.of(
            "test-" + ACCOUNTS.incrementAndGet(),
            sandbox.secretId(),
            SandboxOptions.DEFAULT_SECRET_KEY)
        .withEndpoint(sandbox.endpoint())
        .withRequestsPerSecond(1000)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  private static TencentClient client(Sandbox sandbox) {
    return TencentClient.create(settings(sandbox));
  }

  private static SandboxCertificate free(String id, String domain) {
    return SandboxCertificate.builder(id, domain)
        .validity(NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(10)))
        .insertTime(NOW.minus(Duration.ofDays(80)))
        .build();
  }

  private static TencentApiException failure(Runnable call) {
    return catchThrowableOfType(TencentApiException.class, call::run);
  }

  @Test
  void the_sdk_signer_is_accepted_and_certificates_are_listed() {
    startWith(free("aaaa0001", "www.example.com"), free("aaaa0002", "api.example.com"));
    DescribeCertificatesResponse page =
        client(sandbox).describeCertificates(DescribeCertificatesRequest.page(0, 10));
    assertThat(page.totalCount()).isEqualTo(2);
    assertThat(page.requestId()).isNotBlank();
    assertThat(page.certificates())
        .extracting(Certificate::certificateId)
        .containsExactlyInAnyOrder("aaaa0001", "aaaa0002");
    Certificate certificate =
        page.certificates().stream()
            .filter(c -> c.certificateId().equals("aaaa0001"))
            .findFirst()
            .orElseThrow();
    assertThat(certificate.isFree()).isTrue();
    assertThat(certificate.isUploaded()).isFalse();
    assertThat(certificate.isIssued()).isTrue();
    assertThat(certificate.certEndTime()).isEqualTo(NOW.plus(Duration.ofDays(10)));
    assertThat(certificate.encryptAlgorithm()).isEqualTo("RSA 2048");
    assertThat(certificate.raw()).contains("\"CertificateId\":\"aaaa0001\"");
  }

  @Test
  void a_wrong_secret_key_is_an_account_error_that_names_authfailure_and_no_secret() {
    startWith(free("aaaa0001", "www.example.com"));
    TencentClient wrong =
        TencentClient.create(settings(sandbox).withSecretKey("not-the-sandbox-key-42"));
    TencentApiException error =
        failure(() -> wrong.describeCertificates(DescribeCertificatesRequest.page(0, 10)));
    assertThat(error.code()).isEqualTo("AuthFailure.SignatureFailure");
    assertThat(error.errorClass()).isEqualTo(ErrorClass.ACCOUNT);
    assertThat(error.requestId()).isNotBlank();
    assertThat(error.getMessage())
        .contains(wrong.account(), "DescribeCertificates", "AuthFailure.SignatureFailure")
        .contains(error.requestId())
        .doesNotContain("not-the-sandbox-key-42");
  }

  @Test
  void an_unknown_secret_id_is_an_account_error() {
    startWith();
    TencentClient stranger =
        TencentClient.create(
            new ClientSettings(
                "stranger-" + ACCOUNTS.incrementAndGet(),
                "AKIDunknown",
                "whatever",
                sandbox.endpoint(),
                "",
                1000,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5)));
    TencentApiException error =
        failure(() -> stranger.describeCertificates(DescribeCertificatesRequest.page(0, 1)));
    assertThat(error.code()).isEqualTo("AuthFailure.SecretIdNotFound");
    assertThat(error.errorClass()).isEqualTo(ErrorClass.ACCOUNT);
  }

  @Test
  void a_busy_ca_is_retryable_and_nothing_was_reissued() {
    startWith(free("aaaa0001", "www.example.com"));
    sandbox.setBusyRate(1.0);
    TencentApiException error =
        failure(
            () ->
                client(sandbox)
                    .replaceCertificate(
                        ReplaceCertificateRequest.original("aaaa0001", ValidType.DNS_AUTO)));
    assertThat(error.code()).isEqualTo("FailedOperation.NetworkError");
    assertThat(error.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
    assertThat(error.certificateId()).isEqualTo("aaaa0001");
    assertThat(sandbox.replaceRequestsReceived("aaaa0001")).isEqualTo(1);
    assertThat(sandbox.replaceRequestsAccepted("aaaa0001")).isZero();
    assertThat(sandbox.certificates()).hasSize(1);
  }

  @Test
  void exceeding_the_api_rate_limit_is_retryable() {
    startWith(free("aaaa0001", "www.example.com"));
    sandbox.setRateLimit(1);
    TencentClient client = client(sandbox);
    client.describeCertificates(DescribeCertificatesRequest.page(0, 1));
    TencentApiException error =
        failure(() -> client.describeCertificates(DescribeCertificatesRequest.page(0, 1)));
    assertThat(error.code()).isEqualTo("RequestLimitExceeded");
    assertThat(error.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
  }

  @Test
  void an_unknown_certificate_is_gone() {
    startWith();
    TencentApiException error =
        failure(() -> client(sandbox).describeCertificateDetail("nope0001"));
    assertThat(error.code()).isEqualTo("FailedOperation.CertificateNotFound");
    assertThat(error.errorClass()).isEqualTo(ErrorClass.GONE);
    assertThat(error.getMessage()).contains("nope0001");
  }

  @Test
  void an_uploaded_certificate_is_skipped() {
    startWith(
        SandboxCertificate.builder("upld0001", "intranet.example.com")
            .uploaded()
            .validity(NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(5)))
            .build());
    TencentApiException error =
        failure(
            () ->
                client(sandbox)
                    .replaceCertificate(
                        ReplaceCertificateRequest.original("upld0001", ValidType.DNS_AUTO)));
    assertThat(error.code()).isEqualTo("FailedOperation.InvalidCertificateSource");
    assertThat(error.errorClass()).isEqualTo(ErrorClass.SKIP);
  }

  @Test
  void a_reissue_answers_the_new_id_and_a_second_one_is_terminal_with_the_quota_used() {
    startWith(free("aaaa0001", "www.example.com"));
    TencentClient client = client(sandbox);
    ReplaceCertificateResponse first =
        client.replaceCertificate(
            ReplaceCertificateRequest.original("aaaa0001", ValidType.DNS_AUTO));
    assertThat(first.certificateId()).matches("[A-Za-z0-9]{8}").isNotEqualTo("aaaa0001");
    assertThat(first.requestId()).isNotBlank();

    TencentApiException second =
        failure(
            () ->
                client.replaceCertificate(
                    ReplaceCertificateRequest.original("aaaa0001", ValidType.DNS_AUTO)));
    assertThat(second.code()).isEqualTo("FailedOperation.OrderAlreadyReplaced");
    assertThat(second.errorClass()).isEqualTo(ErrorClass.TERMINAL);
    assertThat(second.quotaUsed()).isTrue();

    CertificateDetail detail = client.describeCertificateDetail(first.certificateId());
    assertThat(detail.certificate().certificateExtra().replacedBy()).isEqualTo("aaaa0001");
    assertThat(
            client
                .describeCertificateDetail("aaaa0001")
                .certificate()
                .certificateExtra()
                .replacedFor())
        .isEqualTo(first.certificateId());
  }

  @Test
  void a_refused_connection_was_not_sent() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    TencentClient client =
        TencentClient.create(
            ClientSettings.of("refused-" + ACCOUNTS.incrementAndGet(), "AKIDx", "key")
                .withEndpoint(URI.create("http://127.0.0.1:" + closedPort))
                .withRequestsPerSecond(1000));
    TencentApiException error =
        failure(
            () ->
                client.replaceCertificate(
                    ReplaceCertificateRequest.original("aaaa0001", ValidType.DNS_AUTO)));
    assertThat(error.errorClass()).isEqualTo(ErrorClass.NOT_SENT);
    assertThat(error.code()).isEqualTo(LocalCode.NOT_SENT);
    assertThat(error.requestId()).isNull();
  }

  @Test
  void a_lost_answer_is_an_unknown_outcome_after_exactly_one_request() {
    startWith(free("aaaa0001", "www.example.com"));
    sandbox.setLostAnswerRate(1.0);
    TencentApiException error =
        failure(
            () ->
                client(sandbox)
                    .replaceCertificate(
                        ReplaceCertificateRequest.original("aaaa0001", ValidType.DNS_AUTO)));
    assertThat(error.errorClass()).isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(error.code()).isEqualTo(LocalCode.NO_ANSWER);
    assertThat(sandbox.replaceRequestsReceived("aaaa0001")).isEqualTo(1);
    assertThat(sandbox.certificate("aaaa0001").orElseThrow().replacedFor()).isNotNull();
  }

  @Test
  void a_lost_answer_on_a_reused_keep_alive_connection_is_not_resent() {
    startWith(free("aaaa0001", "www.example.com"));
    TencentClient client = client(sandbox);
    client.describeCertificates(DescribeCertificatesRequest.page(0, 1));
    sandbox.setLostAnswerRate(1.0);
    TencentApiException error =
        failure(
            () ->
                client.replaceCertificate(
                    ReplaceCertificateRequest.original("aaaa0001", ValidType.DNS_AUTO)));
    assertThat(error.errorClass()).isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(sandbox.replaceRequestsReceived("aaaa0001")).isEqualTo(1);
    assertThat(sandbox.requestsServed()).isEqualTo(2);
  }

  @Test
  void the_sdk_default_http_client_would_resend_a_lost_answer_which_is_why_it_is_replaced()
      throws Exception {
    startWith(paid("paid0001", "secure.example.com"));
    HttpProfile httpProfile = new HttpProfile();
    httpProfile.setEndpoint(sandbox.endpoint().getAuthority());
    httpProfile.setProtocol(HttpProfile.REQ_HTTP);
    httpProfile.setReadTimeout(5);
    httpProfile.setWriteTimeout(5);
    CommonClient stock =
        new CommonClient(
            "ssl",
            "2019-12-05",
            new Credential(sandbox.secretId(), SandboxOptions.DEFAULT_SECRET_KEY),
            "",
            new ClientProfile(ClientProfile.SIGN_TC3_256, httpProfile));
    stock.call("DescribeCertificates", "{\"Limit\":1}");
    sandbox.setLostAnswerRate(1.0);
    assertThatThrownBy(
            () ->
                stock.call(
                    "ReplaceCertificate",
                    "{\"CertificateId\":\"paid0001\",\"ValidType\":\"DNS_AUTO\"}"))
        .isInstanceOf(TencentCloudSDKException.class);
    assertThat(sandbox.replaceRequestsReceived("paid0001")).isGreaterThan(1);
  }

  @Test
  void a_503_asking_for_an_immediate_retry_is_not_retried_below_the_client() {
    startWith(free("aaaa0001", "www.example.com"));
    sandbox.setAnswerFault(AnswerFault.HTTP_503_RETRY_NOW, 1.0);
    TencentApiException error =
        failure(
            () ->
                client(sandbox)
                    .replaceCertificate(
                        ReplaceCertificateRequest.original("aaaa0001", ValidType.DNS_AUTO)));
    assertThat(error.errorClass()).isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(sandbox.replaceRequestsReceived("aaaa0001")).isEqualTo(1);
  }

  @Test
  void a_server_error_or_a_body_that_is_not_json_leaves_a_reissue_unknown() {
    startWith(free("aaaa0001", "www.example.com"), free("aaaa0002", "api.example.com"));
    TencentClient client = client(sandbox);
    sandbox.setAnswerFault(AnswerFault.HTTP_502, 1.0);
    TencentApiException gateway =
        failure(
            () ->
                client.replaceCertificate(
                    ReplaceCertificateRequest.original("aaaa0001", ValidType.DNS_AUTO)));
    assertThat(gateway.code()).isEqualTo(LocalCode.SERVER_SIDE_ERROR);
    assertThat(gateway.errorClass()).isEqualTo(ErrorClass.OUTCOME_UNKNOWN);

    sandbox.setAnswerFault(AnswerFault.NOT_JSON, 1.0);
    TencentApiException garbage =
        failure(
            () ->
                client.replaceCertificate(
                    ReplaceCertificateRequest.original("aaaa0002", ValidType.DNS_AUTO)));
    assertThat(garbage.code()).isEqualTo(LocalCode.INVALID_RESPONSE);
    assertThat(garbage.errorClass()).isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(sandbox.replaceRequestsReceived("aaaa0001")).isEqualTo(1);
    assertThat(sandbox.replaceRequestsReceived("aaaa0002")).isEqualTo(1);
  }

  @Test
  void a_read_timeout_leaves_a_reissue_unknown() {
    startWith(free("aaaa0001", "www.example.com"));
    sandbox.setAnswerFault(AnswerFault.HANG, 1.0);
    TencentClient client =
        TencentClient.create(
            settings(sandbox).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)));
    TencentApiException error =
        failure(
            () ->
                client.replaceCertificate(
                    ReplaceCertificateRequest.original("aaaa0001", ValidType.DNS_AUTO)));
    assertThat(error.errorClass()).isEqualTo(ErrorClass.OUTCOME_UNKNOWN);
    assertThat(error.getCause()).isNotNull();
    assertThat(sandbox.replaceRequestsReceived("aaaa0001")).isEqualTo(1);
  }

  @Test
  void paging_reads_all_of_2500_certificates_exactly_once() {
    start(
        SandboxOptions.defaults()
            .withClock(clock)
            .withRateLimit(0)
            .withInventory(SandboxInventory.synthetic(2500, 42, clock)));
    TencentClient client = client(sandbox);
    List<Certificate> all = client.listAllCertificates();
    assertThat(all).hasSize(2500);
    Set<String> ids = new HashSet<>();
    all.forEach(certificate -> ids.add(certificate.certificateId()));
    assertThat(ids).hasSize(2500);
    assertThat(sandbox.requestsServed()).isEqualTo(3);

    DescribeCertificatesResponse sorted =
        client.describeCertificates(
            DescribeCertificatesRequest.page(0, 5).withExpirationSort("ASC"));
    assertThat(sorted.totalCount()).isEqualTo(2500);
    assertThat(sorted.certificates()).extracting(Certificate::certEndTime).isSorted();
  }

  @Test
  void paging_fails_at_once_on_a_total_count_of_2_pow_31_minus_1_with_the_same_page_every_time() {
    start(
        SandboxOptions.defaults()
            .withClock(clock)
            .withRateLimit(0)
            .withRepeatedPage(Integer.MAX_VALUE)
            .withInventory(SandboxInventory.synthetic(30, 42, clock)));

    TencentApiException error = failure(() -> client(sandbox).listAllCertificates());

    assertThat(sandbox.requestsServed()).isEqualTo(1);
    assertThat(error.code()).isEqualTo(LocalCode.INVALID_RESPONSE);
    assertThat(error.requestId()).isNotNull();
    assertThat(error.getMessage())
        .contains(
            ": DescribeCertificates failed with ClientSideError.InvalidResponse (paging"
                + " does not add up: the answer at Offset 0 says TotalCount 2147483647; reissued"
                + " pages through at most 100000 certificates)");
  }

  @Test
  void paging_fails_when_a_page_brings_no_certificate_not_seen_before() {
    start(
        SandboxOptions.defaults()
            .withClock(clock)
            .withRateLimit(0)
            .withRepeatedPage(5000)
            .withInventory(SandboxInventory.synthetic(1200, 42, clock)));

    TencentApiException error = failure(() -> client(sandbox).listAllCertificates());

    assertThat(sandbox.requestsServed()).isEqualTo(2);
    assertThat(error.getMessage())
        .contains(
            "paging does not add up: the page at Offset 1000 brings no certificate not seen"
                + " before (1000 read, TotalCount 5000): the pager repeats itself");
  }

  @Test
  void a_page_repeated_with_a_total_count_it_covers_ends_the_listing_normally() {
    start(
        SandboxOptions.defaults()
            .withClock(clock)
            .withRateLimit(0)
            .withRepeatedPage(30)
            .withInventory(SandboxInventory.synthetic(30, 42, clock)));

    assertThat(client(sandbox).listAllCertificates()).hasSize(30);
    assertThat(sandbox.requestsServed()).isEqualTo(1);
  }

  @Test
  void a_download_answer_past_16_mib_is_refused_before_it_is_read_whole() {
    startWith(free("aaaa0001", "www.example.com"));
    sandbox.setArchiveFault(ArchiveFault.OVERSIZED, "aaaa0001");
    TencentClient client = client(sandbox);

    TencentApiException error = failure(() -> client.downloadCertificate("aaaa0001"));

    assertThat(error.code()).isEqualTo(LocalCode.INVALID_RESPONSE);
    assertThat(error.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
    assertThat(error.getMessage())
        .contains("DownloadCertificate of certificate aaaa0001 failed")
        .contains("; at most 16777216 are read, so it was not read");
    sandbox.setArchiveFault(ArchiveFault.NONE, "aaaa0001");
    assertThat(client.downloadCertificate("aaaa0001").content()).isNotEmpty();
  }

  @Test
  void odd_values_are_read_leniently_and_a_certificate_without_id_is_skipped() {
    startWith(
        free("odd00001", "odd.example.com").toBuilder()
            .rawOverrides(
                Map.of(
                    "CertBeginTime", "2024-11-06 08:00:0",
                    "CertEndTime", "--",
                    "InsertTime", "0000-00-00 00:00:00",
                    "Status", "1",
                    "IsDv", "1",
                    "ProjectId", 0,
                    "SubjectAltName", "odd.example.com",
                    "Unexpected", Map.of("nested", true)))
            .build(),
        free("odd00002", "empty.example.com").toBuilder()
            .rawOverrides(Map.of("CertEndTime", "", "CertificateExtra", "not an object"))
            .build(),
        free("odd00003", "noid.example.com").toBuilder()
            .rawOverrides(Map.of("CertificateId", ""))
            .build());
    DescribeCertificatesResponse page =
        client(sandbox).describeCertificates(DescribeCertificatesRequest.page(0, 10));
    assertThat(page.totalCount()).isEqualTo(3);
    assertThat(page.skipped()).isEqualTo(1);
    assertThat(page.certificates()).hasSize(2);
    Certificate odd =
        page.certificates().stream()
            .filter(c -> c.certificateId().equals("odd00001"))
            .findFirst()
            .orElseThrow();
    assertThat(odd.certBeginTime()).isEqualTo(Instant.parse("2024-11-06T00:00:00Z"));
    assertThat(odd.certEndTime()).isNull();
    assertThat(odd.insertTime()).isNull();
    assertThat(odd.status()).isEqualTo(1L);
    assertThat(odd.isDv()).isTrue();
    assertThat(odd.projectId()).isEqualTo("0");
    assertThat(odd.subjectAltName()).containsExactly("odd.example.com");
    Certificate empty =
        page.certificates().stream()
            .filter(c -> c.certificateId().equals("odd00002"))
            .findFirst()
            .orElseThrow();
    assertThat(empty.certEndTime()).isNull();
    assertThat(empty.certificateExtra()).isEqualTo(CertificateExtra.NONE);
  }

  @Test
  void thirty_calls_at_ten_per_second_never_trip_a_sandbox_limited_to_ten_per_second() {
    start(
        SandboxOptions.defaults()
            .withClock(Clock.systemUTC())
            .withRateLimit(10)
            .withInventory(List.of(free("aaaa0001", "www.example.com"))));
    TencentClient client = TencentClient.create(settings(sandbox).withRequestsPerSecond(10));
    long started = System.nanoTime();
    for (int i = 0; i < 30; i++) {
      client.describeCertificates(DescribeCertificatesRequest.page(0, 1));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    // Loose on purpose: the pacing itself is measured exactly with a fake ticker in
    // RateLimiterTest.
    assertThat(took).isLessThan(Duration.ofMillis(4500));
  }

  @Test
  void clients_of_one_account_share_its_rate_limiter() {
    startWith();
    ClientSettings settings = settings(sandbox).withRequestsPerSecond(2);
    TencentClient first = TencentClient.create(settings);
    TencentClient second = TencentClient.create(settings);
    long started = System.nanoTime();
    first.describeCertificates(DescribeCertificatesRequest.page(0, 1));
    second.describeCertificates(DescribeCertificatesRequest.page(0, 1));
    first.describeCertificates(DescribeCertificatesRequest.page(0, 1));
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1000));
  }

  private static SandboxCertificate paid(String id, String domain) {
    return SandboxCertificate.builder(id, domain)
        .paid()
        .validity(NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(20)))
        .insertTime(NOW.minus(Duration.ofDays(300)))
        .build();
  }
}
