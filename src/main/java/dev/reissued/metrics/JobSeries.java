package dev.reissued.metrics;

import dev.reissued.config.ScheduleConfig;
import dev.reissued.schedule.Duty;
import dev.reissued.schedule.JobHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Each duty's last success and failure on this node, and its interval, so that an alert can say "no
 * success for three intervals" without knowing the schedule. Labelled {@code account} and {@code
 * duty}, not {@code job}: Prometheus gives {@code job} to the scrape target.
 */
final class JobSeries {
  private JobSeries() {}

  static void bind(
      MeterRegistry registry,
      JobHealth health,
      ScheduleConfig schedule,
      List<String> accounts,
      Instant now) {
    for (Duty duty : Duty.values()) {
      double interval = CronIntervals.longestGap(duty.cron(schedule), now).toSeconds();
      for (String account : accounts) {
        Tags tags = Tags.of("account", account, "duty", duty.name().toLowerCase(Locale.ROOT));
        timestamp(
            registry,
            "reissued_job_last_success_timestamp_seconds",
            "When the duty last succeeded on this node, in seconds since the epoch (NaN: not yet)",
            () -> health.lastSuccess(duty, account),
            tags);
        timestamp(
            registry,
            "reissued_job_last_failure_timestamp_seconds",
            "When the duty last failed on this node, in seconds since the epoch (NaN: not yet)",
            () -> health.lastFailure(duty, account),
            tags);
        Gauge.builder("reissued_job_interval_seconds", () -> interval)
            .description("The longest gap between two firings of the duty's cron expression")
            .tags(tags)
            .register(registry);
      }
    }
  }

  private static void timestamp(
      MeterRegistry registry,
      String name,
      String description,
      Supplier<Optional<Instant>> reading,
      Tags tags) {
    Gauge.builder(
            name, () -> reading.get().map(at -> at.toEpochMilli() / 1000.0).orElse(Double.NaN))
        .description(description)
        .tags(tags)
        .register(registry);
  }
}
