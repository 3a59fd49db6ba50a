package dev.reissued.renewal;

import dev.reissued.config.ReissuedConfig;
import dev.reissued.db.PostgresExtension;
import dev.reissued.inventory.InventorySync;
import dev.reissued.keys.MasterKey;
import dev.reissued.keys.Sealer;
import dev.reissued.notify.EventSink;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.TencentClients;
import dev.reissued.testing.SettableClock;
import dev.reissued.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A test database, a sandbox over real HTTP, and engines (one per simulated process) on both. */
final class RenewalFixture implements AutoCloseable {
  final PostgresExtension postgres;
  final Sandbox sandbox;
  final SettableClock clock = SettableClock.now();
  final ReissuedConfig config;
  final TencentClient client;
  private final List<ProcessLease> leases = new ArrayList<>();

  RenewalFixture(
      PostgresExtension postgres,
      Path directory,
      List<SandboxCertificate> inventory,
      String extraConfig) {
    this.postgres = postgres;
    this.sandbox =
        Sandbox.start(SandboxOptions.defaults().withRateLimit(0).withInventory(inventory));
    this.config =
        TestConfigs.load(TestConfigs.write(directory, postgres.jdbcUrl(), sandbox, extraConfig));
    this.client = TencentClients.forAccount(config.accounts().get(0));
  }

  /** A process's stages as one process would have them, with a lease of its own. */
  TestProcess engine() {
    return engine(EventSink.NONE);
  }

  /** The same, its events going to {@code events}. */
  TestProcess engine(EventSink events) {
    ProcessLease lease = ProcessLease.acquire(postgres.database().dataSource());
    leases.add(lease);
    return new TestProcess(
        postgres.jdbc(),
        config,
        new Sealer(MasterKey.read(config.keys().masterKeyFile())),
        lease,
        clock,
        events,
        Checkpoints.NONE);
  }

  void sync() {
    new InventorySync(postgres.jdbc(), clock).sync(client);
  }

  static SandboxCertificate free(String id, String domain, int daysLeft) {
    Instant now = Instant.now();
    return SandboxCertificate.builder(id, domain)
        .validity(now.minus(Duration.ofDays(90 - daysLeft)), now.plus(Duration.ofDays(daysLeft)))
        .build();
  }

  static SandboxCertificate paid(String id, String domain, int daysLeft) {
    Instant now = Instant.now();
    return SandboxCertificate.builder(id, domain)
        .paid()
        .validity(now.minus(Duration.ofDays(365 - daysLeft)), now.plus(Duration.ofDays(daysLeft)))
        .build();
  }

  @Override
  public void close() {
    leases.forEach(ProcessLease::close);
    client.close();
    sandbox.close();
  }
}
