package dev.reissued.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps how the daemon runs and shows itself: {@code schedule}, {@code metrics} and {@code logging}.
 */
final class DaemonReader {
  private static final Pattern RENEW_BEFORE_MULTIPLE =
      Pattern.compile(
          "([0-9]{1,3}(?:\\.[0-9]{1,3})?)\\s*[x*]\\s*renewBefore", Pattern.CASE_INSENSITIVE);

  private DaemonReader() {}

  static Optional<ScheduleConfig> schedule(ConfigNode node) {
    node.expectObject("sync", "renew", "track", "reconcile", "clustered", "cloud");
    String sync = node.get("sync").text().orElse(ScheduleConfig.DEFAULT_SYNC);
    String renew = node.get("renew").text().orElse(ScheduleConfig.DEFAULT_RENEW);
    String track = node.get("track").text().orElse(ScheduleConfig.DEFAULT_TRACK);
    String reconcile = node.get("reconcile").text().orElse(ScheduleConfig.DEFAULT_RECONCILE);
    boolean clustered = node.get("clustered").bool().orElse(ScheduleConfig.DEFAULT_CLUSTERED);
    String cloud = node.get("cloud").text().orElse(ScheduleConfig.DEFAULT_CLOUD);
    return node.build(() -> new ScheduleConfig(sync, renew, track, reconcile, clustered, cloud));
  }

  /** {@code listen: host:port}; absent or blank is off. {@code certificateSeries}: see below. */
  static Optional<MetricsConfig> metrics(ConfigNode node) {
    if (!node.expectObject("listen", "certificateSeries")) {
      return Optional.of(MetricsConfig.OFF);
    }
    Optional<CertificateSeriesConfig> series = certificateSeries(node.get("certificateSeries"));
    ConfigNode listen = node.get("listen");
    Optional<String> text = listen.text().filter(value -> !value.isBlank());
    if (series.isEmpty()) {
      return Optional.empty();
    }
    if (text.isEmpty()) {
      return listen.hasErrors()
          ? Optional.empty()
          : Optional.of(new MetricsConfig(Optional.empty(), 0, series.get()));
    }
    String value = text.get().trim();
    int colon = value.lastIndexOf(':');
    Optional<Integer> port = Optional.empty();
    if (colon > 0 && colon < value.length() - 1) {
      try {
        port = Optional.of(Integer.parseInt(value.substring(colon + 1)));
      } catch (NumberFormatException notPort) {
        // reported below with the shape it should have
      }
    }
    if (port.isEmpty()) {
      listen.error("'" + value + "' is not host:port; use e.g. 127.0.0.1:9464");
      return Optional.empty();
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String bound = host;
    int number = port.get();
    Optional<MetricsConfig> metrics =
        node.build(() -> new MetricsConfig(Optional.of(bound), number, series.get()));
    if (metrics.isPresent() && metrics.get().reachableFromOtherHosts()) {
      listen.warning(
          "'"
              + value
              + "' is reachable from other hosts: /metrics lists every certificate id and"
              + " domain, without authentication; bind 127.0.0.1 unless a firewall or proxy"
              + " guards the port");
    }
    return metrics;
  }

  /**
   * {@code limit: 100000} and {@code window: 2x renewBefore} (a multiple of renewal.renewBefore) or
   * a duration such as {@code 60d}; either may be left out.
   */
  static Optional<CertificateSeriesConfig> certificateSeries(ConfigNode node) {
    if (!node.expectObject("limit", "window")) {
      return node.hasErrors() ? Optional.empty() : Optional.of(CertificateSeriesConfig.DEFAULT);
    }
    ConfigNode limitNode = node.get("limit");
    Optional<Integer> limit = limitNode.integer(CertificateSeriesConfig.LIMITS);
    if (limitNode.isPresent() && limit.isEmpty()) {
      return Optional.empty();
    }
    ConfigNode windowNode = node.get("window");
    Optional<String> window = windowNode.text().map(String::trim);
    if (windowNode.isPresent() && window.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> fixed = Optional.empty();
    double times = CertificateSeriesConfig.DEFAULT_RENEW_BEFORE_TIMES;
    if (window.isPresent()) {
      Matcher multiple = RENEW_BEFORE_MULTIPLE.matcher(window.get());
      if (multiple.matches()) {
        times = Double.parseDouble(multiple.group(1));
      } else {
        try {
          fixed = Optional.of(Durations.parse(window.get()));
        } catch (IllegalArgumentException notDuration) {
          windowNode.error(
              "'"
                  + window.get()
                  + "' is neither a duration (e.g. 60d) nor a multiple of renewBefore (e.g. 2x"
                  + " renewBefore)");
          return Optional.empty();
        }
      }
    }
    int chosenLimit = limit.orElse(CertificateSeriesConfig.DEFAULT_LIMIT);
    Optional<Duration> chosenWindow = fixed;
    double chosenTimes = times;
    return node.build(() -> new CertificateSeriesConfig(chosenLimit, chosenWindow, chosenTimes));
  }

  static Optional<LoggingConfig> logging(ConfigNode node) {
    node.expectObject("format");
    LoggingConfig.Format format =
        node.get("format")
            .enumValue(LoggingConfig.Format.class)
            .orElse(LoggingConfig.DEFAULT_FORMAT);
    return node.build(() -> new LoggingConfig(format));
  }
}
