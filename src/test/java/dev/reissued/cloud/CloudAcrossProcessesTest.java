package dev.reissued.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.config.CloudConfig;
import dev.reissued.config.CsrType;
import dev.reissued.config.RetryPolicy;
import dev.reissued.db.PostgresExtension;
import dev.reissued.inventory.Inventory;
import dev.reissued.notify.EventSink;
import dev.reissued.sandbox.AnswerFault;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxCloudOptions;
import dev.reissued.sandbox.SandboxResource;
import dev.reissued.testing.Await;
import dev.reissued.testing.ProcessFixture;
import dev.reissued.testing.ReissuedProcess;
import dev.reissued.track.Issued;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud stage as the daemon runs it, in real processes: the sandbox makes 30% of move tasks
 * wait to be created, fails 20% of resources on their first attempt and loses answers to
 * UpdateCertificateInstance, and the daemon is SIGKILLed while moves run. Every resource of a
 * renewed lineage ends on its newest certificate, resources of certificates nobody renewed stay,
 * and no pair is asked to move more than a handful of times, with one task each.
 */
class CloudAcrossProcessesTest {
  private static final int LINEAGES = 5;
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration FINISH = Duration.ofSeconds(60);

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  ProcessFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static List<SandboxResource> resourcesOf(String name) {
    return List.of(
        SandboxResource.clb(
            "ap-guangzhou", "lb-" + name, name, "lbl-" + name, "https-443", name + ".example.com"),
        SandboxResource.cdn(name + ".example.com"),
        SandboxResource.teo("zone-" + name, name + ".example.com"),
        SandboxResource.cos("ap-shanghai", "bucket-" + name, "static." + name + ".example.com"));
  }

  @Test
  void sigkilled_daemons_with_pending_failing_and_lost_moves_leave_every_resource_on_the_newest(
      TestInfo test) {
    Instant now = Instant.now();
    List<SandboxCertificate> inventory = new ArrayList<>();
    Map<String, String> newestOf = new LinkedHashMap<>();
    for (int index = 0; index < LINEAGES; index++) {
      String old = "Move%04d".formatted(index);
      String renewed = "Newc%04d".formatted(index);
      inventory.add(
          SandboxCertificate.builder(old, "move" + index + ".example.com")
              .validity(now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10)))
              .boundTo(resourcesOf("move" + index))
              .build());
      inventory.add(
          SandboxCertificate.builder(renewed, "move" + index + ".example.com")
              .validity(now, now.plus(Duration.ofDays(90)))
              .lineage(old, null, null)
              .build());
      newestOf.put(old, renewed);
    }
    inventory.add(
        SandboxCertificate.builder("Calm0000", "calm.example.com")
            .validity(now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10)))
            .boundTo(resourcesOf("calm"))
            .build());
    inventory.add(
        SandboxCertificate.builder("Calm0001", "calm.example.com")
            .validity(now, now.plus(Duration.ofDays(90)))
            .lineage("Calm0000", null, null)
            .build());
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
            """
            renewal:
              renewBefore: 1d
              retry: { initialBackoff: 1s, maxBackoff: 2s, maxAttempts: 20 }
            schedule:
              cloud: "*/2 * * * * ?"
              track: "0 0 0 1 1 ? 2099"
              renew: "0 0 0 1 1 ? 2099"
            """);
    fixture.syncInventory();
    // What tracking hands over when it finds each renewal issued; Calm0001 was never handed over.
    CloudStage handing =
        new CloudStage(
            postgres.jdbc(),
            new Inventory(postgres.jdbc()),
            CloudConfig.DEFAULT,
            RetryPolicy.DEFAULT,
            EventSink.NONE,
            Clock.systemUTC(),
            Pause.NONE);
    postgres
        .jdbc()
        .inTransaction(
            handle -> {
              int reissue = 0;
              for (Map.Entry<String, String> pair : newestOf.entrySet()) {
                handing
                    .handover()
                    .handOver(
                        handle,
                        new Issued(
                            ++reissue,
                            "main",
                            pair.getKey(),
                            pair.getValue(),
                            CsrType.Original,
                            "",
                            List.of()));
              }
              return null;
            });
    fixture
        .sandbox()
        .cloud()
        .setOptions(
            SandboxCloudOptions.defaults()
                .withDeployPendingRate(0.3)
                .withDeployFailRate(0.2)
                .withDeployDuration(Duration.ofSeconds(3)));
    fixture.sandbox().setAnswerFault(AnswerFault.LOST, 0.3);

    ReissuedProcess first = fixture.start("daemon-1", "run");
    // Killed once moves are under way: tasks asked for, some followed, some still to ask for.
    Await.until(
        "the daemon to ask for a few moves",
        START,
        () -> !first.isAlive() || totalUpdateCalls(newestOf) >= 3,
        fixture::describeProcesses);
    boolean killed = first.isAlive();
    first.kill();
    ReissuedProcess last = fixture.start("daemon-2", "run");
    Await.until(
        "every resource of a renewed lineage on its newest certificate",
        FINISH,
        () -> allMoved(newestOf),
        () -> fixture.describeProcesses() + "\n" + fixture.sandbox().cloud().holders());

    assertThat(killed).as("the daemon killed mid-deploy").isTrue();
    assertThat(totalUpdateCalls(newestOf))
        .as("calls beyond one per pair: tasks being created, answers lost")
        .isGreaterThan(LINEAGES);
    for (Map.Entry<String, String> pair : newestOf.entrySet()) {
      int calls = fixture.sandbox().cloud().updateCalls(pair.getKey(), pair.getValue());
      assertThat(calls).as("UpdateCertificateInstance calls of " + pair).isBetween(1, 6);
      assertThat(fixture.sandbox().cloud().recordsCreated(pair.getKey(), pair.getValue()))
          .as("move tasks of " + pair)
          .isEqualTo(1);
    }
    for (SandboxResource resource : resourcesOf("calm")) {
      assertThat(fixture.sandbox().cloud().holder(resource))
          .as(resource.describe())
          .contains("Calm0000");
    }
    Await.until(
        "v_cloud_resources to show every resource on its newest certificate",
        FINISH,
        () ->
            postgres
                    .jdbc()
                    .queryOne(
                        "SELECT count(*) FROM v_cloud_resources WHERE on_newest",
                        row -> row.getLong(1))
                    .orElse(0L)
                == LINEAGES * 4L,
        fixture::describeProcesses);
    last.terminate();
  }

  private int totalUpdateCalls(Map<String, String> newestOf) {
    return newestOf.entrySet().stream()
        .mapToInt(pair -> fixture.sandbox().cloud().updateCalls(pair.getKey(), pair.getValue()))
        .sum();
  }

  private boolean allMoved(Map<String, String> newestOf) {
    Map<SandboxResource, String> holders = fixture.sandbox().cloud().holders();
    int index = 0;
    for (String newest : newestOf.values()) {
      for (SandboxResource resource : resourcesOf("move" + index)) {
        if (!newest.equals(holders.get(resource))) {
          return false;
        }
      }
      index++;
    }
    return true;
  }
}
