package dev.reissued.tencent;

import java.time.Duration;

/**
 * What a request waits for just before it is written: the account's share of the API's rate limit.
 * In one process a {@link RateLimiter} does it; daemons that share a database take their slots from
 * the database instead, so that the account's limit holds across all of them.
 */
@FunctionalInterface
public interface Throttle {
  void acquire() throws InterruptedException;

  /**
   * The spacing between two requests of an account allowed {@code requestsPerSecond}: a second plus
   * {@link RateLimiters#JITTER_ALLOWANCE}, shared out.
   */
  static Duration spacing(double requestsPerSecond) {
    long nanos =
        (long)
            Math.ceil(
                Duration.ofSeconds(1).plus(RateLimiters.JITTER_ALLOWANCE).toNanos()
                    / requestsPerSecond);
    return Duration.ofNanos(nanos);
  }
}
