package dev.reissued.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.config.CsrType;
import dev.reissued.config.RenewalConfig;
import dev.reissued.config.RenewalMode;
import dev.reissued.config.RenewalRule;
import dev.reissued.config.RetryPolicy;
import dev.reissued.config.ValidType;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.keys.KeySpec;
import dev.reissued.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenewalPolicyTest {
  static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");
  final SettableClock clock = new SettableClock(NOW);
  final RetryPolicy retry = new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(6), 8);

  RenewalConfig config(RenewalRule... rules) {
    return new RenewalConfig(
        Duration.ofDays(30),
        CsrType.Upload,
        ValidType.DNS_AUTO,
        KeySpec.of("ECC", "prime256v1"),
        retry,
        List.of(rules));
  }

  RenewalPolicy policy(RenewalRule... rules) {
    return new RenewalPolicy(config(rules), clock);
  }

  RenewalPolicy policy(RenewalMode mode) {
    return new RenewalPolicy(
        new RenewalConfig(
            Duration.ofDays(30),
            CsrType.Upload,
            ValidType.DNS_AUTO,
            KeySpec.of("ECC", "prime256v1"),
            retry,
            List.of(),
            mode),
        clock);
  }

  static InventoryCertificate certificate(String id, boolean free, int status, Instant notAfter) {
    return new InventoryCertificate(
        id,
        "main",
        id + ".example.com",
        List.of(),
        status,
        null,
        "trustasia",
        free ? "83" : "100",
        free,
        false,
        "RSA 2048",
        notAfter.minus(Duration.ofDays(90)),
        notAfter,
        null,
        null,
        null);
  }

  static InventoryCertificate due(String id, boolean free) {
    return certificate(id, free, 1, NOW.plus(Duration.ofDays(10)));
  }

  static ReissueRecord row(
      long id,
      String certificateId,
      ReissueState state,
      String code,
      Boolean retryable,
      int attempt,
      Instant next) {
    return new ReissueRecord(
        id,
        certificateId,
        "main",
        certificateId,
        true,
        state,
        CsrType.Upload,
        ValidType.DNS_AUTO,
        "RSA",
        "2048",
        state == ReissueState.SUCCEEDED ? "newId" + id : null,
        null,
        code,
        null,
        retryable,
        attempt,
        next,
        NOW.minus(Duration.ofHours(1)),
        NOW.minus(Duration.ofHours(1)),
        NOW.minus(Duration.ofMinutes(59)),
        "host/1",
        "api",
        Action.REISSUE,
        null,
        null);
  }

  @Test
  void certificate_is_due_exactly_when_not_after_minus_renew_before_is_reached() {
    InventoryCertificate boundary = certificate("edge", false, 1, NOW.plus(Duration.ofDays(30)));
    InventoryCertificate justOutside =
        certificate("out", false, 1, NOW.plus(Duration.ofDays(30)).plusSeconds(1));

    assertThat(policy().decide(boundary, List.of(), "lineage").kind()).isEqualTo(Decision.Kind.DUE);
    Decision later = policy().decide(justOutside, List.of(), "lineage");
    assertThat(later.kind()).isEqualTo(Decision.Kind.LATER);
    assertThat(later.reason())
        .startsWith("due on 2026-11-27 (expires 2026-12-27, renewBefore 30d)");
  }

  @Test
  void free_certificate_is_always_rsa_2048_and_the_reason_says_so() {
    Decision decision = policy().decide(due("free1", true), List.of(), "lineage");

    assertThat(decision.kind()).isEqualTo(Decision.Kind.DUE);
    assertThat(decision.key()).isEqualTo(KeySpec.RSA_2048);
    assertThat(decision.reason()).contains("as RSA 2048, not the ECC prime256v1 of renewal.key");
  }

  @Test
  void paid_certificate_uses_the_configured_key() {
    Decision decision = policy().decide(due("paid1", false), List.of(), "lineage");

    assertThat(decision.key()).isEqualTo(KeySpec.of("ECC", "prime256v1"));
    assertThat(decision.attempt()).isEqualTo(1);
  }

  @Test
  void uploaded_certificate_is_not_eligible() {
    InventoryCertificate uploaded =
        new InventoryCertificate(
            "up1",
            "main",
            "up.example.com",
            List.of(),
            1,
            null,
            "upload",
            null,
            false,
            true,
            null,
            null,
            NOW.plus(Duration.ofDays(3)),
            null,
            null,
            null);

    assertThat(policy().decide(uploaded, List.of(), "lineage").reason())
        .isEqualTo("uploaded certificate: re-issue is not possible, replace it manually");
  }

  @Test
  void expired_certificate_is_not_eligible_whatever_its_status() {
    Decision decision =
        policy()
            .decide(
                certificate("old", true, 1, NOW.minus(Duration.ofDays(1))), List.of(), "lineage");

    assertThat(decision.kind()).isEqualTo(Decision.Kind.NOT_ELIGIBLE);
    assertThat(decision.reason()).isEqualTo("expired on 2026-11-26: apply for a new certificate");
  }

  @Test
  void only_issued_certificates_are_eligible() {
    assertThat(
            policy()
                .decide(
                    certificate("rev", true, 0, NOW.plus(Duration.ofDays(5))), List.of(), "lineage")
                .reason())
        .startsWith("not issued yet: status 0");
    assertThat(
            policy()
                .decide(
                    certificate("can", true, 7, NOW.plus(Duration.ofDays(5))), List.of(), "lineage")
                .reason())
        .startsWith("status 7: only issued certificates (status 1) can be re-issued");
  }

  @Test
  void free_reissue_already_used_is_named_with_its_date_and_new_id() {
    ReissueRecord done = row(7, "free1", ReissueState.SUCCEEDED, null, null, 1, null);

    Decision decision = policy().decide(due("free1", true), List.of(done), "lineage");

    assertThat(decision.kind()).isEqualTo(Decision.Kind.NOT_ELIGIBLE);
    assertThat(decision.reason())
        .isEqualTo("free re-issue already used on 2026-11-27 (new id newId7)");
  }

  @Test
  void free_certificate_whose_lineage_was_reissued_elsewhere_is_not_eligible() {
    InventoryCertificate successor =
        new InventoryCertificate(
            "new1",
            "main",
            "a.example.com",
            List.of(),
            1,
            null,
            "trustasia",
            "83",
            true,
            false,
            null,
            null,
            NOW.plus(Duration.ofDays(10)),
            "orig1",
            null,
            null);
    InventoryCertificate original =
        new InventoryCertificate(
            "orig1",
            "main",
            "a.example.com",
            List.of(),
            1,
            null,
            "trustasia",
            "83",
            true,
            false,
            null,
            null,
            NOW.plus(Duration.ofDays(10)),
            null,
            "new1",
            null);
    ReissueRecord otherInLineage = row(3, "orig1", ReissueState.UNKNOWN, null, null, 1, null);

    RenewalPolicy reissueOnly = policy(RenewalMode.reissue);
    assertThat(reissueOnly.decide(successor, List.of(), "lineage").reason())
        .startsWith("free re-issue already used (this certificate re-issues orig1)");
    assertThat(reissueOnly.decide(original, List.of(), "lineage").reason())
        .isEqualTo("free re-issue already used (new id new1)");
    assertThat(reissueOnly.decide(successor, List.of(otherInLineage), "lineage").reason())
        .startsWith("free re-issue of this order already used for orig1");
    // The default, auto, renews the lineage's newest member with a new free certificate instead.
    Decision auto = policy().decide(successor, List.of(), "lineage");
    assertThat(auto.isDue()).isTrue();
    assertThat(auto.action()).isEqualTo(Action.APPLY);
    assertThat(auto.key()).isEqualTo(KeySpec.of("ECC", "prime256v1"));
    assertThat(policy().decide(original, List.of(), "lineage").isDue()).isFalse();
  }

  @Test
  void open_attempt_needs_attention_and_is_never_due() {
    ReissueRecord unknown =
        row(9, "free1", ReissueState.UNKNOWN, "ClientSideError.NoAnswer", null, 1, null);
    ReissueRecord requested = row(10, "free1", ReissueState.REQUESTED, null, null, 1, null);

    Decision forUnknown = policy().decide(due("free1", true), List.of(unknown), "lineage");
    Decision forRequested = policy().decide(due("free1", true), List.of(requested), "lineage");

    assertThat(forUnknown.kind()).isEqualTo(Decision.Kind.ATTENTION);
    assertThat(forUnknown.reason())
        .startsWith("re-issue outcome unknown since")
        .contains("never re-sent");
    assertThat(forRequested.kind()).isEqualTo(Decision.Kind.ATTENTION);
    assertThat(forRequested.reason()).startsWith("re-issue in progress since");
  }

  @Test
  void retryable_failure_backs_off_then_is_due_with_the_next_attempt_number() {
    Instant next = NOW.plus(Duration.ofMinutes(4));
    ReissueRecord busy =
        row(2, "paid1", ReissueState.FAILED, "FailedOperation.NetworkError", true, 3, next);

    Decision waiting = policy().decide(due("paid1", false), List.of(busy), "lineage");
    clock.set(next);
    Decision retry = policy().decide(due("paid1", false), List.of(busy), "lineage");

    assertThat(waiting.kind()).isEqualTo(Decision.Kind.LATER);
    assertThat(waiting.reason())
        .isEqualTo(
            "backing off until 2026-11-27 04:04 after FailedOperation.NetworkError (attempt 3 of 8)");
    assertThat(retry.kind()).isEqualTo(Decision.Kind.DUE);
    assertThat(retry.attempt()).isEqualTo(4);
  }

  @Test
  void attempts_used_up_or_terminal_failure_stop_for_good() {
    ReissueRecord last =
        row(2, "paid1", ReissueState.FAILED, "FailedOperation.NetworkError", true, 8, NOW);
    ReissueRecord terminal =
        row(3, "paid2", ReissueState.FAILED, "InvalidParameter.RenewCsrInvalid", false, 1, null);

    assertThat(policy().decide(due("paid1", false), List.of(last), "lineage").reason())
        .startsWith("gave up after 8 attempts; last: FailedOperation.NetworkError");
    assertThat(policy().decide(due("paid2", false), List.of(terminal), "lineage").reason())
        .startsWith("failed terminally on 2026-11-27: InvalidParameter.RenewCsrInvalid");
  }

  @Test
  void refused_credentials_do_not_use_up_an_attempt() {
    ReissueRecord refused =
        row(5, "paid1", ReissueState.FAILED, "AuthFailure.SecretIdNotFound", true, 3, NOW);

    Decision decision = policy().decide(due("paid1", false), List.of(refused), "lineage");

    assertThat(decision.kind()).isEqualTo(Decision.Kind.DUE);
    assertThat(decision.attempt()).isEqualTo(3);
  }

  @Test
  void a_request_never_sent_does_not_use_up_an_attempt() {
    ReissueRecord crashed = row(6, "paid1", ReissueState.FAILED, "reissued.NotSent", true, 2, NOW);
    ReissueRecord refused =
        row(7, "paid2", ReissueState.FAILED, "ClientSideError.NotSent", true, 2, NOW);
    ReissueRecord busy =
        row(8, "paid3", ReissueState.FAILED, "FailedOperation.NetworkError", true, 2, NOW);

    assertThat(policy().decide(due("paid1", false), List.of(crashed), "lineage").attempt())
        .isEqualTo(2);
    assertThat(policy().decide(due("paid2", false), List.of(refused), "lineage").attempt())
        .isEqualTo(2);
    assertThat(policy().decide(due("paid3", false), List.of(busy), "lineage").attempt())
        .isEqualTo(3);
  }

  @Test
  void order_already_replaced_means_the_free_quota_is_used() {
    ReissueRecord refused =
        row(
            4,
            "free1",
            ReissueState.FAILED,
            "FailedOperation.OrderAlreadyReplaced",
            false,
            1,
            null);

    assertThat(policy().decide(due("free1", true), List.of(refused), "lineage").kind())
        .isEqualTo(Decision.Kind.NOT_ELIGIBLE);
  }

  @Test
  void rule_can_disable_renewal_for_a_domain() {
    RenewalRule off =
        new RenewalRule(
            List.of("legacy*"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(false));

    Decision decision = policy(off).decide(due("legacy", false), List.of(), "lineage");

    assertThat(decision.reason()).isEqualTo("renewal disabled by renewal.rules[0]");
  }

  @Test
  void paid_reissue_that_kept_the_end_date_is_not_reissued_again() {
    Instant end = NOW.plus(Duration.ofDays(10));
    InventoryCertificate keptEnd =
        new InventoryCertificate(
            "re1",
            "main",
            "a.example.com",
            List.of(),
            1,
            null,
            "trustasia",
            "100",
            false,
            false,
            null,
            end.minus(Duration.ofDays(20)),
            end,
            "orig",
            null,
            null);
    InventoryCertificate extended =
        new InventoryCertificate(
            "re2",
            "main",
            "b.example.com",
            List.of(),
            1,
            null,
            "trustasia",
            "100",
            false,
            false,
            null,
            end.minus(Duration.ofDays(365)),
            end,
            "orig2",
            null,
            null);

    assertThat(policy().decide(keptEnd, List.of(), "lineage").reason())
        .isEqualTo("re-issue did not extend validity: renew or buy a new certificate");
    assertThat(policy().decide(extended, List.of(), "lineage").kind()).isEqualTo(Decision.Kind.DUE);
  }

  @Test
  void gone_certificate_is_not_eligible() {
    InventoryCertificate gone =
        new InventoryCertificate(
            "g1",
            "main",
            "g.example.com",
            List.of(),
            1,
            null,
            "trustasia",
            "83",
            true,
            false,
            null,
            null,
            NOW.plus(Duration.ofDays(3)),
            null,
            null,
            NOW.minus(Duration.ofDays(1)));

    assertThat(policy().decide(gone, List.of(), "lineage").reason())
        .startsWith("no longer returned by the API (gone since 2026-11-26)");
  }
}
