package dev.reissued.metrics;

import dev.reissued.cloud.CloudCounts;
import dev.reissued.config.AccountConfig;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.config.ScheduleConfig;
import dev.reissued.db.Jdbc;
import dev.reissued.deliver.DeliveryCounts;
import dev.reissued.inventory.CertificateStatus;
import dev.reissued.notify.WebhookCounts;
import dev.reissued.renewal.Ledger;
import dev.reissued.renewal.Settling;
import dev.reissued.schedule.JobHealth;
import dev.reissued.tencent.ApiAction;
import dev.reissued.tencent.ApiObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The Prometheus registry. Certificate, ledger, delivery and webhook series are read from the
 * database at each scrape, so every node of a cluster reports the same; API calls and job runs are
 * this node's. JVM and pool metrics come from the libraries that already provide them.
 */
public final class ReissuedMetrics implements ApiObserver {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<DatabaseSeries> databaseSeries;
  private final CloudSeries cloudSeries;

  public ReissuedMetrics(Jdbc jdbc) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    cloudSeries = new CloudSeries(registry, new CloudCounts(jdbc), Clock.systemUTC());
    databaseSeries =
        List.of(
            cloudSeries,
            new CertificateSeries(registry, () -> CertificateStatus.all(jdbc)),
            new LedgerSeries(registry, new Ledger(jdbc)),
            new DeliverySeries(registry, new DeliveryCounts(jdbc)),
            new WebhookSeries(registry, new WebhookCounts(jdbc)));
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Publishes the settings that alert rules compare against, so the rules follow the configuration
   * instead of repeating it: {@code notify.warnBefore} and each account's settling period.
   */
  public void bindSettings(ReissuedConfig config) {
    double warnBefore = config.notifications().warnBefore().toSeconds();
    cloudSeries.warnBefore(config.notifications().warnBefore());
    Gauge.builder("reissued_warn_before_seconds", () -> warnBefore)
        .description("notify.warnBefore: how long before expiry an unrenewed certificate is news")
        .register(registry);
    for (AccountConfig account : config.accounts()) {
      double settling = Settling.period(account).toSeconds();
      Gauge.builder("reissued_settling_period_seconds", () -> settling)
          .description(
              "How long after sending a re-issue its outcome may stay open before reconciliation must settle it")
          .tags("account", account.name())
          .register(registry);
    }
  }

  /** Publishes each duty's last success and failure on this node, and its interval. */
  public void bindJobs(JobHealth health, ScheduleConfig schedule, List<String> accounts) {
    JobSeries.bind(registry, health, schedule, accounts, Clock.systemUTC().instant());
  }

  @Override
  public void completed(String account, ApiAction action, String code, Duration elapsed) {
    Counter.builder("reissued_api_requests")
        .description("Tencent Cloud SSL API requests by action and answer code (OK on success)")
        .tags("action", action.apiName(), "code", code)
        .register(registry)
        .increment();
    Timer.builder("reissued_api_request_duration")
        .description(
            "Tencent Cloud SSL API request duration, including the wait for the rate limit")
        .tags("action", action.apiName())
        .publishPercentileHistogram()
        .register(registry)
        .record(elapsed);
  }

  /** Refreshes the database-backed series, then renders Prometheus text. */
  public String scrape() {
    refresh();
    return registry.scrape();
  }

  void refresh() {
    databaseSeries.forEach(DatabaseSeries::refresh);
  }
}
