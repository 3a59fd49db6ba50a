package dev.reissued.tencent;

import java.time.Duration;

/**
 * The account's share of the API's rate limit: hands out request slots. A call takes its slot
 * before it starts (so queueing never eats the call's own time budget), sleeps until shortly before
 * it ({@link #LEAD}, for connecting), and is written at the slot itself ({@link SendGuard}), so
 * that arrivals at the server keep the spacing. In one process a {@link RateLimiter} does it;
 * daemons that share a database take their slots from it ({@link SharedRateLimit}), so the
 * account's limit holds across all of them.
 */
public interface Throttle {
  /**
   * How long before its slot a call starts: time to connect, so the request can be written at the
   * slot. The whole-call timeout is connect + read + this, and so is the part of the settling
   * period that covers a call in flight.
   */
  Duration LEAD = Duration.ofMillis(500);

  /** Takes the account's next request slot, however far ahead: its {@link System#nanoTime()}. */
  long reserve();

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
