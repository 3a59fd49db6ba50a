package dev.reissued.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.db.PostgresExtension;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.testing.Await;
import dev.reissued.testing.ProcessFixture;
import dev.reissued.testing.ReissuedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal that really extends validity, with the daemon as a real process killed mid-pass: the
 * sandbox keeps the end date on re-issue (its default), is busy 30% of the time and loses 20% of
 * the answers to both ReplaceCertificate and ApplyCertificate. Every lineage must end on a
 * certificate valid for months, with at most one accepted request of each kind.
 */
class ExtendingRenewalAcrossProcessesTest {
  private static final int CERTIFICATES = 6;
  private static final int KILLS = 3;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(150);
  private static final String SCHEDULE =
      """
      renewal:
        renewBefore: 30d
        mode: auto
        retry: { initialBackoff: 1s, maxBackoff: 2s, maxAttempts: 50 }
      schedule: { sync: "*/2 * * * * ?", renew: "*/2 * * * * ?", track: "*/2 * * * * ?", reconcile: "*/2 * * * * ?" }
      """;

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  ProcessFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void a_daemon_killed_mid_pass_ends_every_lineage_valid_for_months_with_one_request_of_each_kind(
      TestInfo test) {
    List<SandboxCertificate> inventory = ProcessFixture.dueFreeCertificates("Extend", CERTIFICATES);
    fixture =
        new ProcessFixture(
            directory,
            Path.of(
                "target",
                "process-logs",
                getClass().getSimpleName(),
                test.getTestMethod().orElseThrow().getName()),
            postgres.jdbcUrl(),
            postgres.jdbc(),
            inventory,
            10,
            SCHEDULE);
    fixture.sandbox().setBusyRate(0.3);
    fixture.sandbox().setLostAnswerRate(0.2);
    Random random = new Random(20261201);

    for (int kill = 1; kill <= KILLS; kill++) {
      ReissuedProcess daemon = fixture.start("daemon-" + kill, "run");
      // Killed a random number of API requests into its work (1 to 20): among claims, sends,
      // outcome writes, tracking and applications.
      fixture.awaitProgress(daemon, 1 + random.nextInt(20), START_TIMEOUT);
      assertThat(daemon.isAlive()).as(daemon.describe()).isTrue();
      daemon.kill();
      assertAtMostOneAcceptedRequestOfEachKind(inventory);
    }
    fixture.sandbox().setBusyRate(0);
    fixture.sandbox().setLostAnswerRate(0);
    ReissuedProcess last = fixture.start("daemon-last", "run");
    Await.until(
        "every lineage renewed by a certificate valid for 60 days or more",
        FINISH_TIMEOUT,
        () -> inventory.stream().allMatch(c -> renewedFor(c).isPresent()),
        () -> fixture.describeProcesses() + "\n" + ledger());
    last.terminate();

    assertAtMostOneAcceptedRequestOfEachKind(inventory);
    for (SandboxCertificate certificate : inventory) {
      // A lineage whose re-issue was refused (busy) goes straight to ApplyCertificate once the
      // account has shown that re-issues keep the end date; either way one application renews it.
      assertThat(fixture.sandbox().replaceRequestsAccepted(certificate.id()))
          .as("accepted ReplaceCertificate of %s", certificate.id())
          .isLessThanOrEqualTo(1);
      reissueOf(certificate)
          .ifPresent(
              reissued ->
                  assertThat(reissued.notAfter())
                      .as("the sandbox keeps the end date on re-issue")
                      .isEqualTo(certificate.notAfter()));
      assertThat(lineage(certificate).stream().mapToInt(fixture.sandbox()::applyRequestsAccepted))
          .as("accepted ApplyCertificate renewing the lineage of %s", certificate.id())
          .containsOnlyOnce(1)
          .allMatch(accepted -> accepted <= 1);
    }
    // Evidence that the chaos happened: busy answers, and answers lost that only reconciliation
    // could settle.
    assertThat(ledgerCount("error_code = 'FailedOperation.NetworkError'")).as("busy").isPositive();
    assertThat(ledgerCount("state = 'succeeded' AND settled_by = 'reconcile'"))
        .as("lost answers settled by reconciliation")
        .isPositive();
    assertThat(
            postgres
                .jdbc()
                .queryOne(
                    "SELECT count(*) FROM reissue WHERE kind = 'apply' AND state = 'succeeded'"
                        + " AND extended",
                    row -> row.getLong(1))
                .orElseThrow())
        .as("applications recorded as extending validity")
        .isEqualTo(CERTIFICATES);
  }

