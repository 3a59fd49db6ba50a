package dev.reissued.db;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Request slots of an account handed out by the database, so that every process on it — several
 * daemons, {@code renew --once} beside a daemon — keeps to the account's one API rate limit
 * together. Each process used to keep its own limiter: three of them sent three times the rate and
 * each refusal used up an attempt.
 *
 * <p>A slot is a row update, {@code next_slot = greatest(next_slot, now) + spacing}, that returns
 * how long the caller must wait for the slot it took. Slots are spaced evenly, so no window of a
 * second ever holds more than the rate; a quiet minute earns no burst (the {@code greatest}); and
 * times are the database's, so the nodes' clocks need not agree. It costs one short statement per
 * request; a process killed while waiting only wastes its slot.
 */
public final class SharedRateLimit {
  private final Jdbc jdbc;

  public SharedRateLimit(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Takes the account's next slot and waits for it. */
  public void acquire(String account, Duration spacing) throws InterruptedException {
    Duration wait = reserve(account, spacing);
    if (!wait.isZero() && !wait.isNegative()) {
      TimeUnit.NANOSECONDS.sleep(wait.toNanos());
    }
  }

  /** Takes the account's next slot: how long from now it is. */
  public Duration reserve(String account, Duration spacing) {
    double seconds = spacing.toNanos() / 1e9;
    double wait =
        jdbc.queryOne(
                """
                WITH now AS (SELECT clock_timestamp() AS at)
                INSERT INTO api_rate AS rate (account, next_slot)
                SELECT ?, at + make_interval(secs => ?) FROM now
                ON CONFLICT (account) DO UPDATE
                    SET next_slot = greatest(rate.next_slot, (SELECT at FROM now)) + make_interval(secs => ?)
                RETURNING extract(epoch FROM rate.next_slot - make_interval(secs => ?) - (SELECT at FROM now))
                """,
                row -> row.getDouble(1),
                account,
                seconds,
                seconds,
                seconds)
            .orElseThrow();
    return Duration.ofNanos(Math.max(0, Math.round(wait * 1e9)));
  }
}
