package dev.reissued.notify;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.NotifyConfig;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.config.WebhookConfig;
import dev.reissued.config.WebhookKind;
import dev.reissued.db.PostgresExtension;
import dev.reissued.inventory.InventorySync;
import dev.reissued.keys.MasterKey;
import dev.reissued.keys.Sealer;
import dev.reissued.renewal.Checkpoints;
import dev.reissued.renewal.ProcessLease;
import dev.reissued.renewal.TestProcess;
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
import java.util.List;

/**
 * A renewal engine that publishes to the outbox, over a test database and a sandbox of the SSL API,
 * with one generic webhook on a local receiver.
 */
public final class NotifyFixture implements AutoCloseable {
  public final SettableClock clock = SettableClock.now();
  public final PostgresExtension postgres;
  public final Sandbox sandbox;
  public final ReissuedConfig config;
  public final TencentClient client;
  public final WebhookReceiver receiver = WebhookReceiver.start();
  public final WebhookConfig webhook;
  public final NotifyConfig notify;
  public final Outbox outbox;
  public final TestProcess engine;
  private final ProcessLease lease;

  public NotifyFixture(
      PostgresExtension postgres,
      Path directory,
      List<SandboxCertificate> inventory,
      String extraConfig) {
    this.postgres = postgres;
    this.sandbox =
        Sandbox.start(SandboxOptions.defaults().withRateLimit(0).withInventory(inventory));
    this.config =
        TestConfigs.load(TestConfigs.write(directory, postgres.jdbcUrl(), sandbox, extraConfig));
    this.client = TencentClients.forAccount(account());
    this.webhook = WebhookMessageRows.webhook("ops", WebhookKind.generic, receiver.url("/hook"));
    this.notify = WebhookMessageRows.config(webhook);
    this.outbox = new Outbox(postgres.jdbc(), notify, clock);
    this.lease = ProcessLease.acquire(postgres.database().dataSource());
    this.engine =
        new TestProcess(
            postgres.jdbc(),
            config,
            new Sealer(MasterKey.read(config.keys().masterKeyFile())),
            lease,
            clock,
            outbox,
            Checkpoints.NONE);
  }

  public AccountConfig account() {
    return config.accounts().get(0);
  }

  public void sync() {
    new InventorySync(postgres.jdbc(), clock).sync(client);
  }

  public WebhookWorker worker() {
    return new WebhookWorker(
        postgres.jdbc(), List.of(webhook), WebhookRetry.DEFAULT, clock, new WebhookSender());
  }

  public static SandboxCertificate free(String id, String domain, int daysLeft) {
    Instant now = Instant.now();
    return SandboxCertificate.builder(id, domain)
        .validity(now.minus(Duration.ofDays(90 - daysLeft)), now.plus(Duration.ofDays(daysLeft)))
        .build();
  }

  public static SandboxCertificate uploaded(String id, String domain, int daysLeft) {
    Instant now = Instant.now();
    return SandboxCertificate.builder(id, domain)
        .uploaded()
        .validity(now.minus(Duration.ofDays(365 - daysLeft)), now.plus(Duration.ofDays(daysLeft)))
        .build();
  }

  @Override
  public void close() {
    receiver.close();
    lease.close();
    client.close();
    sandbox.close();
  }
}
