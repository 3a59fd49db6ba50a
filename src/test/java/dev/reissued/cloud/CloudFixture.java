package dev.reissued.cloud;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.CsrType;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.db.PostgresExtension;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventorySync;
import dev.reissued.notify.Event;
import dev.reissued.notify.EventSink;
import dev.reissued.notify.Outbox;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxCloudOptions;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.sandbox.SandboxResource;
import dev.reissued.tencent.CloudActions;
import dev.reissued.tencent.CloudSandbox;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.TencentClients;
import dev.reissued.testing.SettableClock;
import dev.reissued.testing.TestConfigs;
import dev.reissued.track.Issued;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test database, a sandbox over real HTTP on a settable clock, and a renewed lineage: {@code OLD}
 * (due in 10 days) bound to CLB listeners in two regions, CDN, EdgeOne, WAF and COS, re-issued as
 * {@code NEW}; and {@code CALM}, not due, bound to a CDN domain of its own.
 */
final class CloudFixture implements AutoCloseable {
  static final String OLD = "Old00001";
  static final String NEW = "New00001";
  static final String CALM = "Calm0001";

  static final SandboxResource CLB_GZ = CloudSandbox.CLB_GZ;
  static final SandboxResource CLB_SH = CloudSandbox.CLB_SH;
  static final List<SandboxResource> ALL =
      List.of(
          CLB_GZ, CLB_SH, CloudSandbox.CDN, CloudSandbox.TEO, CloudSandbox.WAF, CloudSandbox.COS);
  static final SandboxResource CALM_CDN = SandboxResource.cdn("calm.example.com");

  final PostgresExtension postgres;
  final SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final Sandbox sandbox;
  final ReissuedConfig config;
  final TencentClient client;
  final CloudActions actions;
  final List<Event> events = new CopyOnWriteArrayList<>();

  CloudFixture(PostgresExtension postgres, Path directory, SandboxCloudOptions cloud, String yaml) {
    this.postgres = postgres;
    Instant now = clock.instant();
    this.sandbox =
        Sandbox.start(
            SandboxOptions.defaults()
                .withClock(clock)
                .withRateLimit(0)
                .withCloud(cloud)
                .withInventory(
                    List.of(
                        certificate(OLD, "www.example.com", now, 10).boundTo(ALL).build(),
                        certificate(NEW, "www.example.com", now, 90)
                            .lineage(OLD, null, null)
                            .build(),
                        certificate(CALM, "calm.example.com", now, 200)
                            .boundTo(CALM_CDN)
                            .build())));
    this.config = TestConfigs.load(TestConfigs.write(directory, postgres.jdbcUrl(), sandbox, yaml));
    this.client = TencentClients.forAccount(account());
    this.actions = new CloudActions(client);
    new InventorySync(postgres.jdbc(), clock).sync(client);
  }

  static SandboxCertificate.Builder certificate(
      String id, String domain, Instant now, int daysLeft) {
    return SandboxCertificate.builder(id, domain)
        .validity(
            now.minus(Duration.ofDays(90 - Math.min(daysLeft, 89))),
            now.plus(Duration.ofDays(daysLeft)))
        .insertTime(now.minus(Duration.ofDays(1)));
  }

  AccountConfig account() {
    return config.accounts().get(0);
  }

  /** A stage as one process has it; events into {@link #events} and the outbox. */
  CloudStage stage() {
    return stage(Moves.Checkpoint.NONE);
  }

  CloudStage stage(Moves.Checkpoint checkpoint) {
    Outbox outbox = new Outbox(postgres.jdbc(), config.notifications(), clock);
    EventSink sink =
        event -> {
          events.add(event);
          outbox.record(event);
        };
    return new CloudStage(
        postgres.jdbc(),
        new Inventory(postgres.jdbc()),
        config.cloud(),
        config.renewal().retry(),
        sink,
        clock,
        Pause.NONE,
        checkpoint);
  }

  /** What tracking does when it finds NEW issued: hands the renewal over. */
  void handOver(CloudStage stage) {
    postgres
        .jdbc()
        .inTransaction(
            handle -> {
              stage
                  .handover()
                  .handOver(
                      handle,
                      new Issued(
                          1, "main", OLD, NEW, CsrType.Online, "www.example.com", List.of()));
              return null;
            });
  }

  CloudStage.Result pass(CloudStage stage) {
    try {
      return stage.run(account(), actions);
    } catch (InterruptedException interrupted) {
      throw new AssertionError(interrupted);
    }
  }

  Map<SandboxResource, String> holders() {
    return sandbox.cloud().holders();
  }

  int updateCalls() {
    return sandbox.cloud().updateCalls(OLD, NEW);
  }

  int recordsCreated() {
    return sandbox.cloud().recordsCreated(OLD, NEW);
  }

  String deployState() {
    return postgres
        .jdbc()
        .queryOne(
            "SELECT state FROM cloud_deploy WHERE old_certificate_id = ? AND new_certificate_id = ?",
            row -> row.getString(1),
            OLD,
            NEW)
        .orElse("none");
  }

  List<String> resourceRows() {
    return postgres
        .jdbc()
        .query(
            "SELECT resource_type || ' ' || coalesce(region, '-') || ' ' || instance_id || ' '"
                + " || certificate_id || ' ' || on_newest || ' ' || deploy_status"
                + " FROM v_cloud_resources ORDER BY 1",
            row -> row.getString(1));
  }

  @Override
  public void close() {
    client.close();
    sandbox.close();
  }
}
