package dev.reissued.metrics;

import dev.reissued.db.Jdbc;
import dev.reissued.schedule.Duty;
import dev.reissued.schedule.JobHealth;
import dev.reissued.tencent.ApiAction;
import dev.reissued.tencent.ApiObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Prometheus registry. Certificate and ledger series are read from the database at each scrape,
 * so every node of a cluster reports the same; API calls and job runs are this node's. JVM and pool
 * metrics come from the libraries that already provide them.
 */
public final class ReissuedMetrics implements ApiObserver {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Jdbc jdbc;
  private final MultiGauge expiration;
  private final MultiGauge renewalState;
  private final MultiGauge openReissues;
  private final Map<String, AtomicLong> reissueTotals = new ConcurrentHashMap<>();

  public ReissuedMetrics(Jdbc jdbc) {
    this.jdbc = jdbc;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    expiration =
        MultiGauge.builder("reissued_certificate_expiration_timestamp_seconds")
            .description("When the certificate expires (not_after), in seconds since the epoch")
            .register(registry);
    renewalState =
        MultiGauge.builder("reissued_certificate_renewal_state")
            .description(
                "1 for the certificate's renewal state (none, requested, succeeded, failed, unknown, reissued, gone)")
            .register(registry);
    openReissues =
        MultiGauge.builder("reissued_reissues_open")
            .description(
                "Re-issues whose outcome is not settled yet, by state (requested, unknown)")
            .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Publishes each job's last success on this node. */
  public void bindJobs(JobHealth health, List<String> accounts) {
    for (String account : accounts) {
      for (Duty duty : Duty.values()) {
        Gauge.builder(
                "reissued_job_last_success_timestamp_seconds",
                health,
                jobs ->
                    jobs.lastSuccess(duty, account)
                        .map(at -> at.toEpochMilli() / 1000.0)
                        .orElse(Double.NaN))
            .description("When the job last succeeded on this node, in seconds since the epoch")
            .tags("job", duty.jobName(account))
            .register(registry);
      }
    }
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
    List<MultiGauge.Row<?>> expirations = new ArrayList<>();
    List<MultiGauge.Row<?>> states = new ArrayList<>();
    jdbc.query(
        "SELECT account, certificate_id, domain, not_after, renewal_state FROM v_certificates WHERE gone_at IS NULL",
        row -> {
          Tags tags =
              Tags.of(
                  "account",
                  row.getString(1),
                  "certificate_id",
                  row.getString(2),
                  "domain",
                  row.getString(3));
          java.sql.Timestamp notAfter = row.getTimestamp(4);
          if (notAfter != null) {
            expirations.add(MultiGauge.Row.of(tags, notAfter.toInstant().getEpochSecond()));
          }
          states.add(MultiGauge.Row.of(tags.and("state", row.getString(5)), 1));
          return null;
        });
    expiration.register(expirations, true);
    renewalState.register(states, true);

    List<MultiGauge.Row<?>> open = new ArrayList<>();
    jdbc.query(
        "SELECT account, state, count(*) FROM reissue WHERE state IN ('requested', 'unknown') GROUP BY account, state",
        row ->
            open.add(
                MultiGauge.Row.of(
                    Tags.of("account", row.getString(1), "state", row.getString(2)),
                    row.getLong(3))));
    openReissues.register(open, true);

    jdbc.query(
        "SELECT account, state, coalesce(error_code, ''), count(*) FROM reissue"
            + " WHERE state IN ('succeeded', 'failed') GROUP BY 1, 2, 3",
        row -> {
          String account = row.getString(1);
          String outcome = row.getString(2);
          String code = row.getString(3);
          AtomicLong total =
              reissueTotals.computeIfAbsent(
                  account + "\u0000" + outcome + "\u0000" + code,
                  key -> {
                    AtomicLong value = new AtomicLong();
                    FunctionCounter.builder("reissued_reissue", value, AtomicLong::doubleValue)
                        .description(
                            "Settled re-issues in the ledger by account, outcome and error code")
                        .tags("account", account, "outcome", outcome, "code", code)
                        .register(registry);
                    return value;
                  });
          total.set(row.getLong(4));
          return null;
        });
  }
}
