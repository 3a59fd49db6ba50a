package dev.reissued.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reissued.cli.CliAccess;
import dev.reissued.config.ValidType;
import dev.reissued.db.PostgresExtension;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.tencent.ReplaceCertificateRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each ledger transition is a compare-and-set on the state and {@code sent_at} it was decided from:
 * decided on a row that has moved on, it changes nothing. And rows an earlier version abandoned
 * (failed although Tencent carried the re-issue out) are recovered from the API's evidence.
 */
class LedgerTransitionsTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  RenewalFixture fixture;
  TestProcess engine;
  Ledger ledger;
  Transitions transitions;

  void start(String... certificates) {
    fixture =
        new RenewalFixture(
            postgres,
            directory,
            java.util.Arrays.stream(certificates)
                .map(id -> RenewalFixture.free(id, id.toLowerCase() + ".example.com", 5))
                .toList(),
            "renewal: { csrType: Original }");
    fixture.sync();
    engine = fixture.engine();
    ledger = engine.ledger();
    transitions = engine.transitions();
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  long claim(String certificateId) {
    return engine.claim(certificateId, now()).orElseThrow().reissueId();
  }

  Instant now() {
    return fixture.clock.instant();
  }

  ReissueRecord row(long id) {
    return ledger.find(id).orElseThrow();
  }

  @Test
  void never_sent_is_decided_by_the_database_so_a_row_sent_since_it_was_read_is_not_failed() {
    start("Stale01");
    long id = claim("Stale01");
    Observed readBeforeSending = Observed.of(row(id));
    Instant sentAt = transitions.markSending(id, now()).orElseThrow();

    boolean failed =
        transitions.fail(
            readBeforeSending,
            Failure.retryable(Reconciler.NOT_SENT, "never sent", null, now()),
            SettledBy.RECONCILE,
            now());

    assertThat(failed).isFalse();
    assertThat(row(id).state()).isEqualTo(ReissueState.REQUESTED);
    assertThat(row(id).sentAt()).isEqualTo(sentAt);
  }

  @Test
  void a_row_settled_meanwhile_is_neither_sent_nor_overwritten() {
    start("Stale02");
    long id = claim("Stale02");
    Observed unsent = Observed.of(row(id));
    assertThat(
            transitions.fail(
                unsent,
                Failure.retryable(Reconciler.NOT_SENT, "let go", null, now()),
                SettledBy.PASS,
                now()))
        .isTrue();

    assertThat(transitions.markSending(id, now())).isEmpty();
    assertThat(transitions.succeed(unsent, "Whatever", null, SettledBy.API, now())).isFalse();
    assertThat(row(id).state()).isEqualTo(ReissueState.FAILED);
    assertThat(row(id).settledBy()).isEqualTo("pass");
  }

  @Test
  void an_answer_settles_a_row_another_node_made_unknown_but_not_one_it_settled() {
    start("Stale03", "Stale04");
    long first = claim("Stale03");
    Instant sentAt = transitions.markSending(first, now()).orElseThrow();
    Observed asSent = Observed.sent(first, sentAt);
    assertThat(transitions.unknown(asSent, "reissued.Orphaned", "owner gone", null)).isTrue();

    // The sender's compare-and-set from 'requested' loses; from what it reads now, it wins.
    assertThat(transitions.succeed(asSent, "NewOne", "req-1", SettledBy.API, now())).isFalse();
    assertThat(
            transitions.succeed(
                asSent.in(ReissueState.UNKNOWN), "NewOne", "req-1", SettledBy.API, now()))
        .isTrue();

    long second = claim("Stale04");
    Instant secondSent = transitions.markSending(second, now()).orElseThrow();
    assertThat(
            transitions.fail(
                Observed.sent(second, secondSent),
                Failure.terminal("FailedOperation.InvalidParam", "no", "req-2"),
                SettledBy.API,
                now()))
        .isTrue();
    assertThat(
            transitions.succeed(
                Observed.sent(second, secondSent).in(ReissueState.UNKNOWN),
                "Late",
                null,
                SettledBy.API,
                now()))
        .isFalse();
    assertThat(row(first).newCertificateId()).isEqualTo("NewOne");
    assertThat(row(second).state()).isEqualTo(ReissueState.FAILED);
  }

  @Test
  void a_sent_row_fails_without_an_answer_only_once_the_settling_period_is_over() {
    start("Stale05");
    long id = claim("Stale05");
    Instant sentAt = transitions.markSending(id, now()).orElseThrow();
    Observed unknown = Observed.sent(id, sentAt).in(ReissueState.UNKNOWN);
    transitions.unknown(Observed.sent(id, sentAt), "reissued.NoAnswer", "timeout", null);
    Failure none = Failure.retryable(Reconciler.NO_REISSUE_FOUND, "none", null, now());

    assertThatThrownBy(() -> transitions.fail(unknown, none, SettledBy.RECONCILE, now()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(transitions.failUnseen(unknown, none, sentAt.minusSeconds(1), now())).isFalse();
    assertThat(row(id).state()).isEqualTo(ReissueState.UNKNOWN);
    assertThat(transitions.failUnseen(unknown, none, sentAt, now())).isTrue();
  }

  @Test
  void a_requested_row_found_sent_by_a_dead_process_is_unknown_while_it_settles() {
    start("Stale06");
    TestProcess dying = fixture.engine();
    InventoryCertificate certificate = dying.inventory().find("Stale06").orElseThrow();
    long id = dying.claim("Stale06", now()).orElseThrow().reissueId();
    dying.transitions().markSending(id, now()).orElseThrow();
    dying.lease().close();

    engine.reconcile(fixture.config.accounts().get(0), fixture.client);

    assertThat(row(id).state()).isEqualTo(ReissueState.UNKNOWN);
    assertThat(row(id).errorCode()).isEqualTo(Reconciler.ORPHANED);
    assertThat(fixture.sandbox.replaceRequestsReceived("Stale06")).isZero();
  }

  /**
   * What the race of issue 10 left behind: the accepted request's row failed as never sent, a
   * second request refused with OrderAlreadyReplaced, and the certificate Tencent issued abandoned.
   */
  long abandon(String certificateId) {
    long accepted = claim(certificateId);
    Instant sentAt = transitions.markSending(accepted, now()).orElseThrow();
    fixture.client.replaceCertificate(
        ReplaceCertificateRequest.original(certificateId, ValidType.DNS_AUTO));
    postgres
        .jdbc()
        .update(
            "UPDATE reissue SET state = 'failed', error_code = ?, retryable = true, finished_at = ?,"
                + " settled_by = 'reconcile' WHERE id = ?",
            Reconciler.NOT_SENT,
            sentAt.plusSeconds(10),
            accepted);
    long refused = claim(certificateId);
    Instant refusedAt = transitions.markSending(refused, now()).orElseThrow();
    transitions.fail(
        Observed.sent(refused, refusedAt),
        Failure.terminal("FailedOperation.OrderAlreadyReplaced", "already", "req-x"),
        SettledBy.API,
        now());
    return accepted;
  }

  @Test
  void an_abandoned_reissue_the_api_shows_is_recovered_as_succeeded_and_tracked() {
    start("Lost0001");
    long accepted = abandon("Lost0001");
    String newId = fixture.sandbox.certificate("Lost0001").orElseThrow().replacedFor();
    var account = fixture.config.accounts().get(0);

    var result = engine.reconcile(account, fixture.client);
    var tracked = engine.track(account, fixture.client);

    assertThat(result.settledSucceeded()).isEqualTo(1);
    ReissueRecord recovered = row(accepted);
    assertThat(recovered.state()).isEqualTo(ReissueState.SUCCEEDED);
    assertThat(recovered.newCertificateId()).isEqualTo(newId);
    assertThat(recovered.settledBy()).isEqualTo("reconcile");
    assertThat(tracked.followed()).isEqualTo(1);
    assertThat(
            postgres
                .jdbc()
                .queryOne(
                    "SELECT note FROM v_reissues WHERE id = ?", r -> r.getString(1), accepted))
        .hasValueSatisfying(note -> assertThat(note).contains("recovered").contains(newId));
    assertThat(fixture.sandbox.replaceRequestsAccepted("Lost0001")).isEqualTo(1);
  }

  @Test
  void resolve_settles_a_failed_row_only_on_the_apis_evidence() {
    start("Lost0002");
    long accepted = abandon("Lost0002");
    String newId = fixture.sandbox.certificate("Lost0002").orElseThrow().replacedFor();
    // No reconciliation has run: the operator finds the abandoned row first.
    Path config = directory.resolve("reissued.yaml");

    var wrong =
        CliAccess.run(
            "resolve",
            String.valueOf(accepted),
            "--succeeded",
            "Typo0001",
            "-c",
            config.toString());
    var fromApi =
        CliAccess.run("resolve", String.valueOf(accepted), "--from-api", "-c", config.toString());

    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err()).contains("does not show certificate Lost0002 re-issued as Typo0001");
    assertThat(fromApi.exitCode()).as(fromApi.err()).isZero();
    assertThat(fromApi.out()).contains("settled as succeeded (" + newId + ")");
    assertThat(row(accepted).newCertificateId()).isEqualTo(newId);
    assertThat(row(accepted).settledBy()).isEqualTo("operator");
  }

  @Test
  void a_refusal_for_the_rate_limit_does_not_use_up_an_attempt() {
    start("Limit001");
    var account = fixture.config.accounts().get(0);
    fixture.sandbox.refuseNext(
        "ReplaceCertificate", "RequestLimitExceeded", "Your request rate exceeds 10 per second.");

    engine.pass(account, fixture.client);
    ReissueRecord refused = ledger.forAccount("main").get(0);
    fixture.clock.advance(Duration.ofHours(1));
    engine.pass(account, fixture.client);
    List<ReissueRecord> rows = ledger.forAccount("main");

    assertThat(refused.errorCode()).startsWith("RequestLimitExceeded");
    assertThat(refused.retryable()).isTrue();
    assertThat(rows.get(0).state()).isEqualTo(ReissueState.SUCCEEDED);
    assertThat(rows.get(0).attempt()).isEqualTo(refused.attempt());
  }
}
