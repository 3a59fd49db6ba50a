package dev.reissued.cli;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.db.Database;
import dev.reissued.keys.MasterKey;
import dev.reissued.keys.Sealer;
import dev.reissued.renewal.ProcessLease;
import dev.reissued.renewal.RenewalEngine;
import dev.reissued.notify.EventSink;
import dev.reissued.tencent.ApiObserver;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.TencentClients;
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
  private EventSink events = EventSink.NONE;

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

  synchronized TencentClient client(AccountConfig account) {
    return clients.computeIfAbsent(account.name(), name -> TencentClients.forAccount(account, apiObserver));
  }

  /** Observes every API call of clients made from now on (metrics). */
  synchronized void observeApi(ApiObserver observer) {
    this.apiObserver = observer;
  }

  /** Where the engine reports events; set before the engine is first used. */
  synchronized void publishTo(EventSink sink) {
    this.events = sink;
  }

  synchronized RenewalEngine engine() {
    if (engine == null) {
      lease = ProcessLease.acquire(database.dataSource());
      Sealer sealer = new Sealer(MasterKey.read(config.keys().masterKeyFile()));
      engine = new RenewalEngine(database.jdbc(), config, sealer, lease, clock, events);
    }
    return engine;
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
    clients.values().forEach(TencentClient::close);
    if (lease != null) {
      lease.close();
    }
    database.close();
  }
}
