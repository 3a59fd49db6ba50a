package dev.reissued.tencent;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One limiter per account name for the whole process, so that every client, thread and job of an
 * account shares the account's API budget. A client built later with another rate (a config reload)
 * changes the shared limiter's rate rather than getting a second budget.
 */
final class RateLimiters {
  /**
   * Permits are spaced over a second plus this allowance. A request's trip from the limiter to
   * Tencent's counter varies by a few milliseconds; without the allowance two such variations can
   * put N+1 arrivals into one second at the server even though N+1 grants never fit into one here.
   * 40 ms (a ceiling of 96% of the limit) because at 25 ms a heavily loaded 2-core machine still
   * saw 1 in 300 re-issues answered RequestLimitExceeded in the throughput benchmark.
   */
  static final Duration JITTER_ALLOWANCE = Duration.ofMillis(40);

  private static final Logger log = LoggerFactory.getLogger(RateLimiters.class);
  private static final ConcurrentMap<String, RateLimiter> BY_ACCOUNT = new ConcurrentHashMap<>();

  private RateLimiters() {}

  static RateLimiter forAccount(String account, double requestsPerSecond) {
    RateLimiter limiter =
        BY_ACCOUNT.computeIfAbsent(
            account,
            name ->
                RateLimiter.create(
                    requestsPerSecond,
                    Duration.ofSeconds(1).plus(JITTER_ALLOWANCE),
                    RateLimiter.Ticker.SYSTEM));
    if (limiter.rate() != requestsPerSecond) {
      log.info(
          "account {}: API rate limit changed from {}/s to {}/s",
          account,
          limiter.rate(),
          requestsPerSecond);
      limiter.setRate(requestsPerSecond);
    }
    return limiter;
  }
}
