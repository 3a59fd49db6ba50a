package dev.reissued.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.NotifyEvent;
import dev.reissued.db.PostgresExtension;
import dev.reissued.notify.Event;
import dev.reissued.sandbox.AnswerFault;
import dev.reissued.sandbox.SandboxCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal that really extends validity, against a sandbox whose re-issues keep the original's end
 * date (its default): a re-issue is found not to extend, the lineage goes on to ApplyCertificate,
 * the new free certificate is issued, delivered with the key Tencent made, and valid for months.
 */
class ApplyRenewalTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  RenewalFixture fixture;
  final List<Event> events = new CopyOnWriteArrayList<>();

  TestProcess start(List<SandboxCertificate> inventory) {
    fixture = new RenewalFixture(postgres, directory, inventory, "");
    fixture.sync();
    return fixture.engine(events::add);
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  AccountConfig account() {
    return fixture.config.accounts().get(0);
  }

  Decision decision(TestProcess process, String certificateId) {
    return process.plan("main").stream()
        .filter(d -> d.certificate().certificateId().equals(certificateId))
        .findFirst()
        .orElseThrow();
  }

  List<ReissueRecord> rows(TestProcess process) {
    return process.ledger().forAccount("main");
  }

  /** Renew, track until issued, sync: one turn of the daemon's duties. */
  void turn(TestProcess process) {
    process.renew(account(), fixture.client);
    process.track(account(), fixture.client);
    fixture.sync();
  }

  @Test
  void a_reissue_that_keeps_the_end_date_is_found_out_and_the_lineage_renewed_by_an_apply() {
    TestProcess process = start(List.of(RenewalFixture.free("Keep0001", "keep.example.com", 10)));
    Instant originalEnd =
        fixture
            .sandbox
            .certificate("Keep0001")
            .orElseThrow()
            .notAfter()
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    turn(process);
    ReissueRecord reissue = rows(process).get(0);
    String reissued = reissue.newCertificateId();
    Decision original = decision(process, "Keep0001");
    Decision next = decision(process, reissued);
    turn(process);
    turn(process);

    assertThat(reissue.action()).isEqualTo(Action.REISSUE);
    assertThat(reissue.extended()).isFalse();
    assertThat(reissue.issuedNotAfter()).isEqualTo(originalEnd);
    assertThat(original.reason())
        .startsWith("re-issued on ")
        .contains("as " + reissued + ", but it still expires on");
    assertThat(next.isDue()).isTrue();
    assertThat(next.action()).isEqualTo(Action.APPLY);
    assertThat(events)
        .anyMatch(
            e ->
                e.type() == NotifyEvent.RENEWAL_NOT_EXTENDED
                    && e.certificateId().equals("Keep0001"));
    ReissueRecord apply = rows(process).get(0);
    assertThat(apply.action()).isEqualTo(Action.APPLY);
    assertThat(apply.certificateId()).isEqualTo(reissued);
    assertThat(apply.state()).isEqualTo(ReissueState.SUCCEEDED);
    assertThat(apply.extended()).isTrue();
    assertThat(apply.issuedNotAfter()).isAfter(Instant.now().plus(Duration.ofDays(60)));
    assertThat(fixture.sandbox.applyRequestsReceived(reissued)).isEqualTo(1);
    assertThat(fixture.sandbox.replaceRequestsReceived("Keep0001")).isEqualTo(1);
    assertThat(
            postgres
                .jdbc()
                .queryOne(
                    "SELECT state || ' ' || key_source FROM v_deliveries WHERE reissue_id = ?",
                    row -> row.getString(1),
                    apply.id()))
        .hasValue("delivered tencent");
    Decision renewed = decision(process, reissued);
    assertThat(renewed.cause()).isEqualTo(Decision.Cause.RENEWED);
    assertThat(decision(process, apply.newCertificateId()).kind()).isEqualTo(Decision.Kind.LATER);
  }

  @Test
  void
      once_an_account_has_shown_that_reissues_keep_the_end_date_its_free_certificates_are_applied_for() {
    TestProcess process =
        start(
            List.of(
                RenewalFixture.free("Keep0002", "first.example.com", 10),
                RenewalFixture.free("Late0002", "second.example.com", 60)));
    turn(process);
    fixture.clock.advance(Duration.ofDays(40));

    Decision second = decision(process, "Late0002");

    assertThat(second.isDue()).isTrue();
    assertThat(second.action()).isEqualTo(Action.APPLY);
  }

  @Test
  void a_lost_apply_answer_is_settled_by_the_certificate_naming_the_old_one_and_never_resent() {
    TestProcess process = start(List.of(RenewalFixture.free("Lost0003", "lost.example.com", 10)));
    turn(process);
    String reissued = rows(process).get(0).newCertificateId();
    fixture.sandbox.setAnswerFault(AnswerFault.LOST, 1.0);

    process.renew(account(), fixture.client);
    ReissueRecord lost = rows(process).get(0);
    fixture.sandbox.setAnswerFault(AnswerFault.LOST, 0.0);
    process.renew(account(), fixture.client);
    process.renew(account(), fixture.client);

    assertThat(lost.action()).isEqualTo(Action.APPLY);
    assertThat(lost.state()).isEqualTo(ReissueState.UNKNOWN);
    ReissueRecord settled = process.ledger().find(lost.id()).orElseThrow();
    assertThat(settled.state()).isEqualTo(ReissueState.SUCCEEDED);
    assertThat(settled.settledBy()).isEqualTo("reconcile");
    assertThat(fixture.sandbox.applyRequestsReceived(reissued)).isEqualTo(1);
    assertThat(fixture.sandbox.applyRequestsAccepted(reissued)).isEqualTo(1);
  }

  @Test
  void a_quota_refusal_stops_the_lineage_cleanly_and_is_reported_once_for_the_account() {
    TestProcess process =
        start(
            List.of(
                RenewalFixture.free("Quota001", "q1.example.com", 10),
                RenewalFixture.free("Quota002", "q2.example.com", 10)));
    fixture.sandbox.setQuota(1, 0);
    turn(process);
    turn(process);
    turn(process);

    List<ReissueRecord> applies =
        rows(process).stream().filter(r -> r.action() == Action.APPLY).toList();
    assertThat(applies).hasSize(2);
    assertThat(applies)
        .filteredOn(r -> r.state() == ReissueState.FAILED)
        .singleElement()
        .satisfies(
            refused -> {
              assertThat(refused.errorCode()).isEqualTo("FailedOperation.ExceedsFreeLimit");
              assertThat(refused.retryable()).isFalse();
              assertThat(decision(process, refused.certificateId()).cause())
                  .isEqualTo(Decision.Cause.QUOTA_EXHAUSTED);
            });
    assertThat(events)
        .filteredOn(e -> e.type() == NotifyEvent.QUOTA_EXHAUSTED)
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsKeys("applies_last_90_days", "code"));
  }

  @Test
  void an_apply_waits_until_tencent_accepts_a_renewal_within_30_days_of_expiry() {
    TestProcess process = start(List.of(RenewalFixture.free("Early001", "early.example.com", 10)));
    turn(process);
    String reissued = rows(process).get(0).newCertificateId();
    // The re-issue kept the original's end date, 10 days out: apply is due at once. A lineage
    // ending 45 days out would wait.
    fixture.clock.advance(Duration.ofDays(-36));

    Decision early = decision(process, reissued);

    assertThat(early.kind()).isEqualTo(Decision.Kind.LATER);
    assertThat(early.reason()).startsWith("apply due on").contains("within 30 days of expiry");
  }
}
