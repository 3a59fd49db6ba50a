package dev.reissued.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reissued.db.Jdbc;
import dev.reissued.db.PostgresExtension;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.testing.Await;
import dev.reissued.testing.ProcessFixture;
import dev.reissued.testing.ProcessFixture.ReissueRow;
import dev.reissued.testing.ReissuedProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reissued run} as real daemons: two of them clustered on one database, one stopped with
 * SIGTERM in the middle of a pass, and one whose database is stopped and started under it. Every
 * duty fires each second, so the schedule itself is part of what is tested.
 */
class DaemonProcessTest {
  private static final String EVERY_SECOND =
      """
      schedule: { sync: "* * * * * ?", renew: "* * * * * ?", track: "0 0 * * * ?", clustered: true }
      """;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration REISSUE_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration OUTAGE = Duration.ofSeconds(3);

  /** What systemd would allow before SIGKILL, and what the issue promises. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  ProcessFixture fixture;

  ProcessFixture start(
      TestInfo test,
      String jdbcUrl,
      Jdbc jdbc,
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
        new ProcessFixture(directory, logs, jdbcUrl, jdbc, inventory, requestsPerSecond, extraYaml);
    return fixture;
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void two_clustered_daemons_losing_answers_and_a_node_killed_reissue_each_certificate_exactly_once(
      TestInfo test) {
    // Due one after another over 8 s once both daemons are up, so that there is work left when
    // the working node dies and the cluster has to hand its jobs to another.
    List<SandboxCertificate> inventory =
        ProcessFixture.freeCertificatesExpiring(
            "Node",
            16,
            Instant.now().plus(Duration.ofDays(30)).plusSeconds(8),
            Duration.ofMillis(500));
    start(
        test,
        postgres.jdbcUrl(),
        postgres.jdbc(),
        inventory,
        10,
        "renewal: { renewBefore: 30d, csrType: Original }\n" + EVERY_SECOND);
    // A lost answer was still carried out once, so even with it the sandbox must count exactly one
    // request per certificate; busy answers (harmless extra requests) are the SIGKILL test's part.
    fixture.sandbox().setLostAnswerRate(0.2);
    List<ReissuedProcess> daemons =
        new ArrayList<>(
            List.of(fixture.start("daemon-1", "run"), fixture.start("daemon-2", "run")));
    for (ReissuedProcess daemon : daemons) {
      daemon.awaitOutput("reissued is running", START_TIMEOUT);
    }

    Await.until(
        "a third of the certificates to be claimed",
        REISSUE_TIMEOUT,
        () -> fixture.reissues().size() >= 5,
        fixture::describeProcesses);
    List<ReissueRow> claimed = fixture.reissues();
    String worker = claimed.get(claimed.size() - 1).claimedBy();
    ReissuedProcess killed =
        daemons.stream()
            .filter(daemon -> worker.endsWith("/" + daemon.pid()))
            .findFirst()
            .orElseThrow(() -> new AssertionError(worker));
    killed.kill();
    daemons.remove(killed);
    // As systemd would (Restart=on-failure): the node comes back and rejoins the cluster.
    daemons.add(fixture.start(killed.name() + "-restarted", "run"));
    awaitAllSucceeded(inventory);
    Instant allDone = Instant.now();
    // Renew keeps firing on the cluster after the work is done; none of those passes may send
    // again.
    Await.until(
        "the renew job to fire again 2 s after everything succeeded",
        Duration.ofSeconds(30),
        () -> renewLastFiredAt().isAfter(allDone.plusSeconds(2)),
        fixture::describeProcesses);
    for (ReissuedProcess daemon : daemons) {
      daemon.terminate();
    }
    for (ReissuedProcess daemon : daemons) {
      assertThat(daemon.awaitExit(STOP_TIMEOUT)).as(daemon.describe()).isZero();
    }

    for (SandboxCertificate certificate : inventory) {
      assertThat(fixture.sandbox().replaceRequestsReceived(certificate.id()))
          .as(certificate.id())
          .isEqualTo(1);
    }
    fixture.assertEachReissuedOnceAndRecorded(inventory);
    List<ReissueRow> rows = fixture.reissues();
    List<ReissueRow> recordedByTheirPass =
        rows.stream().filter(row -> "api".equals(row.settledBy())).toList();
    assertThat(rows.stream().map(ReissueRow::claimedBy).distinct())
        .as("nodes that re-issued")
        .hasSizeGreaterThanOrEqualTo(2);
    // @DisallowConcurrentExecution on a clustered job store: a renew pass of one node never
    // overlaps one of another, so rows that different nodes claimed and recorded never overlap in
    // time (rows settled later by reconciliation are left out: their end is not their pass's).
    for (ReissueRow one : recordedByTheirPass) {
      for (ReissueRow other : recordedByTheirPass) {
        if (!one.claimedBy().equals(other.claimedBy())) {
          assertThat(
                  one.finishedAt().isBefore(other.requestedAt())
                      || other.finishedAt().isBefore(one.requestedAt()))
              .as(
                  "row %d (%s) and row %d (%s) were worked on at the same time",
                  one.id(), one.claimedBy(), other.id(), other.claimedBy())
              .isTrue();
        }
      }
    }
    System.out.println(
        "rows per node: "
            + rows.stream()
                .collect(Collectors.groupingBy(ReissueRow::claimedBy, Collectors.counting())));
  }

  @Test
  void sigterm_during_a_pass_exits_0_within_30_s_leaving_every_row_settled(TestInfo test) {
    // At 2 requests per second the pass over 16 certificates lasts 8 s, as a pass over a long
    // backlog would at the API's real limit: the signal comes while calls are going out.
    List<SandboxCertificate> inventory = ProcessFixture.dueFreeCertificates("Term", 16);
    start(
        test,
        postgres.jdbcUrl(),
        postgres.jdbc(),
        inventory,
        2,
        "renewal: { renewBefore: 30d, csrType: Original }\n" + EVERY_SECOND);
    ReissuedProcess daemon = fixture.start("daemon", "run");

    daemon.awaitOutput("re-issued certificate", REISSUE_TIMEOUT);
    daemon.terminate();
    int exitCode = daemon.awaitExit(STOP_TIMEOUT);

    assertThat(exitCode).as(daemon.describe()).isZero();
    assertThat(daemon.output()).contains("stopping: no new work").contains("stopped");
    List<ReissueRow> rows = fixture.reissues();
    assertThat(rows).as("rows left requested").noneMatch(row -> row.state().equals("requested"));
    for (ReissueRow row : rows) {
      int received = fixture.sandbox().replaceRequestsReceived(row.certificateId());
      if (row.sentAt() == null) {
        // Claimed or prepared but released unsent: harmlessly failed, free to try again.
        assertThat(row.state()).as("unsent row %d", row.id()).isEqualTo("failed");
        assertThat(row.errorCode()).as("unsent row %d", row.id()).isEqualTo("reissued.NotSent");
        assertThat(received)
            .as("requests of %s, whose row was not sent", row.certificateId())
            .isZero();
      } else {
        // Sent: the in-flight call was let finish and its outcome recorded (unknown only if the
        // answer timed out, which reconciliation settles from the API).
        assertThat(row.state()).as("sent row %d", row.id()).isIn("succeeded", "unknown");
        assertThat(received).as("requests of %s", row.certificateId()).isEqualTo(1);
      }
    }
    assertThat(fixture.allSucceeded(inventory))
        .as("the signal came after the pass had finished: nothing was tested")
        .isFalse();

    // What the daemon left is done by the next pass, each certificate still asked once.
    ReissuedProcess finish = fixture.start("renew-after", "renew", "--once");
    assertThat(finish.awaitExit(REISSUE_TIMEOUT)).as(finish.describe()).isZero();
    for (SandboxCertificate certificate : inventory) {
      assertThat(fixture.sandbox().replaceRequestsReceived(certificate.id()))
          .as(certificate.id())
          .isEqualTo(1);
    }
    fixture.assertEachReissuedOnceAndRecorded(inventory);
  }

  @Test
  void daemon_survives_its_database_stopping_and_starting_again_and_resumes_its_jobs(TestInfo test)
      throws IOException {
    // A server of its own, on a fixed port and data directory, so it can be stopped and started
    // under the daemon without touching the other tests' server.
    Path dataDirectory = directory.resolve("pgdata");
    int port = freePort();
    EmbeddedPostgres server = startServer(dataDirectory, port);
    HikariDataSource pool = pool(server.getJdbcUrl("postgres", "postgres"));
    try {
      List<SandboxCertificate> before = ProcessFixture.dueFreeCertificates("Before", 8);
      List<SandboxCertificate> after = ProcessFixture.dueFreeCertificates("After", 8);
      start(
          test,
          server.getJdbcUrl("postgres", "postgres"),
          new Jdbc(pool),
          before,
          10,
          "renewal: { renewBefore: 30d, csrType: Original }\n" + EVERY_SECOND);
      ReissuedProcess daemon = fixture.start("daemon", "run");
      daemon.awaitOutput("reissued is running", START_TIMEOUT);
      awaitAllSucceeded(before);

      long errorsBefore = errorLines(daemon);
      server.close();
      // Due while the database is away: only a daemon that recovers will re-issue these.
      after.forEach(fixture.sandbox()::put);
      Await.until(
          "the daemon to log errors about the missing database",
          Duration.ofSeconds(30),
          () -> errorLines(daemon) > errorsBefore || !daemon.isAlive(),
          daemon::describe);
      // The outage itself: long enough for several firings and connection attempts to fail;
      // cut short only if the daemon dies, which fails the test below.
      Await.within(OUTAGE, () -> !daemon.isAlive());
      assertThat(daemon.isAlive()).as(daemon.describe()).isTrue();
      server = startServer(dataDirectory, port);
      // The test's own connections died with the old server; the daemon must cope by itself.
      pool.getHikariPoolMXBean().softEvictConnections();
      awaitAllSucceeded(after);
      assertThat(daemon.isAlive()).as(daemon.describe()).isTrue();
      daemon.terminate();
      assertThat(daemon.awaitExit(STOP_TIMEOUT)).as(daemon.describe()).isZero();

      List<SandboxCertificate> all = new ArrayList<>(before);
      all.addAll(after);
      for (SandboxCertificate certificate : all) {
        assertThat(fixture.sandbox().replaceRequestsReceived(certificate.id()))
            .as(certificate.id())
            .isEqualTo(1);
      }
      fixture.assertEachReissuedOnceAndRecorded(all);
    } finally {
      pool.close();
      server.close();
    }
  }

  private static long errorLines(ReissuedProcess daemon) {
    return daemon.output().lines().filter(line -> line.contains(" ERROR ")).count();
  }

  private static EmbeddedPostgres startServer(Path dataDirectory, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  private static HikariDataSource pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitAllSucceeded(List<SandboxCertificate> certificates) {
    Await.until(
        "every certificate to be re-issued",
        REISSUE_TIMEOUT,
        () -> fixture.allSucceeded(certificates),
        fixture::describeProcesses);
  }

  private Instant renewLastFiredAt() {
    return fixture
        .jdbc()
        .queryOne(
            "SELECT prev_fire_time FROM qrtz_triggers WHERE trigger_name = ?",
            row -> Instant.ofEpochMilli(row.getLong(1)),
            Duty.RENEW.jobName("main"))
        .orElse(Instant.EPOCH);
  }
}
