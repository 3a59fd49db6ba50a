package dev.reissued.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.config.ReissuedConfig;
import dev.reissued.db.Jdbc;
import dev.reissued.inventory.InventorySync;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.TencentClients;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * reissued as real processes against one database and an in-process sandbox they reach over HTTP on
 * 127.0.0.1. The sandbox's counts are the truth about what was sent; the ledger (through {@code
 * v_reissues}, the operator's view) is what reissued believes.
 */
public final class ProcessFixture implements AutoCloseable {
  /** Short timeouts keep the settling period of an unanswered request short: 1 + 2 + 15 s. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  public static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  private final Path directory;
  private final Path logs;
  private final Jdbc jdbc;
  private final Sandbox sandbox;
  private final Path config;
  private final ReissuedConfig loaded;
  private final List<ReissuedProcess> processes = new ArrayList<>();

  /**
   * @param logs where each process's output is kept (under target/, so it outlives a failed test)
   * @param extraYaml appended to the configuration: renewal and schedule sections
   */
  public ProcessFixture(
      Path directory,
      Path logs,
      String jdbcUrl,
      Jdbc jdbc,
      List<SandboxCertificate> inventory,
      String extraYaml) {
    this(directory, logs, jdbcUrl, jdbc, inventory, 10, extraYaml);
  }

  /**
   * @param requestsPerSecond the account's rate limit: how long a pass over the inventory lasts
   */
  public ProcessFixture(
      Path directory,
      Path logs,
      String jdbcUrl,
      Jdbc jdbc,
      List<SandboxCertificate> inventory,
      double requestsPerSecond,
      String extraYaml) {
    this.directory = directory;
    this.logs = logs;
    this.jdbc = jdbc;
    this.sandbox =
        Sandbox.start(SandboxOptions.defaults().withRateLimit(0).withInventory(inventory));
    this.config =
        TestConfigs.write(
            directory,
            jdbcUrl,
            sandbox,
            CONNECT_TIMEOUT,
            READ_TIMEOUT,
            requestsPerSecond,
            extraYaml);
    this.loaded = TestConfigs.load(config);
  }

  /**
   * Free certificates, issued 80 days ago and expiring in 10: due with any renewBefore over 10
   * days.
   */
  public static List<SandboxCertificate> dueFreeCertificates(String prefix, int count) {
    return freeCertificatesExpiring(
        prefix, count, Instant.now().plus(Duration.ofDays(10)), Duration.ZERO);
  }

  /**
   * Free certificates of 90 days, the first expiring at {@code firstNotAfter}, each next one {@code
   * spacing} later.
   */
  public static List<SandboxCertificate> freeCertificatesExpiring(
      String prefix, int count, Instant firstNotAfter, Duration spacing) {
    List<SandboxCertificate> certificates = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      Instant notAfter = firstNotAfter.plus(spacing.multipliedBy(index));
      certificates.add(
          SandboxCertificate.builder(
                  "%s%04d".formatted(prefix, index), prefix.toLowerCase() + index + ".example.com")
              .validity(notAfter.minus(Duration.ofDays(90)), notAfter)
              .build());
    }
    return certificates;
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  public Jdbc jdbc() {
    return jdbc;
  }

  public Duration settlingPeriod() {
    return dev.reissued.tencent.Settling.period(loaded.accounts().get(0));
  }

  /**
   * Starts {@code reissued COMMAND... --config reissued.yaml}; {@link #close()} kills it if still
   * running.
   */
  public ReissuedProcess start(String name, String... command) {
    String[] arguments = new String[command.length + 2];
    System.arraycopy(command, 0, arguments, 0, command.length);
    arguments[command.length] = "--config";
    arguments[command.length + 1] = config.toString();
    ReissuedProcess process =
        ReissuedProcess.start(name, directory, logs.resolve(name + ".log"), arguments);
    processes.add(process);
    return process;
  }

  /**
   * Waits until {@code process} starts deciding (prints a due certificate), then until the sandbox
   * has served {@code more} further requests, or the process has exited: a moment defined by the
   * process's own progress, not by a timer, at which to kill it.
   */
  public void awaitProgress(ReissuedProcess process, int more, Duration timeout) {
    Await.within(timeout, () -> !process.isAlive() || process.printed("due: certificate"));
    long served = sandbox.requestsServed();
    Await.within(timeout, () -> !process.isAlive() || sandbox.requestsServed() >= served + more);
  }

  /** Loads the sandbox's inventory into the database, as the daemon's sync duty would. */
  public void syncInventory() {
    try (TencentClient client = TencentClients.forAccount(loaded.accounts().get(0))) {
      new InventorySync(jdbc, Clock.systemUTC()).sync(client);
    }
  }

