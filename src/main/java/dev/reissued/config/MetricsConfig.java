package dev.reissued.config;

import java.util.Optional;

/** The Prometheus and health endpoint: {@code host:port}, or off. */
public record MetricsConfig(Optional<String> host, int port) {
  public static final IntRange PORTS = new IntRange(1, 65535);

  public static final MetricsConfig OFF = new MetricsConfig(Optional.empty(), 0);

  public MetricsConfig {
    Complaints complaints = new Complaints();
    host = host == null ? Optional.empty() : host;
    if (host.isPresent()) {
      PORTS.problem(port).ifPresent(problem -> complaints.add("listen", "port " + problem));
    }
    complaints.throwIfAny(MetricsConfig.class);
  }

  public boolean enabled() {
    return host.isPresent();
  }

  /** /metrics and /healthz have no authentication and list every certificate and domain. */
  public boolean reachableFromOtherHosts() {
    return host.isPresent() && !Loopback.isLoopback(host.get());
  }
}
