package dev.reissued.config;

import java.time.Duration;

/**
 * Backoff for retryable re-issue failures: the first retry after {@code initialBackoff}, doubling
 * up to {@code maxBackoff}, and no attempt after the {@code maxAttempts}-th.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxAttempts) {
  public static final DurationRange INITIAL_BACKOFFS =
      new DurationRange(Duration.ofSeconds(1), Duration.ofDays(1));
  public static final DurationRange MAX_BACKOFFS =
      new DurationRange(Duration.ofSeconds(1), Duration.ofDays(7));
  public static final IntRange MAX_ATTEMPTS = new IntRange(1, 100);

  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMinutes(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofHours(6);
  public static final int DEFAULT_MAX_ATTEMPTS = 8;
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_ATTEMPTS);

  public RetryPolicy {
    Complaints complaints = new Complaints();
    complaints.within("initialBackoff", initialBackoff, INITIAL_BACKOFFS);
    complaints.within("maxBackoff", maxBackoff, MAX_BACKOFFS);
    complaints.within("maxAttempts", maxAttempts, MAX_ATTEMPTS);
    if (initialBackoff != null && maxBackoff != null && maxBackoff.compareTo(initialBackoff) < 0) {
      complaints.add(
          "maxBackoff",
          Durations.format(maxBackoff)
              + " is shorter than initialBackoff ("
              + Durations.format(initialBackoff)
              + ")");
    }
    complaints.throwIfAny(RetryPolicy.class);
  }

  /** The wait after the given (1-based) failed attempt. */
  public Duration backoffAfter(int attempt) {
    Duration backoff = initialBackoff;
    for (int i = 1; i < attempt && backoff.compareTo(maxBackoff) < 0; i++) {
      backoff = backoff.multipliedBy(2);
    }
    return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
  }
}
