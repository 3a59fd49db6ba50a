package dev.reissued.tencent;

import dev.reissued.db.Jdbc;
import java.time.Duration;

/**
 * Request slots of an account handed out by the database, so that every process on it — several
 * daemons, {@code renew --once} beside a daemon — keeps to the account's one API rate limit
 * together. Each process used to keep its own limiter: three of them sent three times the rate and
 * each refusal used up an attempt.
 *
 * <p>A slot is a row update, {@code next_slot = greatest(next_slot, now) + spacing}, that returns
 * how far ahead the slot it took is. Slots are spaced evenly, so no window of a second ever holds
 * more than the rate; a quiet minute earns no burst (the {@code greatest}); and times are the
 * database's, so the nodes' clocks need not agree. It costs one short statement per request; a
 * process killed while waiting only wastes its slot.
 */
public final class SharedRateLimit implements Throttle {
  private final Jdbc jdbc;
  private final String account;
  private final Duration spacing;

  /** The limit of {@code account}, {@code requestsPerSecond} for all processes together. */
  public SharedRateLimit(Jdbc jdbc, String account, double requestsPerSecond) {
    this.jdbc = jdbc;
    this.account = account;
    this.spacing = Throttle.spacing(requestsPerSecond);
  }

  @Override
  public long reserve() {
    return System.nanoTime() + ahead().toNanos();
  }

  /** Takes the account's next slot: how long from now it is. */
  public Duration ahead() {
    double seconds = spacing.toNanos() / 1e9;
    return jdbc.queryOne(
            """
            WITH now AS (SELECT clock_timestamp() AS at)
            INSERT INTO api_rate AS rate (account, next_slot)
            SELECT ?, at + make_interval(secs => ?) FROM now
            ON CONFLICT (account) DO UPDATE
                SET next_slot = greatest(rate.next_slot, (SELECT at FROM now)) + make_interval(secs => ?)
            RETURNING extract(epoch FROM rate.next_slot - make_interval(secs => ?) - (SELECT at FROM now))
            """,
            row -> Duration.ofNanos(Math.max(0, Math.round(row.getDouble(1) * 1e9))),
            account,
            seconds,
            seconds,
            seconds)
        .orElseThrow();
  }
}
