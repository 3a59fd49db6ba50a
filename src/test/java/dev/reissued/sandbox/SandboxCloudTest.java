package dev.reissued.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.tencent.ClientSettings;
import dev.reissued.tencent.CloudActions;
import dev.reissued.tencent.CloudListings;
import dev.reissued.tencent.DeployDetailStatus;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.UpdateCertificateInstanceRequest;
import dev.reissued.tencent.UpdateRecordDetail;
import dev.reissued.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxCloudTest {
  private static final Instant NOW = Instant.parse("2025-09-10T08:00:00Z");
  private static final SandboxResource CDN = SandboxResource.cdn("www.example.com");
  private static final SandboxResource TEO = SandboxResource.teo("zone-1", "www.example.com");

  @TempDir Path directory;
  private final SettableClock clock = new SettableClock(NOW);

  private static SandboxCertificate issued(String id, Duration left) {
    return SandboxCertificate.builder(id, "www.example.com")
        .validity(NOW.plus(left).minus(Duration.ofDays(90)), NOW.plus(left))
        .insertTime(NOW.minus(Duration.ofDays(90)))
        .build();
  }

  private static CloudActions actions(Sandbox sandbox) {
    return new CloudActions(
        TencentClient.create(
            ClientSettings.of(
                    "sandbox-cloud-" + System.nanoTime(),
                    sandbox.secretId(),
                    SandboxOptions.DEFAULT_SECRET_KEY)
                .withEndpoint(sandbox.endpoint())
                .withRequestsPerSecond(1000)));
  }

  private static UpdateCertificateInstanceRequest cdnAndTeo(String oldId, String newId) {
    return UpdateCertificateInstanceRequest.of(
        oldId, newId, List.of("cdn", "teo"), List.of(), false);
  }

  @Test
  void certificates_bring_their_resources_in_and_are_stored_without_them() {
    try (Sandbox sandbox =
        Sandbox.start(
            SandboxOptions.defaults()
                .withClock(clock)
                .withInventory(
                    List.of(
                        issued("old00001", Duration.ofDays(5)).toBuilder()
                            .boundTo(CDN)
                            .build())))) {
      sandbox.put(issued("old00002", Duration.ofDays(5)).toBuilder().boundTo(TEO).build());

      assertThat(sandbox.cloud().holders()).isEqualTo(Map.of(CDN, "old00001", TEO, "old00002"));
      assertThat(sandbox.certificates()).allMatch(c -> c.boundTo().isEmpty());
    }
  }

  @Test
  void the_state_file_keeps_resources_move_tasks_and_notice_switches_across_a_restart() {
    Path state = directory.resolve("state.json");
    SandboxOptions options =
        SandboxOptions.defaults()
            .withClock(clock)
            .withStateFile(state)
            .withCloud(SandboxCloudOptions.defaults().withDeployDuration(Duration.ofMinutes(2)))
            .withInventory(
                List.of(
                    issued("old00001", Duration.ofDays(5)).toBuilder().boundTo(CDN, TEO).build(),
                    issued("new00001", Duration.ofDays(90))));
    long recordId;
    try (Sandbox sandbox = Sandbox.start(options)) {
      CloudActions actions = actions(sandbox);
      recordId =
          actions
              .updateCertificateInstance(
                  UpdateCertificateInstanceRequest.of(
                      "old00001", "new00001", List.of("cdn", "teo"), List.of(), true))
              .deployRecordId();
      assertThat(recordId).isPositive();
    }

    clock.advance(Duration.ofMinutes(2));
    try (Sandbox restarted = Sandbox.start(options.withInventory(List.of()))) {
      assertThat(restarted.cloud().holders()).isEqualTo(Map.of(CDN, "new00001", TEO, "new00001"));
      assertThat(restarted.cloud().recordsCreated("old00001", "new00001")).isEqualTo(1);
      assertThat(restarted.cloud().expiringNotificationSwitch("old00001")).contains(1);
      CloudListings listings = new CloudListings(actions(restarted));
      assertThat(listings.allUpdateRecordDetails(recordId))
          .extracting(UpdateRecordDetail::state)
          .containsOnly(DeployDetailStatus.SUCCEEDED);
      long rollback = actions(restarted).rollbackUpdateRecord(recordId);
      assertThat(rollback).isGreaterThan(recordId);
    }
  }

  @Test
  void a_resource_deleted_before_its_move_ends_with_nothing_to_do() {
    try (Sandbox sandbox =
        Sandbox.start(
            SandboxOptions.defaults()
                .withClock(clock)
                .withCloud(SandboxCloudOptions.defaults().withDeployDuration(Duration.ofMinutes(1)))
                .withInventory(
                    List.of(
                        issued("old00001", Duration.ofDays(5)).toBuilder()
                            .boundTo(CDN, TEO)
                            .build(),
                        issued("new00001", Duration.ofDays(90)))))) {
      CloudActions actions = actions(sandbox);
      long recordId =
          actions.updateCertificateInstance(cdnAndTeo("old00001", "new00001")).deployRecordId();
      sandbox.cloud().unbind(TEO);
      clock.advance(Duration.ofMinutes(1));

      Map<String, DeployDetailStatus> states =
          new CloudListings(actions)
              .allUpdateRecordDetails(recordId).stream()
                  .collect(
                      Collectors.toMap(
                          UpdateRecordDetail::resourceType, UpdateRecordDetail::state));
      assertThat(states)
          .isEqualTo(
              Map.of("cdn", DeployDetailStatus.SUCCEEDED, "teo", DeployDetailStatus.NO_RESOURCE));
    }
  }

  @Test
  void the_sample_binds_due_certificates_to_a_mix_of_products_and_one_not_due_certificate_too() {
    List<SandboxCertificate> sample = SandboxInventory.sample(clock);
    try (Sandbox sandbox =
        Sandbox.start(SandboxOptions.defaults().withClock(clock).withInventory(sample))) {
      Map<SandboxResource, String> holders = sandbox.cloud().holders();
      Map<String, SandboxCertificate> byId =
          sample.stream().collect(Collectors.toMap(SandboxCertificate::id, c -> c));
      Set<SandboxResource.Type> dueTypes =
          holders.entrySet().stream()
              .filter(
                  e -> byId.get(e.getValue()).notAfter().isBefore(NOW.plus(Duration.ofDays(30))))
              .map(e -> e.getKey().type())
              .collect(Collectors.toSet());
      assertThat(dueTypes).containsExactlyInAnyOrder(SandboxResource.Type.values());
      assertThat(holders.keySet())
          .filteredOn(resource -> resource.type() == SandboxResource.Type.CLB)
          .extracting(SandboxResource::region)
          .contains("ap-guangzhou", "ap-shanghai");
      assertThat(holders.values())
          .anyMatch(id -> byId.get(id).notAfter().isAfter(NOW.plus(Duration.ofDays(30))))
          .anyMatch(id -> byId.get(id).replacedFor() != null);
    }
  }
}
