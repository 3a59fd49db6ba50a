package dev.reissued.config;

import java.util.Optional;

/**
 * Maps how the daemon runs and shows itself: {@code schedule}, {@code metrics} and {@code logging}.
 */
final class DaemonReader {
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

  /** {@code listen: host:port}; absent or blank is off. */
  static Optional<MetricsConfig> metrics(ConfigNode node) {
    if (!node.expectObject("listen")) {
      return Optional.of(MetricsConfig.OFF);
    }
    ConfigNode listen = node.get("listen");
    Optional<String> text = listen.text().filter(value -> !value.isBlank());
    if (text.isEmpty()) {
      return listen.hasErrors() ? Optional.empty() : Optional.of(MetricsConfig.OFF);
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
        node.build(() -> new MetricsConfig(Optional.of(bound), number));
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

  static Optional<LoggingConfig> logging(ConfigNode node) {
    node.expectObject("format");
    LoggingConfig.Format format =
        node.get("format")
            .enumValue(LoggingConfig.Format.class)
            .orElse(LoggingConfig.DEFAULT_FORMAT);
    return node.build(() -> new LoggingConfig(format));
  }
}
