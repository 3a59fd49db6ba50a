package dev.reissued.config;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Prometheus and health endpoint: {@code host:port}, or off; and which certificates get
 * per-certificate series.
 */
public record MetricsConfig(
    Optional<String> host, int port, CertificateSeriesConfig certificateSeries) {
  public static final IntRange PORTS = new IntRange(1, 65535);

  public static final MetricsConfig OFF =
      new MetricsConfig(Optional.empty(), 0, CertificateSeriesConfig.DEFAULT);

  private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
  private static final Pattern IPV4 =
      Pattern.compile(String.join("\\.", OCTET, OCTET, OCTET, OCTET));
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  public MetricsConfig {
    Complaints complaints = new Complaints();
    host = host == null ? Optional.empty() : host;
    complaints.present("certificateSeries", certificateSeries);
    if (host.isPresent()) {
      if (!isAddressOrName(host.get())) {
        complaints.add(
            "listen",
            "'"
                + host.get()
                + "' is not an IP address or host name; use e.g. 127.0.0.1, or 0.0.0.0 for every"
                + " address");
      }
      PORTS.problem(port).ifPresent(problem -> complaints.add("listen", "port " + problem));
    }
    complaints.throwIfAny(MetricsConfig.class);
  }

  /** With the default certificate series. */
  public MetricsConfig(Optional<String> host, int port) {
    this(host, port, CertificateSeriesConfig.DEFAULT);
  }

  public boolean enabled() {
    return host.isPresent();
  }

  /** /metrics and /healthz have no authentication and list every certificate and domain. */
  public boolean reachableFromOtherHosts() {
    return host.isPresent() && !Loopback.isLoopback(host.get());
  }

  /**
   * What the server could bind: an IP literal or a syntactically valid host name (whether the name
   * resolves to an address of this machine is only known when the daemon binds it).
   */
  private static boolean isAddressOrName(String host) {
    if (NUMERIC.matcher(host).matches()) {
      return IPV4.matcher(host).matches();
    }
    if (HOST_NAME.matcher(host).matches()) {
      return true;
    }
    if (!host.contains(":") || !host.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    try {
      // A literal with a colon is parsed, never resolved.
      InetAddress.getByName(host);
      return true;
    } catch (IOException notAnAddress) {
      return false;
    }
  }
}
