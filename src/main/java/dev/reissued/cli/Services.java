package dev.reissued.cli;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.db.Database;
import dev.reissued.keys.MasterKey;
import dev.reissued.keys.Sealer;
import dev.reissued.notify.Outbox;
import dev.reissued.notify.WebhookRetry;
import dev.reissued.notify.WebhookSender;
import dev.reissued.notify.WebhookWorker;
import dev.reissued.renewal.ProcessLease;
import dev.reissued.renewal.RenewalEngine;
import dev.reissued.tencent.ApiObserver;
import dev.reissued.tencent.SharedRateLimit;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.TencentClients;
import dev.reissued.tencent.Throttle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a command needs, opened from the configuration and closed in reverse order. */
final class Services implements AutoCloseable {
  private final ReissuedConfig config;
  private final Database database;
  private final Clock clock;
  private final Map<String, TencentClient> clients = new LinkedHashMap<>();
  private ProcessLease lease;
  private RenewalEngine engine;
  private ApiObserver apiObserver = ApiObserver.NONE;
  private Outbox outbox;
  private WebhookWorker webhooks;

  private Services(ReissuedConfig config, Database database, Clock clock) {
    this.config = config;
    this.database = database;
    this.clock = clock;
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

  synchronized RenewalEngine engine() {
    if (engine == null) {
      lease = ProcessLease.acquire(database.dataSource());
      Sealer sealer = new Sealer(MasterKey.read(config.keys().masterKeyFile()));
      engine = new RenewalEngine(database.jdbc(), config, sealer, lease, clock, outbox());
    }
    return engine;
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
