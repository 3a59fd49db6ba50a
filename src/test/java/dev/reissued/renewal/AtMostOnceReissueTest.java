package dev.reissued.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.config.ValidType;
import dev.reissued.db.PostgresExtension;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.sandbox.AnswerFault;
import dev.reissued.sandbox.ReissueValidity;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.tencent.ReplaceCertificateRequest;
import dev.reissued.tencent.Settling;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invariant this project exists for: at most one ReplaceCertificate request that can take
 * effect per free certificate lineage, across lost answers, crashes and concurrent passes. The
 * sandbox's count of received requests is the truth.
 */
class AtMostOnceReissueTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  RenewalFixture fixture;

  RenewalFixture start(List<SandboxCertificate> inventory) {
    return start(inventory, "");
  }

  RenewalFixture start(List<SandboxCertificate> inventory, String extraConfig) {
    fixture = new RenewalFixture(postgres, directory, inventory, extraConfig);
    fixture.sync();
    return fixture;
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  List<ReissueRecord> rows(TestProcess engine) {
    return engine.ledger().forAccount("main");
  }

  @Test
  void due_free_certificate_is_reissued_once_and_never_again() {
    start(
        List.of(
            RenewalFixture.free("FreeDue1", "a.example.com", 10),
            RenewalFixture.free("FreeLate", "b.example.com", 80)));
    // A re-issue that extends validity: nothing is due after it (ApplyRenewalTest has the other).
    fixture.sandbox.setReissueValidity(ReissueValidity.FRESH);
    TestProcess engine = fixture.engine();
    var account = fixture.config.accounts().get(0);

    var first = engine.renew(account, fixture.client);
    fixture.sync();
    var second = engine.renew(account, fixture.client);

    assertThat(first.sent()).isEqualTo(1);
    assertThat(second.sent()).isZero();
    assertThat(fixture.sandbox.replaceRequestsReceived("FreeDue1")).isEqualTo(1);
    assertThat(fixture.sandbox.replaceRequestsReceived("FreeLate")).isZero();
    ReissueRecord row = rows(engine).get(0);
    assertThat(row.state()).isEqualTo(ReissueState.SUCCEEDED);
    assertThat(row.newCertificateId())
        .isEqualTo(fixture.sandbox.certificate("FreeDue1").orElseThrow().replacedFor());
    assertThat(row.requestId()).isNotBlank();
    assertThat(row.keyAlgorithm() + " " + row.keyParameter()).isEqualTo("RSA 2048");
    Decision after =
        engine.plan("main").stream()
            .filter(d -> d.certificate().certificateId().equals("FreeDue1"))
            .findFirst()
            .orElseThrow();
    assertThat(after.kind()).isEqualTo(Decision.Kind.NOT_ELIGIBLE);
    assertThat(after.reason()).startsWith("free re-issue already used on ");
  }

  @Test
  void lost_answer_is_recorded_unknown_and_reconciled_without_a_second_request() {
    start(List.of(RenewalFixture.free("FreeLost", "lost.example.com", 5)));
    fixture.sandbox.setAnswerFault(AnswerFault.LOST, 1.0);
    TestProcess engine = fixture.engine();
    var account = fixture.config.accounts().get(0);

    engine.renew(account, fixture.client);
    ReissueRecord afterLoss = rows(engine).get(0);
    fixture.sandbox.setAnswerFault(AnswerFault.LOST, 0.0);
    engine.renew(account, fixture.client);
    engine.renew(account, fixture.client);

    assertThat(afterLoss.state()).isEqualTo(ReissueState.UNKNOWN);
    ReissueRecord settled = rows(engine).get(0);
    assertThat(rows(engine)).hasSize(1);
    assertThat(settled.state()).isEqualTo(ReissueState.SUCCEEDED);
    assertThat(settled.settledBy()).isEqualTo("reconcile");
    assertThat(settled.newCertificateId())
        .isEqualTo(fixture.sandbox.certificate("FreeLost").orElseThrow().replacedFor());
    assertThat(fixture.sandbox.replaceRequestsReceived("FreeLost")).isEqualTo(1);
  }

  @Test
  void every_answer_fault_is_unknown_and_none_is_resent() {
    List<SandboxCertificate> inventory = new ArrayList<>();
    AnswerFault[] faults = {
      AnswerFault.HTTP_502, AnswerFault.HTTP_503_RETRY_NOW, AnswerFault.NOT_JSON, AnswerFault.LOST
    };
    for (int index = 0; index < faults.length; index++) {
      inventory.add(RenewalFixture.free("Fault00" + index, "fault" + index + ".example.com", 5));
    }
    start(inventory);
    TestProcess engine = fixture.engine();
    var account = fixture.config.accounts().get(0);

    for (AnswerFault fault : faults) {
      fixture.sandbox.setAnswerFault(fault, 1.0);
      engine.renew(account, fixture.client);
    }
    fixture.sandbox.setAnswerFault(AnswerFault.LOST, 0.0);
    engine.reconcile(account, fixture.client);

    for (int index = 0; index < faults.length; index++) {
      assertThat(fixture.sandbox.replaceRequestsReceived("Fault00" + index))
          .as(faults[index].name())
          .isEqualTo(1);
    }
    assertThat(rows(engine))
        .hasSize(faults.length)
        .allSatisfy(row -> assertThat(row.state()).isEqualTo(ReissueState.SUCCEEDED));
  }

  @Test
  void row_left_unsent_by_a_dead_process_is_failed_harmlessly_and_then_reissued_once() {
    start(List.of(RenewalFixture.free("FreeDead", "dead.example.com", 5)));
    TestProcess dying = fixture.engine();
    InventoryCertificate certificate = dying.inventory().find("FreeDead").orElseThrow();
    var claim = dying.claim("FreeDead", fixture.clock.instant());
    dying.lease().close();
    TestProcess survivor = fixture.engine();

    var result = survivor.renew(fixture.config.accounts().get(0), fixture.client);

    assertThat(claim).isPresent();
    assertThat(result.sent()).isEqualTo(1);
    assertThat(rows(survivor)).hasSize(2);
    assertThat(rows(survivor).get(1).state()).isEqualTo(ReissueState.FAILED);
    assertThat(rows(survivor).get(1).errorCode()).isEqualTo(Reconciler.NOT_SENT);
    assertThat(rows(survivor).get(0).state()).isEqualTo(ReissueState.SUCCEEDED);
    assertThat(fixture.sandbox.replaceRequestsReceived("FreeDead")).isEqualTo(1);
  }

  @Test
  void row_sent_by_a_process_that_died_before_recording_is_settled_from_the_api() {
    start(List.of(RenewalFixture.free("FreeSent", "sent.example.com", 5)));
    TestProcess dying = fixture.engine();
    InventoryCertificate certificate = dying.inventory().find("FreeSent").orElseThrow();
    long id = dying.claim("FreeSent", fixture.clock.instant()).orElseThrow().reissueId();
    assertThat(dying.transitions().markSending(id, fixture.clock.instant())).isPresent();
    String newId =
        fixture
            .client
            .replaceCertificate(ReplaceCertificateRequest.original("FreeSent", ValidType.DNS_AUTO))
            .certificateId();
    dying.lease().close();
    TestProcess survivor = fixture.engine();

    var result = survivor.renew(fixture.config.accounts().get(0), fixture.client);

    assertThat(result.sent()).isZero();
    assertThat(rows(survivor))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.state()).isEqualTo(ReissueState.SUCCEEDED);
              assertThat(row.newCertificateId()).isEqualTo(newId);
              assertThat(row.settledBy()).isEqualTo("reconcile");
            });
    assertThat(fixture.sandbox.replaceRequestsReceived("FreeSent")).isEqualTo(1);
  }

  @Test
  void unknown_row_with_no_reissue_fails_only_after_the_settling_period() {
    start(List.of(RenewalFixture.free("FreeHang", "hang.example.com", 5)));
    TestProcess engine = fixture.engine();
    var account = fixture.config.accounts().get(0);
    InventoryCertificate certificate = engine.inventory().find("FreeHang").orElseThrow();
    long id = engine.claim("FreeHang", fixture.clock.instant()).orElseThrow().reissueId();
    var sentAt = engine.transitions().markSending(id, fixture.clock.instant()).orElseThrow();
    engine
        .transitions()
        .unknown(Observed.sent(id, sentAt), "reissued.NoAnswer", "read timed out", null);

    engine.reconcile(account, fixture.client);
    ReissueState whileSettling = engine.ledger().find(id).orElseThrow().state();
    fixture.clock.advance(Settling.period(account).plusSeconds(1));
    engine.reconcile(account, fixture.client);
    ReissueRecord settled = engine.ledger().find(id).orElseThrow();
    var retry = engine.renew(account, fixture.client);

    assertThat(whileSettling).isEqualTo(ReissueState.UNKNOWN);
    assertThat(settled.state()).isEqualTo(ReissueState.FAILED);
    assertThat(settled.errorCode()).isEqualTo(Reconciler.NO_REISSUE_FOUND);
    assertThat(retry.sent()).isEqualTo(1);
    assertThat(fixture.sandbox.replaceRequestsReceived("FreeHang")).isEqualTo(1);
  }

  @Test
  void two_passes_at_once_send_one_request_per_certificate() throws Exception {
    List<SandboxCertificate> inventory = new ArrayList<>();
    for (int index = 0; index < 30; index++) {
      inventory.add(
          RenewalFixture.free(
              "Race%04d".formatted(index), "race" + index + ".example.com", 3 + index % 20));
    }
    start(inventory, "renewal: { csrType: Original }");
    var account = fixture.config.accounts().get(0);
    List<TestProcess> engines = List.of(fixture.engine(), fixture.engine(), fixture.engine());
    ExecutorService threads = Executors.newFixedThreadPool(engines.size());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> passes = new ArrayList<>();
    for (TestProcess engine : engines) {
      passes.add(
          threads.submit(
              () -> {
                start.await();
                return engine.renew(account, fixture.client);
              }));
    }
    start.countDown();
    for (Future<?> pass : passes) {
      pass.get();
    }
    threads.shutdown();
    // A slow answer may have timed out (unknown): reconciliation settles it from the API.
    engines.get(0).reconcile(account, fixture.client);

    for (SandboxCertificate certificate : inventory) {
      assertThat(fixture.sandbox.replaceRequestsReceived(certificate.id()))
          .as(certificate.id())
          .isEqualTo(1);
    }
    assertThat(rows(engines.get(0)))
        .hasSize(30)
        .allSatisfy(row -> assertThat(row.state()).isEqualTo(ReissueState.SUCCEEDED));
  }

  @Test
  void reconciling_in_the_same_process_while_a_pass_runs_never_takes_its_rows_for_orphans()
      throws Exception {
    List<SandboxCertificate> inventory = new ArrayList<>();
    for (int index = 0; index < 12; index++) {
      inventory.add(
          RenewalFixture.free("Same%04d".formatted(index), "same" + index + ".example.com", 5));
    }
    start(inventory);
    var account = fixture.config.accounts().get(0);
    TestProcess engine = fixture.engine();
    ExecutorService reconciling = Executors.newSingleThreadExecutor();
    java.util.concurrent.atomic.AtomicBoolean passDone =
        new java.util.concurrent.atomic.AtomicBoolean();
    Future<Integer> reconciliations =
        reconciling.submit(
            () -> {
              int runs = 0;
              while (!passDone.get()) {
                engine.reconcile(account, fixture.client);
                runs++;
              }
              return runs;
            });

    engine.renew(account, fixture.client);
    passDone.set(true);
    int runs = reconciliations.get();
    reconciling.shutdown();

    assertThat(runs).isPositive();
    assertThat(rows(engine))
        .hasSize(12)
        .allSatisfy(row -> assertThat(row.state()).isEqualTo(ReissueState.SUCCEEDED));
    for (SandboxCertificate certificate : inventory) {
      assertThat(fixture.sandbox.replaceRequestsReceived(certificate.id())).isEqualTo(1);
    }
  }

  @Test
  void order_already_replaced_is_terminal_and_never_asked_again() {
    start(List.of(RenewalFixture.free("FreeUsed", "used.example.com", 5)));
    fixture.client.replaceCertificate(
        ReplaceCertificateRequest.original("FreeUsed", ValidType.DNS_AUTO));
    TestProcess engine = fixture.engine();
    var account = fixture.config.accounts().get(0);

    engine.renew(account, fixture.client);
    engine.renew(account, fixture.client);

    assertThat(rows(engine))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.state()).isEqualTo(ReissueState.FAILED);
              assertThat(row.errorCode()).isEqualTo("FailedOperation.OrderAlreadyReplaced");
              assertThat(row.retryable()).isFalse();
            });
    assertThat(fixture.sandbox.replaceRequestsReceived("FreeUsed")).isEqualTo(2);
    Decision decision = engine.plan("main").get(0);
    assertThat(decision.kind()).isEqualTo(Decision.Kind.NOT_ELIGIBLE);
    assertThat(decision.reason()).contains("free re-issue already used");
  }

  @Test
  void busy_api_backs_off_and_succeeds_once_the_faults_stop() {
    start(List.of(RenewalFixture.free("FreeBusy", "busy.example.com", 5)));
    fixture.sandbox.setBusyRate(1.0);
    TestProcess engine = fixture.engine();
    var account = fixture.config.accounts().get(0);

    engine.renew(account, fixture.client);
    var backingOff = engine.renew(account, fixture.client);
    Decision waiting = engine.plan("main").get(0);
    fixture.sandbox.setBusyRate(0.0);
    fixture.clock.advance(Duration.ofMinutes(2));
    engine.renew(account, fixture.client);

    assertThat(backingOff.sent()).isZero();
    assertThat(waiting.kind()).isEqualTo(Decision.Kind.LATER);
    assertThat(waiting.reason())
        .startsWith("backing off until ")
        .contains("FailedOperation.NetworkError (attempt 1 of 8)");
    List<ReissueRecord> rows = rows(engine);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).errorCode()).isEqualTo("FailedOperation.NetworkError");
    assertThat(rows.get(0).state()).isEqualTo(ReissueState.SUCCEEDED);
    assertThat(rows.get(0).attempt()).isEqualTo(2);
    assertThat(fixture.sandbox.replaceRequestsAccepted("FreeBusy")).isEqualTo(1);
  }

  @Test
  void paid_certificate_uses_the_rule_key_and_free_ones_stay_rsa_2048() {
    start(
        List.of(
            RenewalFixture.paid("PaidEcc1", "shop.example.com", 10),
            RenewalFixture.free("FreeEcc1", "www.example.com", 10)),
        "renewal: { key: { algorithm: ECC, parameter: prime256v1 } }");
    TestProcess engine = fixture.engine();

    engine.renew(fixture.config.accounts().get(0), fixture.client);

    assertThat(rows(engine))
        .hasSize(2)
        .allSatisfy(row -> assertThat(row.state()).isEqualTo(ReissueState.SUCCEEDED));
    assertThat(rows(engine))
        .anySatisfy(
            row -> {
              assertThat(row.certificateId()).isEqualTo("PaidEcc1");
              assertThat(row.keyAlgorithm() + " " + row.keyParameter()).isEqualTo("ECC prime256v1");
            });
    assertThat(rows(engine))
        .anySatisfy(
            row -> {
              assertThat(row.certificateId()).isEqualTo("FreeEcc1");
              assertThat(row.keyAlgorithm() + " " + row.keyParameter()).isEqualTo("RSA 2048");
            });
    Long sealedKeys =
        postgres
            .jdbc()
            .queryOne(
                "SELECT count(*) FROM sealed_secret WHERE kind = 'private_key'", r -> r.getLong(1))
            .orElseThrow();
    assertThat(sealedKeys).isEqualTo(2);
  }
}
