package dev.reissued.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where and how the SSL API is reached: the one rule for an endpoint and the defaults, used by the
 * configuration (so {@code check-config} refuses what the client would) and by the client's own
 * settings. An endpoint is {@code https://host[:port]}, or {@code http://} to a loopback host (the
 * sandbox); nothing else, since every call is {@code POST /} and a path, query or user info would
 * be dropped or fail at run time.
 */
public final class ApiEndpoint {
  public static final URI DEFAULT = URI.create("https://ssl.tencentcloudapi.com");
  public static final double DEFAULT_REQUESTS_PER_SECOND = 10;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private ApiEndpoint() {}

  /** What is wrong with {@code endpoint}, or empty when it is usable. */
  public static Optional<String> problem(URI endpoint) {
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return Optional.of("'" + shown(endpoint) + "' is not an http(s) URL; use e.g. " + DEFAULT);
    }
    if (endpoint.getHost() == null || endpoint.getHost().isEmpty()) {
      return Optional.of("'" + shown(endpoint) + "' has no host; write it as https://host[:port]");
    }
    if (scheme.equals("http") && !Loopback.isLoopback(endpoint.getHost())) {
      return Optional.of(
          "plain http is allowed only for a loopback host such as 127.0.0.1 (the local sandbox);"
              + " use https for "
              + endpoint.getHost());
    }
    String path = endpoint.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/"))
        || endpoint.getRawQuery() != null
        || endpoint.getRawFragment() != null
        || endpoint.getRawUserInfo() != null) {
      return Optional.of(
          "'"
              + shown(endpoint)
              + "' must be only scheme, host and port (e.g. "
              + DEFAULT
              + "): every call is POST /, so a path, query, fragment or user info cannot work");
    }
    return Optional.empty();
  }

  /** The endpoint for a message: user info may hold a password, so it is masked. */
  public static String shown(URI endpoint) {
    String text = endpoint.toString();
    String userInfo = endpoint.getRawUserInfo();
    return userInfo == null ? text : text.replace(userInfo + "@", Secret.MASK + "@");
  }
}
