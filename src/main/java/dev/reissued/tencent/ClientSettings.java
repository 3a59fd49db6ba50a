package dev.reissued.tencent;

import dev.reissued.config.ApiEndpoint;
import java.net.URI;
import java.time.Duration;

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
  public ClientSettings {
    account = required(account, "account");
    secretId = required(secretId, "secretId");
    if (secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("account " + account + ": secretKey is required");
    }
    endpoint = endpoint == null ? ApiEndpoint.DEFAULT : endpoint;
    checkEndpoint(account, endpoint);
    region = region == null ? "" : region.strip();
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException(
          "account " + account + ": requestsPerSecond must be positive, got " + requestsPerSecond);
    }
    connectTimeout =
        positive(account, "connectTimeout", connectTimeout, ApiEndpoint.DEFAULT_CONNECT_TIMEOUT);
    readTimeout = positive(account, "readTimeout", readTimeout, ApiEndpoint.DEFAULT_READ_TIMEOUT);
  }

  /** Settings with every default: Tencent's endpoint, no region, 10/s, 5 s connect, 30 s read. */
  public static ClientSettings of(String account, String secretId, String secretKey) {
    return new ClientSettings(
        account,
        secretId,
        secretKey,
        ApiEndpoint.DEFAULT,
        "",
        ApiEndpoint.DEFAULT_REQUESTS_PER_SECOND,
        ApiEndpoint.DEFAULT_CONNECT_TIMEOUT,
        ApiEndpoint.DEFAULT_READ_TIMEOUT);
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

  /** The configuration's rule ({@link ApiEndpoint}), so settings made in code obey it too. */
  private static void checkEndpoint(String account, URI endpoint) {
    ApiEndpoint.problem(endpoint)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("account " + account + ": endpoint " + problem);
            });
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
