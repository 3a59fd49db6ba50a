package dev.reissued.tencent;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How to reach the SSL API for one account. Validated on construction; the secret key prints as
 * {@code <masked>}.
 *
 * @param account the account's name in reissued's configuration (not a Tencent id); it keys the
 *     process-wide rate limiter
 * @param endpoint {@code https://host[:port]}; {@code http://} only for a loopback host such as the
 *     sandbox
 * @param region sent as {@code X-TC-Region}; the SSL API is global, so it is usually empty
 * @param requestsPerSecond the account's API budget (Tencent documents 10/s for ReplaceCertificate)
 */
public record ClientSettings(
    String account,
    String secretId,
    String secretKey,
    URI endpoint,
    String region,
    double requestsPerSecond,
    Duration connectTimeout,
    Duration readTimeout) {
  public static final URI DEFAULT_ENDPOINT = URI.create("https://ssl.tencentcloudapi.com");
  public static final double DEFAULT_REQUESTS_PER_SECOND = 10;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

  public ClientSettings {
    account = required(account, "account");
    secretId = required(secretId, "secretId");
    if (secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("account " + account + ": secretKey is required");
    }
    endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint;
    checkEndpoint(account, endpoint);
    region = region == null ? "" : region.strip();
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException(
          "account " + account + ": requestsPerSecond must be positive, got " + requestsPerSecond);
    }
    connectTimeout = positive(account, "connectTimeout", connectTimeout, DEFAULT_CONNECT_TIMEOUT);
    readTimeout = positive(account, "readTimeout", readTimeout, DEFAULT_READ_TIMEOUT);
  }

  /** Settings with every default: Tencent's endpoint, no region, 10/s, 10 s connect, 30 s read. */
  public static ClientSettings of(String account, String secretId, String secretKey) {
    return new ClientSettings(
        account,
        secretId,
        secretKey,
        DEFAULT_ENDPOINT,
        "",
        DEFAULT_REQUESTS_PER_SECOND,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_READ_TIMEOUT);
  }

  public ClientSettings withEndpoint(URI newEndpoint) {
    return new ClientSettings(
        account,
        secretId,
        secretKey,
        newEndpoint,
        region,
        requestsPerSecond,
        connectTimeout,
        readTimeout);
  }

  public ClientSettings withRequestsPerSecond(double newRate) {
    return new ClientSettings(
        account, secretId, secretKey, endpoint, region, newRate, connectTimeout, readTimeout);
  }

  public ClientSettings withTimeouts(Duration newConnectTimeout, Duration newReadTimeout) {
    return new ClientSettings(
        account,
        secretId,
        secretKey,
        endpoint,
        region,
        requestsPerSecond,
        newConnectTimeout,
        newReadTimeout);
  }

  public ClientSettings withSecretKey(String newSecretKey) {
    return new ClientSettings(
        account,
        secretId,
        newSecretKey,
        endpoint,
        region,
        requestsPerSecond,
        connectTimeout,
        readTimeout);
  }

  /** {@code host} or {@code host:port}, as the SDK wants its endpoint (and signs it). */
  String hostAndPort() {
    return endpoint.getPort() < 0
        ? endpoint.getHost()
        : endpoint.getHost() + ":" + endpoint.getPort();
  }

  boolean plainHttp() {
    return "http".equalsIgnoreCase(endpoint.getScheme());
  }

  @Override
  public String toString() {
    return "ClientSettings[account="
        + account
        + ", secretId="
        + secretId
        + ", secretKey=<masked>, endpoint="
        + endpoint
        + ", region="
        + region
        + ", requestsPerSecond="
        + requestsPerSecond
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + "]";
  }

  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String bare = host.toLowerCase(Locale.ROOT);
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    return bare.equals("localhost")
        || bare.equals("::1")
        || bare.equals("0:0:0:0:0:0:0:1")
        || IPV4_LOOPBACK.matcher(bare).matches();
  }

  private static void checkEndpoint(String account, URI endpoint) {
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    String where = "account " + account + ": endpoint " + endpoint;
    if (endpoint.getHost() == null) {
      throw new IllegalArgumentException(where + " has no host; write it as https://host[:port]");
    }
    if (scheme.equals("http")) {
      if (!isLoopback(endpoint.getHost())) {
        throw new IllegalArgumentException(
            where + " is plain http to a non-loopback host; only https is allowed there");
      }
    } else if (!scheme.equals("https")) {
      throw new IllegalArgumentException(where + " must start with https://");
    }
    String path = endpoint.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/"))
        || endpoint.getRawQuery() != null
        || endpoint.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          where + " must be only scheme, host and port; the API is always POST /");
    }
  }

  private static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value.strip();
  }

  private static Duration positive(String account, String name, Duration value, Duration fallback) {
    Duration chosen = value == null ? fallback : value;
    if (chosen.isZero() || chosen.isNegative()) {
      throw new IllegalArgumentException(
          "account " + account + ": " + name + " must be positive, got " + chosen);
    }
    return chosen;
  }
}
