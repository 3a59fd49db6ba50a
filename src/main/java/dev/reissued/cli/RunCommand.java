package dev.reissued.cli;

import dev.reissued.inventory.InventorySync;
import dev.reissued.metrics.Health;
import dev.reissued.metrics.HealthCheck;
import dev.reissued.metrics.MetricsServer;
import dev.reissued.metrics.ReissuedMetrics;
import dev.reissued.renewal.ExpiryWatch;
import dev.reissued.renewal.Renewal;
import dev.reissued.schedule.AccountRefusals;
import dev.reissued.schedule.Duty;
import dev.reissued.schedule.DutyRunner;
import dev.reissued.schedule.DutyScheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

@Command(
    name = "run",
    description = {
      "Run the daemon: migrate, then sync, renew and track every account on the configured schedule.",
      "SIGTERM or Ctrl-C stops firing, lets an in-flight call finish and its outcome commit, and exits 0."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
  static final long SHUTDOWN_SECONDS = 25;

  @Mixin ConfigOption config;

  static Health health(HealthCheck check, Services services, DutyScheduler scheduler) {
    boolean synced =
        services.config().accounts().stream()
            .allMatch(
                account -> scheduler.health().lastSuccess(Duty.SYNC, account.name()).isPresent());
    return check.check(scheduler.isStarted(), synced);
  }

  @Override
  public Integer call() throws InterruptedException {
    // The configuration first: a file check-config refuses stops the daemon here, with the same
    // problems and exit 2, before a signal handler, the log format or the database is touched.
    var loaded = config.load();
    CountDownLatch stop = new CountDownLatch(1);
    // Handling the signals ourselves (instead of shutdown hooks) lets the daemon finish its
    // in-flight work and exit 0, which systemd reads as a clean stop.
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    Logging.configure(loaded.logging());
    try (Services services = Services.open(loaded)) {
      ReissuedMetrics metrics = null;
      if (services.config().metrics().enabled()) {
        metrics = new ReissuedMetrics(services.database().jdbc());
        services.database().bindMetrics(metrics.registry());
        services.observeApi(metrics);
      }
      Renewal renewal = services.renewal();
      InventorySync sync = services.sync();
      ExpiryWatch expiring = services.expiryWatch();
      DutyRunner runner =
          (duty, account) -> {
            switch (duty) {
              case SYNC -> sync.sync(services.client(account));
              case RENEW -> {
                renewal.renew(account, services.client(account));
                expiring.scan(account.name());
              }
              case TRACK -> services.track(account);
              case RECONCILE -> renewal.reconcile(account, services.client(account));
              case CLOUD -> services.cloud().run(account, services.cloudActions(account));
            }
          };
      runner = AccountRefusals.reporting(services.outbox(), services.clock(), runner);
      DutyScheduler scheduler =
          DutyScheduler.create(
              services.database().dataSource(),
              services.config().schedule(),
              services.config().accounts(),
              runner,
              services.clock());
      MetricsServer metricsServer = null;
      HealthCheck healthCheck = HealthCheck.of(services.database());
      if (metrics != null) {
        metrics.bindSettings(services.config());
        metrics.bindJobs(
            scheduler.health(),
            services.config().schedule(),
            services.config().accounts().stream().map(account -> account.name()).toList());
        metricsServer =
            MetricsServer.start(
                services.config().metrics().host().orElseThrow(),
                services.config().metrics().port(),
                metrics,
                () -> health(healthCheck, services, scheduler));
      }
      scheduler.start();
      services.webhooks().start();
      services.config().accounts().forEach(account -> scheduler.runNow(Duty.SYNC, account.name()));
      log.info(
          "reissued is running for {} account(s); stop with SIGTERM",
          services.config().accounts().size());
      stop.await();
      log.info("stopping: no new work; waiting for in-flight calls to finish");
      renewal.stop();
      Thread closer = new Thread(scheduler::close, "reissued-shutdown");
      closer.start();
      closer.join(TimeUnit.SECONDS.toMillis(SHUTDOWN_SECONDS));
      if (closer.isAlive()) {
        log.warn(
            "jobs still running after {} s; exiting anyway (open ledger rows are reconciled later)",
            SHUTDOWN_SECONDS);
      }
      if (metricsServer != null) {
        metricsServer.close();
      }
      healthCheck.close();
    }
    log.info("stopped");
    return ExitCode.OK;
  }
}
