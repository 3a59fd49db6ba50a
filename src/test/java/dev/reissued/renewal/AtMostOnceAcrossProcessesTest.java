package dev.reissued.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.db.PostgresExtension;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.testing.Await;
import dev.reissued.testing.ProcessFixture;
import dev.reissued.testing.ProcessFixture.ReissueRow;
import dev.reissued.testing.ReissuedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The at-most-once invariant across real processes: {@code reissued renew --once} started side by
 * side on one database, and killed with SIGKILL at random moments while the API is busy and loses
 * answers. Each process is a JVM of its own, so its advisory lock and sockets die with it exactly
 * as in production; the in-process sandbox counts what arrived.
 */
class AtMostOnceAcrossProcessesTest {
  private static final Duration PASS_TIMEOUT = Duration.ofSeconds(90);
  private static final int CHAOS_ROUNDS = 8;
  private static final Duration CHAOS_FINISH_TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  ProcessFixture fixture;

  ProcessFixture start(
      TestInfo test,
      List<SandboxCertificate> inventory,
      double requestsPerSecond,
      String extraYaml) {
    Path logs =
        Path.of(
            "target",
            "process-logs",
            getClass().getSimpleName(),
            test.getTestMethod().orElseThrow().getName());
    fixture =
        new ProcessFixture(
            directory,
            logs,
            postgres.jdbcUrl(),
            postgres.jdbc(),
            inventory,
            requestsPerSecond,
            extraYaml);
    fixture.syncInventory();
    return fixture;
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void three_renew_once_processes_started_together_send_one_request_per_certificate(TestInfo test) {
    List<SandboxCertificate> inventory = ProcessFixture.dueFreeCertificates("Race", 30);
    // At 5 requests per second a pass alone would last 6 s: longer than the three JVMs' start-up
    // times differ even on a busy machine, so they overlap and race for the same rows.
    start(test, inventory, 5, "renewal: { renewBefore: 30d, csrType: Original }");
    // The API allows the account about 5 a second, whatever number of processes ask: they share
    // it. (8, not 5: three JVMs starting on a loaded 2-core machine wake threads late, and the
    // sandbox times arrivals on that machine too; three processes each keeping 5 a second on
    // their own would send 15.)
    fixture.sandbox().setRateLimit(8);

    List<ReissuedProcess> passes =
        List.of(
            fixture.start("renew-1", "renew", "--once"),
            fixture.start("renew-2", "renew", "--once"),
            fixture.start("renew-3", "renew", "--once"));
    for (ReissuedProcess pass : passes) {
      assertThat(pass.awaitExit(PASS_TIMEOUT)).as(pass.describe()).isZero();
    }

    for (SandboxCertificate certificate : inventory) {
      assertThat(fixture.sandbox().replaceRequestsReceived(certificate.id()))
          .as(certificate.id())
          .isEqualTo(1);
    }
    List<ReissueRow> rows = fixture.reissues();
    assertThat(rows).hasSize(inventory.size());
    fixture.assertEachReissuedOnceAndRecorded(inventory);
    assertThat(rows)
        .as("refusals for the rate limit")
        .noneMatch(row -> String.valueOf(row.errorCode()).startsWith("RequestLimitExceeded"));
    Set<String> claimers = rows.stream().map(ReissueRow::claimedBy).collect(Collectors.toSet());
    // Otherwise one process did everything before the others looked, and nothing raced.
    assertThat(claimers).as("processes that claimed rows").hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void sigkill_at_random_moments_with_a_busy_api_losing_answers_never_sends_a_second_request(
      TestInfo test) throws InterruptedException {
    List<SandboxCertificate> inventory = ProcessFixture.dueFreeCertificates("Chaos", 24);
    // Short backoffs and many attempts: the test is about never re-sending, not about giving up.
    start(
        test,
        inventory,
        10,
        """
        renewal:
          renewBefore: 30d
          csrType: Original
          retry: { initialBackoff: 1s, maxBackoff: 2s, maxAttempts: 50 }
        """);
    fixture.sandbox().setBusyRate(0.2);
    fixture.sandbox().setLostAnswerRate(0.2);
    Random random = new Random(20260601);
    int killedRunning = 0;

    for (int round = 1; round <= CHAOS_ROUNDS; round++) {
      ReissuedProcess pass = fixture.start("chaos-" + round, "renew", "--once");
      // Anchored on the pass starting (after start-up and reconciliation), then a random number
      // of further API requests (1 to 14, about 0.1 to 1.4 s at 10/s): kills land among claims,
      // sends and outcome writes.
      fixture.awaitProgress(pass, 1 + random.nextInt(14), PASS_TIMEOUT);
      if (pass.isAlive()) {
        pass.kill();
        killedRunning++;
      } else {
        assertThat(pass.awaitExit(Duration.ZERO)).as(pass.describe()).isZero();
      }
      // Not "received at most once": a busy answer did nothing, so a retry after it is allowed.
      // What must never happen is a second request reaching the rules, or any request at all
      // once one has.
      fixture.assertNoSecondReissueRequest(inventory);
    }
    fixture.sandbox().setBusyRate(0);
    fixture.sandbox().setLostAnswerRate(0);
    Instant giveUp = Instant.now().plus(CHAOS_FINISH_TIMEOUT);
    for (int finishing = 1; !fixture.allSucceeded(inventory); finishing++) {
      assertThat(Instant.now())
          .as("all re-issued before the deadline\n" + fixture.describeProcesses())
          .isBefore(giveUp);
      awaitSettlingAndBackoffsOver(giveUp);
      ReissuedProcess pass = fixture.start("finish-" + finishing, "renew", "--once");
      assertThat(pass.awaitExit(PASS_TIMEOUT)).as(pass.describe()).isZero();
    }

    fixture.assertNoSecondReissueRequest(inventory);
    fixture.assertEachReissuedOnceAndRecorded(inventory);
    List<ReissueRow> rows = fixture.reissues();
    // Evidence that the chaos happened: processes died mid-pass, the CA was busy, answers were
    // lost.
    assertThat(killedRunning).as("processes killed while running").isPositive();
    assertThat(rows)
        .as("busy answers")
        .anyMatch(row -> "FailedOperation.NetworkError".equals(row.errorCode()));
    assertThat(rows)
        .as("outcomes only reconciliation could settle")
        .anyMatch(row -> row.succeeded() && "reconcile".equals(row.settledBy()));
  }

  /** Until a pass can settle every open row from the API and retry every failed one. */
  private void awaitSettlingAndBackoffsOver(Instant giveUp) {
    Await.until(
        "settling periods and retry backoffs to end",
        Duration.between(Instant.now(), giveUp),
        () -> Instant.now().isAfter(fixture.settlingAndBackoffsOverAt().plusMillis(500)),
        fixture::describeProcesses);
  }
}
