package dev.reissued.config;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One Tencent Cloud account: its credentials, endpoint, rate limit and timeouts. The defaults and
 * the endpoint rule are {@link ApiEndpoint}'s, shared with the client's own settings, so what this
 * accepts the client accepts too.
 */
public record AccountConfig(
    String name,
    String secretId,
    Secret secretKey,
    URI endpoint,
    String region,
    double requestsPerSecond,
    Duration connectTimeout,
    Duration readTimeout) {
  /** A label that is safe in job names, metric labels and file names. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  /** Above Tencent's documented 10/s per account only for a raised quota; beyond 100 is a typo. */
  public static final double MAX_REQUESTS_PER_SECOND = 100;

  public static final DurationRange CONNECT_TIMEOUTS =
      new DurationRange(Duration.ofSeconds(1), Duration.ofMinutes(5));
  public static final DurationRange READ_TIMEOUTS =
      new DurationRange(Duration.ofSeconds(1), Duration.ofMinutes(10));

  public AccountConfig {
    Complaints complaints = new Complaints();
    if (complaints.text("name", name) && !NAME.matcher(name).matches()) {
      complaints.add(
          "name",
          "'" + name + "' is not a valid name; use letters, digits, '-', '_' or '.' (at most 63)");
    }
    if (complaints.text("secretId", secretId)) {
      secretId = secretId.strip();
    }
    // The client refuses a blank key, so the configuration does.
    if (complaints.present("secretKey", secretKey, "is required (or give secretKeyFile)")
        && secretKey.reveal().isBlank()) {
      complaints.add("secretKey", "must not be empty");
    }
    if (complaints.present("endpoint", endpoint)) {
      ApiEndpoint.problem(endpoint).ifPresent(problem -> complaints.add("endpoint", problem));
    }
    region = region == null ? "" : region.strip();
    if (!(requestsPerSecond > 0) || requestsPerSecond > MAX_REQUESTS_PER_SECOND) {
      complaints.add(
          "requestsPerSecond",
          plain(requestsPerSecond)
              + " is out of range; use more than 0 and at most "
              + plain(MAX_REQUESTS_PER_SECOND));
    }
    complaints.within("timeouts.connect", connectTimeout, CONNECT_TIMEOUTS);
    complaints.within("timeouts.read", readTimeout, READ_TIMEOUTS);
    complaints.throwIfAny(AccountConfig.class);
  }

  /** 10 rather than 10.0, as it was written. */
  private static String plain(double value) {
    return value == Math.rint(value) && !Double.isInfinite(value)
        ? String.valueOf((long) value)
        : String.valueOf(value);
  }
}
