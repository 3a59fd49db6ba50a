package dev.reissued.cli;

import dev.reissued.cloud.CloudStage;
import dev.reissued.cloud.Pause;
import dev.reissued.config.AccountConfig;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.db.Database;
import dev.reissued.db.Jdbc;
import dev.reissued.db.Migrations;
import dev.reissued.deliver.Delivery;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventorySync;
import dev.reissued.keys.MasterKey;
import dev.reissued.keys.Sealer;
import dev.reissued.notify.Outbox;
import dev.reissued.notify.WebhookRetry;
import dev.reissued.notify.WebhookSender;
import dev.reissued.notify.WebhookWorker;
import dev.reissued.renewal.ExpiryWatch;
import dev.reissued.renewal.Ledger;
import dev.reissued.renewal.Planner;
import dev.reissued.renewal.ProcessLease;
import dev.reissued.renewal.Renewal;
import dev.reissued.renewal.RenewalPolicy;
import dev.reissued.renewal.Resolution;
import dev.reissued.renewal.SealedSecrets;
import dev.reissued.renewal.Transitions;
import dev.reissued.tencent.ApiObserver;
import dev.reissued.tencent.CloudActions;
import dev.reissued.tencent.SharedRateLimit;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.TencentClients;
import dev.reissued.tencent.Throttle;
import dev.reissued.track.Tracker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where reissued is wired: each stage built once, on demand, from the configuration
 * and the database, with its collaborators passed to its constructor; closed in reverse order. A
 * command opens what it needs: {@link #openReadOnly} neither migrates nor takes the process lease
 * nor reads the master key.
 */
final class Services implements AutoCloseable {
  private final ReissuedConfig config;
  private final Database database;
  private final Clock clock;
  private final Map<String, TencentClient> clients = new LinkedHashMap<>();
  private ProcessLease lease;
  private Sealer sealer;
  private Renewal renewal;
  private Delivery delivery;
  private Tracker tracker;
  private CloudStage cloud;
  private ApiObserver apiObserver = ApiObserver.NONE;
  private Outbox outbox;
  private WebhookWorker webhooks;

  private Services(ReissuedConfig config, Database database, Clock clock) {
    this.config = config;
    this.database = database;
    this.clock = clock;
  }

  /**
   * Opens the database for a command that only reads: no migration (it says when the schema is
   * older than this reissued), no lease, no master key.
   */
  static Services openReadOnly(ReissuedConfig config) {
    Database database = Database.open(config.database());
    try {
      Migrations.requireCurrent(database.dataSource());
      return new Services(config, database, Clock.systemDefaultZone());
    } catch (RuntimeException failure) {
      database.close();
      throw failure;
    }
  }

  /** Opens the database and brings its schema up to date. */
  static Services open(ReissuedConfig config) {
    Database database = Database.open(config.database());
    try {
      database.migrate();
      return new Services(config, database, Clock.systemDefaultZone());
    } catch (RuntimeException failure) {
      database.close();
      throw failure;
    }
  }

  ReissuedConfig config() {
    return config;
  }

  Database database() {
    return database;
  }

  Clock clock() {
    return clock;
  }

  /**
   * The account's client. Its requests take their slots from the database, so the account's rate
   * limit holds across every process that shares it.
   */
  synchronized TencentClient client(AccountConfig account) {
    return clients.computeIfAbsent(
        account.name(),
        name -> {
          Throttle throttle =
              new SharedRateLimit(database.jdbc(), name, account.requestsPerSecond());
          return TencentClients.forAccount(account, apiObserver, throttle);
        });
  }

  /** Observes every API call of clients made from now on (metrics). */
  synchronized void observeApi(ApiObserver observer) {
    this.apiObserver = observer;
  }

  /** Every certificate's decision; reads only. */
  Planner planner() {
    Jdbc jdbc = database.jdbc();
    return new Planner(
        new Inventory(jdbc), new Ledger(jdbc), new RenewalPolicy(config.renewal(), clock), clock);
  }

  InventorySync sync() {
    return new InventorySync(database.jdbc(), clock);
  }

  /** The re-issue stage: it holds the process lease and reads the master key. */
  synchronized Renewal renewal() {
    if (renewal == null) {
      renewal = Renewal.wire(database.jdbc(), config.renewal(), sealer(), lease(), clock, outbox());
    }
    return renewal;
  }

  /**
   * Tracking, which hands what is issued over to delivery and to the cloud stage, both in the
   * transaction that records it issued.
   */
  synchronized Tracker tracker() {
    if (tracker == null) {
      Jdbc jdbc = database.jdbc();
      Delivery delivering = delivery();
      var moving = cloud().handover();
      tracker =
          new Tracker(
              jdbc,
              new Ledger(jdbc),
              new Inventory(jdbc),
              sync(),
              (handle, issued) -> {
                delivering.handOver(handle, issued);
                moving.handOver(handle, issued);
              },
              outbox(),
              clock);
    }
    return tracker;
  }

  /** Moves cloud resources to renewed certificates; needs neither the lease nor the master key. */
  synchronized CloudStage cloud() {
    if (cloud == null) {
      cloud =
          new CloudStage(
              database.jdbc(),
              new Inventory(database.jdbc()),
              config.cloud(),
              config.renewal().retry(),
              outbox(),
              clock,
              Pause.sleeping());
    }
    return cloud;
  }

  /** The cloud actions of the account, on its one client (and so its one rate limit). */
  CloudActions cloudActions(AccountConfig account) {
    return new CloudActions(client(account));
  }

  synchronized Delivery delivery() {
    if (delivery == null) {
      delivery =
          new Delivery(
              database.jdbc(),
              new SealedSecrets(database.jdbc()),
              sealer(),
              config.output(),
              config.renewal().retry(),
              clock,
              outbox(),
              lease().owner());
    }
    return delivery;
  }

  /** Follows re-issued certificates until issued, then delivers what is issued. */
  Tracked track(AccountConfig account) {
    TencentClient client = client(account);
    return new Tracked(
        tracker().track(account, client),
        delivery().run(account.name(), client::downloadCertificate));
  }

  /** What one track run did: tracking, then delivery. */
  record Tracked(Tracker.Result tracking, Delivery.Result delivery) {
    String describe() {
      return tracking.followed()
          + " followed, "
          + tracking.issued()
          + " issued, "
          + tracking.pending()
          + " pending; "
          + delivery.delivered()
          + " delivered, "
          + delivery.deliveryFailures()
          + " failing to download or check, "
          + delivery.written()
          + " written to output.dir, "
          + delivery.hooksSucceeded()
          + " deploy hooks succeeded, "
          + delivery.hooksFailed()
          + " failed";
    }
  }

  /** Expiring certificates reissued will not save, after each renew pass. */
  ExpiryWatch expiryWatch() {
    return new ExpiryWatch(planner(), outbox(), config.notifications(), clock);
  }

  Resolution resolution() {
    Jdbc jdbc = database.jdbc();
    return new Resolution(new Ledger(jdbc), new Transitions(jdbc), new Inventory(jdbc), clock);
  }

  private synchronized ProcessLease lease() {
    if (lease == null) {
      lease = ProcessLease.acquire(database.dataSource());
    }
    return lease;
  }

  private synchronized Sealer sealer() {
    if (sealer == null) {
      sealer = new Sealer(MasterKey.read(config.keys().masterKeyFile()));
    }
    return sealer;
  }

  /** Where events go: the notification outbox in the database, sent by a WebhookWorker. */
  synchronized Outbox outbox() {
    if (outbox == null) {
      outbox = new Outbox(database.jdbc(), config.notifications(), clock);
    }
    return outbox;
  }

  /**
   * Sends what the outbox recorded; woken by each new record. Started by the daemon, closed with
   * these services.
   */
  synchronized WebhookWorker webhooks() {
    if (webhooks == null) {
      webhooks =
          new WebhookWorker(
              database.jdbc(),
              config.notifications().webhooks(),
              WebhookRetry.DEFAULT,
              clock,
              new WebhookSender());
      outbox().onRecorded(webhooks::wake);
    }
    return webhooks;
  }

  /** The accounts a command works on: all, or the one named. */
  List<AccountConfig> accounts(String only) {
    if (only == null) {
      return config.accounts();
    }
    List<AccountConfig> selected = new ArrayList<>();
    config.account(only).ifPresent(selected::add);
    if (selected.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(new ReissuedCommand()),
          "--account: no account named '" + only + "' in the configuration");
    }
    return selected;
  }

  @Override
  public synchronized void close() {
    if (webhooks != null) {
      webhooks.close();
    }
    clients.values().forEach(TencentClient::close);
    if (lease != null) {
      lease.close();
    }
    database.close();
  }
}