  /** One row of v_reissues, with the process that claimed it. */
  public record ReissueRow(
      long id,
      String certificateId,
      String state,
      String newCertificateId,
      String errorCode,
      Boolean retryable,
      Instant nextAttemptAt,
      Instant requestedAt,
      Instant sentAt,
      Instant finishedAt,
      String settledBy,
      String claimedBy) {
    public boolean succeeded() {
      return state.equals("succeeded");
    }

    public boolean open() {
      return state.equals("requested") || state.equals("unknown");
    }
  }

  public List<ReissueRow> reissues() {
    return jdbc.query(
        """
        SELECT v.id, v.certificate_id, v.state, v.new_certificate_id, v.error_code, v.retryable, v.next_attempt_at,
               v.requested_at, v.sent_at,
               v.finished_at, v.settled_by, r.claimed_by
        FROM v_reissues v JOIN reissue r ON r.id = v.id
        ORDER BY v.id
        """,
        row ->
            new ReissueRow(
                row.getLong("id"),
                row.getString("certificate_id"),
                row.getString("state"),
                row.getString("new_certificate_id"),
                row.getString("error_code"),
                (Boolean) row.getObject("retryable"),
                Jdbc.instant(row, "next_attempt_at"),
                Jdbc.instant(row, "requested_at"),
                Jdbc.instant(row, "sent_at"),
                Jdbc.instant(row, "finished_at"),
                row.getString("settled_by"),
                row.getString("claimed_by")));
  }

  /**
   * The moment after which one pass can settle and retry everything: the latest end of a settling
   * period (a sent row whose outcome nobody recorded) or of a retry backoff.
   */
  public Instant settlingAndBackoffsOverAt() {
    Instant latest = Instant.EPOCH;
    for (ReissueRow row : reissues()) {
      Instant until = null;
      if (row.open() && row.sentAt() != null) {
        until = row.sentAt().plus(settlingPeriod());
      } else if (row.state().equals("failed")
          && Boolean.TRUE.equals(row.retryable())
          && row.nextAttemptAt() != null) {
        until = row.nextAttemptAt();
      }
      if (until != null && until.isAfter(latest)) {
        latest = until;
      }
    }
    return latest;
  }

  public boolean allSucceeded(Collection<SandboxCertificate> certificates) {
    Map<String, Long> succeeded =
        reissues().stream()
            .filter(ReissueRow::succeeded)
            .collect(Collectors.groupingBy(ReissueRow::certificateId, Collectors.counting()));
    return certificates.stream().allMatch(certificate -> succeeded.containsKey(certificate.id()));
  }

  /**
   * The invariant, from the sandbox's side: at most one request per certificate reached the
   * re-issue rules, and none at all arrived once one had (a busy answer is a no-op, so earlier
   * busy-answered requests are allowed; a later one of any kind is a second attempt).
   */
  public void assertNoSecondReissueRequest(Collection<SandboxCertificate> certificates) {
    for (SandboxCertificate certificate : certificates) {
      assertThat(sandbox.replaceRequestsAccepted(certificate.id()))
          .as("ReplaceCertificate requests of %s that reached the re-issue rules", certificate.id())
          .isLessThanOrEqualTo(1);
      assertThat(sandbox.replaceRequestsReceivedAfterAccepted(certificate.id()))
          .as(
              "ReplaceCertificate requests of %s that arrived after one was accepted",
              certificate.id())
          .isZero();
    }
  }

  /**
   * The end state: every certificate has exactly one succeeded row, naming the certificate the
   * sandbox shows in ReplacedFor, and no row is left open.
   */
  public void assertEachReissuedOnceAndRecorded(Collection<SandboxCertificate> certificates) {
    List<ReissueRow> rows = reissues();
    assertThat(rows).as("ledger rows left open").noneMatch(ReissueRow::open);
    for (SandboxCertificate certificate : certificates) {
      String replacedFor = sandbox.certificate(certificate.id()).orElseThrow().replacedFor();
      assertThat(replacedFor).as("the sandbox's re-issue of %s", certificate.id()).isNotBlank();
      assertThat(
              rows.stream()
                  .filter(row -> row.certificateId().equals(certificate.id()) && row.succeeded()))
          .as("succeeded rows of %s", certificate.id())
          .singleElement()
          .satisfies(row -> assertThat(row.newCertificateId()).isEqualTo(replacedFor));
      assertThat(sandbox.replaceRequestsAccepted(certificate.id()))
          .as("accepted requests of %s", certificate.id())
          .isEqualTo(1);
    }
  }

  /** Every process's state and last output lines, for failure messages. */
  public String describeProcesses() {
    return processes.stream().map(ReissuedProcess::describe).collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    processes.forEach(ReissuedProcess::close);
    sandbox.close();
  }
}
