package dev.reissued.config;

import java.time.Duration;

/**
 * Backoff for retryable re-issue failures: the first retry after {@code initialBackoff}, doubling
 * up to {@code maxBackoff}, and no attempt after the {@code maxAttempts}-th.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxAttempts) {

  /** The wait after the given (1-based) failed attempt. */
  public Duration backoffAfter(int attempt) {
    Duration backoff = initialBackoff;
    for (int i = 1; i < attempt && backoff.compareTo(maxBackoff) < 0; i++) {
      backoff = backoff.multipliedBy(2);
    }
    return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
  }
}
