package dev.reissued.metrics;

import dev.reissued.cloud.CloudCounts;
import dev.reissued.config.AccountConfig;
import dev.reissued.config.CertificateSeriesConfig;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.config.RenewalConfig;
import dev.reissued.config.ScheduleConfig;
import dev.reissued.db.Jdbc;
import dev.reissued.deliver.DeliveryCounts;
import dev.reissued.notify.WebhookCounts;
import dev.reissued.renewal.Ledger;
import dev.reissued.schedule.JobHealth;
import dev.reissued.tencent.ApiAction;
import dev.reissued.tencent.ApiObserver;
import dev.reissued.tencent.Settling;
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
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The Prometheus registry, and the series written beside it. Certificate, ledger, delivery and
 * webhook series are read from the database at each scrape, so every node of a cluster reports the
 * same; API calls and job runs are this node's. JVM and pool metrics come from the libraries that
 * already provide them.
 *
 * <p>Series of a few rows per account are Micrometer meters ({@link DatabaseSeries}). Series per
 * certificate are not: registering hundreds of thousands of meters at each scrape took seconds and
 * gigabytes, so {@link StreamedSeries} write them into the page from a database cursor, after the
 * registry's own text.
 */
public final class ReissuedMetrics implements ApiObserver {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Jdbc jdbc;
  private final List<DatabaseSeries> databaseSeries;
  private final CloudSeries cloudSeries;
  private final CertificateSeries certificateSeries =
      new CertificateSeries(
          new CertificateSeries.Selection(
              CertificateSeriesConfig.DEFAULT.limit(),
              CertificateSeriesConfig.DEFAULT.window(RenewalConfig.DEFAULT_RENEW_BEFORE)));
  private final List<StreamedSeries> streamedSeries = List.of(certificateSeries);

  /** Where a scrape writes its page: opened only once the database has answered. */
  @FunctionalInterface
  public interface Body {
    OutputStream open() throws IOException;
  }

  public ReissuedMetrics(Jdbc jdbc) {
    this.jdbc = jdbc;
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
    CertificateSeriesConfig series = config.metrics().certificateSeries();
    limitCertificateSeries(series.limit(), series.window(config.renewal().renewBefore()));
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

  /**
   * Per-certificate series for every live certificate while there are at most {@code limit}; beyond
   * that only for those expiring within {@code window}, soonest first, at most {@code limit}
   * ({@code metrics.certificateSeries}).
   */
  public void limitCertificateSeries(int limit, Duration window) {
    certificateSeries.select(new CertificateSeries.Selection(limit, window));
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

  /** The whole page as one string: for tests and small inventories; the server streams. */
  public String scrape() {
    ByteArrayOutputStream page = new ByteArrayOutputStream();
    try {
      scrape(() -> page);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return page.toString(StandardCharsets.UTF_8);
  }

  /**
   * Refreshes the meter-backed database series, reads the streamed series' aggregates, then opens
   * the body and writes the registry's text followed by the streamed series, in one read-only
   * transaction (one snapshot for every streamed family). A failure before {@code body.open()} has
   * sent nothing; after it, the page is incomplete and the body is left unclosed, so the server can
   * drop the connection instead of ending a cut page as if it were whole. On success the body is
   * flushed, not closed.
   */
  public void scrape(Body body) throws IOException {
    refresh();
    try {
      jdbc.inTransaction(
          handle -> {
            handle.update("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            // v_certificates joins each row to its latest re-issue (a LATERAL ... LIMIT 1, probed
            // only for certificates in the ledger), which the planner costs so high that JIT
            // compiles every query (seconds at 1M rows), and it cannot tell that a million rows
            // fall into a few hundred groups, so it would sort them; neither helps a scan that
            // reads everything once.
            handle.update("SET LOCAL jit = off");
            handle.update("SET LOCAL enable_sort = off");
            handle.update("SET LOCAL enable_incremental_sort = off");
            List<StreamedSeries.Rendering> renderings =
                streamedSeries.stream().map(series -> series.prepare(handle)).toList();
            try {
              OutputStream out = new BufferedOutputStream(body.open(), BUFFER_BYTES);
              registry.scrape(out);
              // Many short writes per sample: buffered as chars, so the encoder sees large runs.
              Writer writer =
                  new BufferedWriter(
                      new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER_BYTES);
              PrometheusText text = new PrometheusText(writer);
              for (StreamedSeries.Rendering rendering : renderings) {
                rendering.writeTo(text);
              }
              writer.flush();
            } catch (IOException failure) {
              throw new UncheckedIOException(failure);
            }
            return null;
          });
    } catch (UncheckedIOException failure) {
      throw failure.getCause();
    }
  }

  void refresh() {
    databaseSeries.forEach(DatabaseSeries::refresh);
  }
}
