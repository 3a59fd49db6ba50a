package dev.reissued.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.config.ValidType;
import dev.reissued.tencent.Certificate;
import dev.reissued.tencent.ClientSettings;
import dev.reissued.tencent.ReplaceCertificateRequest;
import dev.reissued.tencent.TencentClient;
import dev.reissued.testing.SettableClock;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --reissue-validity}: whether a re-issue keeps its original's end date. */
class SandboxReissueValidityTest {
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final Instant NOW = Instant.parse("2025-06-01T02:00:00Z");
  private static final Duration ISSUE_DELAY = Duration.ofMinutes(10);
  private static final Instant ISSUED_AT = NOW.plus(ISSUE_DELAY);

  private final SettableClock clock = new SettableClock(NOW);
  private Sandbox sandbox;
  private TencentClient client;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private void start(ReissueValidity validity) {
    sandbox =
        Sandbox.start(
            SandboxOptions.defaults()
                .withClock(clock)
                .withRateLimit(0)
                .withIssueDelay(ISSUE_DELAY)
                .withReissueValidity(validity)
                .withInventory(
                    List.of(
                        SandboxRulesTest.free("free0001", "www.example.com"),
                        SandboxRulesTest.paid("paid0001", "secure.example.com"))));
    client =
        TencentClient.create(
            ClientSettings.of(
                    "validity-" + ACCOUNTS.incrementAndGet(),
                    sandbox.secretId(),
                    SandboxOptions.DEFAULT_SECRET_KEY)
                .withEndpoint(sandbox.endpoint())
                .withRequestsPerSecond(1000));
  }

  private String reissue(String id) {
    return client
        .replaceCertificate(ReplaceCertificateRequest.original(id, ValidType.DNS_AUTO))
        .certificateId();
  }

  private Certificate issued(String id) {
    return client.describeCertificateDetail(id).certificate();
  }

  private X509Certificate leaf(String id) throws Exception {
    return SandboxRulesTest.certificates(
            SandboxRulesTest.unzip(client.downloadCertificate(id).content())
                .get("www.example.com_apache/2_www.example.com.crt"))
        .get(0);
  }

  @Test
  void a_kept_reissue_starts_when_issued_and_ends_when_its_original_ends() throws Exception {
    start(ReissueValidity.KEEP);
    Instant originalEnd = sandbox.certificate("free0001").orElseThrow().notAfter();
    String newId = reissue("free0001");
    clock.advance(ISSUE_DELAY);

    Certificate reissued = issued(newId);
    assertThat(reissued.isIssued()).isTrue();
    assertThat(reissued.certBeginTime()).isEqualTo(ISSUED_AT);
    assertThat(reissued.certEndTime()).isEqualTo(originalEnd);
    assertThat(leaf(newId).getNotAfter().toInstant()).isEqualTo(originalEnd);
    assertThat(leaf(newId).getNotBefore().toInstant()).isEqualTo(ISSUED_AT);
  }

  @Test
  void keeping_the_end_date_is_the_default_the_conservative_reading() {
    assertThat(SandboxOptions.defaults().reissueValidity()).isEqualTo(ReissueValidity.KEEP);
    assertThat(SandboxOptions.defaults().withReissueValidity(null).reissueValidity())
        .isEqualTo(ReissueValidity.KEEP);
  }

  @Test
  void a_kept_reissue_of_a_kept_reissue_still_ends_when_the_first_certificate_ended() {
    start(ReissueValidity.KEEP);
    Instant originalEnd = sandbox.certificate("paid0001").orElseThrow().notAfter();
    String second = reissue("paid0001");
    clock.advance(ISSUE_DELAY);
    String third = reissue(second);
    clock.advance(ISSUE_DELAY);

    assertThat(issued(second).certEndTime()).isEqualTo(originalEnd);
    assertThat(issued(third).certEndTime()).isEqualTo(originalEnd);
    assertThat(issued(third).certBeginTime()).isEqualTo(ISSUED_AT.plus(ISSUE_DELAY));
  }

  @Test
  void a_fresh_reissue_lasts_90_days_free_and_365_days_paid_from_when_it_is_issued()
      throws Exception {
    start(ReissueValidity.FRESH);
    String free = reissue("free0001");
    String paid = reissue("paid0001");
    clock.advance(ISSUE_DELAY);

    assertThat(issued(free).certEndTime()).isEqualTo(ISSUED_AT.plus(Duration.ofDays(90)));
    assertThat(leaf(free).getNotAfter().toInstant()).isEqualTo(ISSUED_AT.plus(Duration.ofDays(90)));
    assertThat(issued(paid).certEndTime()).isEqualTo(ISSUED_AT.plus(Duration.ofDays(365)));
  }

  @Test
  void the_validity_rule_applies_to_reissues_issued_after_it_is_changed() {
    start(ReissueValidity.FRESH);
    Instant originalEnd = sandbox.certificate("free0001").orElseThrow().notAfter();
    String newId = reissue("free0001");
    sandbox.setReissueValidity(ReissueValidity.KEEP);
    clock.advance(ISSUE_DELAY);

    assertThat(issued(newId).certEndTime()).isEqualTo(originalEnd);
  }
}