  /** The sandbox's re-issue of {@code certificate}, if it made one. */
  private Optional<SandboxCertificate> reissueOf(SandboxCertificate certificate) {
    String id = fixture.sandbox().certificate(certificate.id()).orElseThrow().replacedFor();
    return id == null || id.isBlank() ? Optional.empty() : fixture.sandbox().certificate(id);
  }

  /** The certificate and its re-issue, if any: what an application may renew. */
  private List<String> lineage(SandboxCertificate certificate) {
    return Stream.concat(
            Stream.of(certificate.id()),
            reissueOf(certificate).map(SandboxCertificate::id).stream())
        .toList();
  }

  /**
   * The issued certificate the sandbox made by ApplyCertificate renewing a member of {@code
   * certificate}'s lineage, if it is valid for 60 days or more and reissued's ledger names it as a
   * succeeded, issued application.
   */
  private Optional<SandboxCertificate> renewedFor(SandboxCertificate certificate) {
    List<String> lineage = lineage(certificate);
    Instant months = Instant.now().plus(Duration.ofDays(60));
    return fixture.sandbox().certificates().stream()
        .filter(c -> lineage.contains(c.originCertificateId()))
        .filter(c -> c.status() == 1 && c.notAfter().isAfter(months))
        .filter(
            c ->
                postgres
                        .jdbc()
                        .queryOne(
                            "SELECT count(*) FROM reissue WHERE kind = 'apply' AND state = 'succeeded'"
                                + " AND new_certificate_id = ? AND issued_at IS NOT NULL",
                            row -> row.getLong(1),
                            c.id())
                        .orElse(0L)
                    == 1)
        .findFirst();
  }

  /**
   * The invariant from the API's side: per lineage at most one ReplaceCertificate and at most one
   * ApplyCertificate reached the rules, and nothing of the same kind arrived after one had.
   */
  private void assertAtMostOneAcceptedRequestOfEachKind(List<SandboxCertificate> inventory) {
    fixture.assertNoSecondReissueRequest(inventory);
    for (SandboxCertificate certificate : inventory) {
      for (String member : lineage(certificate)) {
        assertThat(fixture.sandbox().applyRequestsAccepted(member))
            .as("accepted ApplyCertificate renewing %s", member)
            .isLessThanOrEqualTo(1);
        assertThat(fixture.sandbox().applyRequestsReceivedAfterAccepted(member))
            .as("ApplyCertificate renewing %s after one was accepted", member)
            .isZero();
      }
    }
  }

  private long ledgerCount(String condition) {
    return postgres
        .jdbc()
        .queryOne("SELECT count(*) FROM reissue WHERE " + condition, row -> row.getLong(1))
        .orElseThrow();
  }

  private String ledger() {
    return String.join(
        "\n",
        postgres
            .jdbc()
            .query(
                "SELECT id, kind, certificate_id, state, error_code, new_certificate_id,"
                    + " issued_at, extended FROM reissue ORDER BY id",
                row ->
                    row.getLong(1)
                        + " "
                        + row.getString(2)
                        + " "
                        + row.getString(3)
                        + " "
                        + row.getString(4)
                        + " "
                        + row.getString(5)
                        + " -> "
                        + row.getString(6)
                        + " issued "
                        + row.getString(7)
                        + " extended "
                        + row.getString(8)));
  }
}
