package dev.reissued.config;

import java.util.Optional;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * The rule for {@code database.url}: a URL the PostgreSQL driver accepts, checked with the driver's
 * own parser, so that check-config refuses what the connection pool would refuse at start ("No
 * suitable driver"). Messages show the URL with its password masked.
 */
final class PostgresUrl {
  static final String PREFIX = "jdbc:postgresql:";
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private PostgresUrl() {}

  /** What is wrong with {@code url}, or empty when the driver accepts it. */
  static Optional<String> problem(String url) {
    if (!url.startsWith(PREFIX)) {
      return Optional.of(
          "expected a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/reissued, got '"
              + DatabaseConfig.maskUrl(url)
              + "'");
    }
    // Checked here first: the driver says why only in a java.util.logging line of its own.
    Optional<String> port = portProblem(url);
    if (port.isPresent()) {
      return port;
    }
    if (Driver.parseURL(url, null) == null) {
      return Optional.of(
          "'"
              + DatabaseConfig.maskUrl(url)
              + "' is not a URL the PostgreSQL driver accepts; check its %-escapes"
              + " (write jdbc:postgresql://host:port/database?param=value)");
    }
    return Optional.empty();
  }

  /**
   * Each server of {@code //host[:port][,host[:port]]} must have no port or one from 1 to 65535.
   */
  private static Optional<String> portProblem(String url) {
    String rest = url.substring(PREFIX.length());
    if (!rest.startsWith("//")) {
      return Optional.empty();
    }
    rest = rest.substring(2);
    int end = rest.length();
    for (char stop : new char[] {'/', '?'}) {
      int at = rest.indexOf(stop);
      end = at < 0 ? end : Math.min(end, at);
    }
    for (String server : rest.substring(0, end).split(",", -1)) {
      int at = server.indexOf('@');
      if (at >= 0 && server.lastIndexOf(':', at) >= 0) {
        // Never quote it: what looks like a port is part of a password.
        return Optional.of(
            "'"
                + DatabaseConfig.maskUrl(url)
                + "' holds user:password@, which the PostgreSQL driver does not read; give"
                + " database.username and database.password (or passwordFile) instead");
      }
      int colon = server.lastIndexOf(':');
      if (colon < 0 || colon < server.lastIndexOf(']')) {
        continue;
      }
      String port = server.substring(colon + 1);
      if (!PORT.matcher(port).matches()
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65535) {
        return Optional.of(
            "port '"
                + port
                + "' of '"
                + DatabaseConfig.maskUrl(url)
                + "' is not a number from 1 to 65535");
      }
    }
    return Optional.empty();
  }
}
