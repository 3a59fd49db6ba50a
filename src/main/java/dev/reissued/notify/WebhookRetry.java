package dev.reissued.notify;

import java.time.Duration;

/**
 * How the delivery worker retries: after failed attempt {@code n} it waits {@code initialBackoff *
 * 2^(n-1)}, at most {@code maxBackoff}, and after {@code maxAttempts} it marks the delivery failed.
 * A claimed delivery is leased for {@code lease}: if its worker dies, another takes it after that.
 */
public record WebhookRetry(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration lease,
    int batchSize,
    Duration pollInterval) {

  /** 30 s, 1 min, 2 min, ... capped at 1 h; ten attempts span about three and a half hours. */
  public static final WebhookRetry DEFAULT =
      new WebhookRetry(
          10,
          Duration.ofSeconds(30),
          Duration.ofHours(1),
          Duration.ofMinutes(2),
          20,
          Duration.ofSeconds(10));

  public WebhookRetry {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= initial (" + initialBackoff + ") <= max (" + maxBackoff + ")");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
  }

  /** The wait after failed attempt {@code attempt} (1-based). */
  public Duration backoffAfter(int attempt) {
    Duration wait = initialBackoff;
    for (int step = 1; step < attempt && wait.compareTo(maxBackoff) < 0; step++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
