package dev.reissued.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.db.PostgresExtension;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.sandbox.SandboxResource;
import dev.reissued.testing.SettableClock;
import dev.reissued.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reissued cloud status|deploy|rollback} against the sandbox over real HTTP and a real
 * PostgreSQL: a certificate renewed outside reissued is moved on demand, shown, and rolled back.
 */
class CloudCommandTest {
  static final SandboxResource LISTENER =
      SandboxResource.clb(
          "ap-guangzhou", "lb-cmd01", "web", "lbl-cmd443", "https-443", "cmd.example.com");
  static final SandboxResource CDN = SandboxResource.cdn("cmd.example.com");

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  final SettableClock clock = SettableClock.now();
  Sandbox sandbox;
  Path config;

  @BeforeEach
  void start() {
    Instant now = clock.instant();
    sandbox =
        Sandbox.start(
            SandboxOptions.defaults()
                .withClock(clock)
                .withRateLimit(0)
                .withInventory(
                    List.of(
                        SandboxCertificate.builder("CmdOld01", "cmd.example.com")
                            .validity(now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10)))
                            .boundTo(LISTENER, CDN)
                            .build(),
                        SandboxCertificate.builder("CmdNew01", "cmd.example.com")
                            .validity(now, now.plus(Duration.ofDays(90)))
                            .lineage("CmdOld01", null, null)
                            .build())));
    config = TestConfigs.write(directory, postgres.jdbcUrl(), sandbox, "");
    assertThat(CliRun.of("sync", "-c", config.toString()).exitCode()).isZero();
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void deploy_moves_a_lineage_renewed_outside_reissued_and_status_shows_it_on_the_newest() {
    CliRun before = CliRun.of("cloud", "status", "-c", config.toString());
    CliRun deploy = CliRun.of("cloud", "deploy", "CmdOld01", "-c", config.toString());
    CliRun status = CliRun.of("cloud", "status", "CmdNew01", "-c", config.toString());

    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(before.out()).contains("no cloud resource is recorded");
    assertThat(deploy.exitCode()).as(deploy.err()).isZero();
    assertThat(sandbox.cloud().holder(LISTENER)).contains("CmdNew01");
    assertThat(sandbox.cloud().holder(CDN)).contains("CmdNew01");
    assertThat(status.exitCode()).isZero();
    assertThat(status.out())
        .contains("lb-cmd01", "lbl-cmd443", "CmdNew01 (newest)", "succeeded")
        .contains("2 resource(s), 0 not on their lineage's newest certificate");
  }

  @Test
  void rollback_puts_the_moved_resources_back_on_the_old_certificate() {
    CliRun.of("cloud", "deploy", "CmdOld01", "-c", config.toString());
    long record =
        postgres
            .jdbc()
            .queryOne("SELECT record_id FROM cloud_deploy", row -> row.getLong(1))
            .orElseThrow();

    CliRun rollback =
        CliRun.of("cloud", "rollback", String.valueOf(record), "-c", config.toString());

    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(rollback.out()).contains("move task " + record + " is being rolled back as task");
    assertThat(sandbox.cloud().holder(LISTENER)).contains("CmdOld01");
    assertThat(
            postgres
                .jdbc()
                .queryOne(
                    "SELECT state FROM cloud_deploy WHERE old_certificate_id = 'CmdNew01'"
                        + " AND new_certificate_id = 'CmdOld01'",
                    row -> row.getString(1)))
        .hasValue("following");
  }

  @Test
  void deploy_after_a_rollback_moves_the_resources_to_the_newest_again() {
    CliRun.of("cloud", "deploy", "CmdOld01", "-c", config.toString());
    long record =
        postgres
            .jdbc()
            .queryOne("SELECT record_id FROM cloud_deploy", row -> row.getLong(1))
            .orElseThrow();
    CliRun.of("cloud", "rollback", String.valueOf(record), "-c", config.toString());
    assertThat(sandbox.cloud().holder(LISTENER)).contains("CmdOld01");

    CliRun again = CliRun.of("cloud", "deploy", "CmdNew01", "-c", config.toString());

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(sandbox.cloud().holder(LISTENER)).contains("CmdNew01");
    assertThat(sandbox.cloud().holder(CDN)).contains("CmdNew01");
    assertThat(sandbox.cloud().updateCalls("CmdOld01", "CmdNew01")).isEqualTo(2);
  }

  @Test
  void deploy_of_an_unknown_certificate_or_rollback_of_an_unknown_task_fails_with_exit_1() {
    CliRun unknown = CliRun.of("cloud", "deploy", "Nope0001", "-c", config.toString());
    CliRun noTask = CliRun.of("cloud", "rollback", "42", "-c", config.toString());
    CliRun usage = CliRun.of("cloud", "rollback", "-c", config.toString());

    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("Nope0001 is not in the inventory");
    assertThat(noTask.exitCode()).isEqualTo(1);
    assertThat(noTask.err()).contains("no move with task 42");
    assertThat(usage.exitCode()).isEqualTo(2);
  }
}
