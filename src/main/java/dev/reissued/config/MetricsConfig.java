package dev.reissued.config;

import java.util.Optional;

/** The Prometheus and health endpoint: {@code host:port}, or off. */
public record MetricsConfig(Optional<String> host, int port) {
  public static final MetricsConfig OFF = new MetricsConfig(Optional.empty(), 0);

  public boolean enabled() {
    return host.isPresent();
  }
}
