package dev.reissued.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code metrics.certificateSeries}: which certificates get per-certificate series on /metrics. Up
 * to {@code limit} live certificates, all of them; beyond that only those expiring within {@code
 * window} (soonest first, still at most {@code limit}). The window is a fixed duration or a
 * multiple of {@code renewal.renewBefore} ({@code 2x renewBefore}, the default), so that it follows
 * the renewal window. Per-account counts by days left and state are served whatever this says.
 */
public record CertificateSeriesConfig(
    int limit, Optional<Duration> fixedWindow, double renewBeforeTimes) {
  public static final int DEFAULT_LIMIT = 100_000;
  public static final double DEFAULT_RENEW_BEFORE_TIMES = 2;
  public static final IntRange LIMITS = new IntRange(0, 10_000_000);
  public static final DurationRange WINDOWS =
      new DurationRange(Duration.ofHours(1), Duration.ofDays(3650));
  public static final double MAX_RENEW_BEFORE_TIMES = 100;

  public static final CertificateSeriesConfig DEFAULT =
      new CertificateSeriesConfig(DEFAULT_LIMIT, Optional.empty(), DEFAULT_RENEW_BEFORE_TIMES);

  public CertificateSeriesConfig {
    Complaints complaints = new Complaints();
    fixedWindow = fixedWindow == null ? Optional.empty() : fixedWindow;
    complaints.within("limit", limit, LIMITS);
    if (fixedWindow.isPresent()) {
      complaints.within("window", fixedWindow.get(), WINDOWS);
    } else if (!(renewBeforeTimes > 0 && renewBeforeTimes <= MAX_RENEW_BEFORE_TIMES)) {
      complaints.add(
          "window",
          renewBeforeTimes
              + "x renewBefore is out of range; use a multiple above 0 and up to "
              + (int) MAX_RENEW_BEFORE_TIMES);
    }
    complaints.throwIfAny(CertificateSeriesConfig.class);
  }

  /** The window for the configured {@code renewal.renewBefore}. */
  public Duration window(Duration renewBefore) {
    return fixedWindow.orElseGet(
        () -> Duration.ofSeconds(Math.round(renewBefore.toSeconds() * renewBeforeTimes)));
  }

  /** As the configuration file spells it: {@code 2x renewBefore} or a duration. */
  public String describeWindow() {
    if (fixedWindow.isPresent()) {
      return Durations.format(fixedWindow.get());
    }
    return (renewBeforeTimes == Math.rint(renewBeforeTimes)
            ? Long.toString((long) renewBeforeTimes)
            : Double.toString(renewBeforeTimes))
        + "x renewBefore";
  }
}
