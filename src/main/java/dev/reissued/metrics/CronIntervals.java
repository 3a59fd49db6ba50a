package dev.reissued.metrics;

import dev.reissued.ReissuedException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.quartz.CronExpression;

/**
 * The interval of a duty's cron expression, for alerts that count missed runs. An expression need
 * not be regular ({@code 0 0 9 ? * MON-FRI}), so this is the longest gap between its next firings:
 * an alert on "three intervals without success" must not fire over a quiet weekend.
 */
final class CronIntervals {
  /** Enough firings to cover a weekly pattern of daily runs several times over. */
  static final int FIRINGS = 64;

  private CronIntervals() {}

  static Duration longestGap(String cron, Instant from) {
    CronExpression expression;
    try {
      expression = new CronExpression(cron);
    } catch (ParseException invalid) {
      throw new ReissuedException(
          "cron expression " + cron + " is invalid: " + invalid.getMessage(), invalid);
    }
    Date previous = expression.getNextValidTimeAfter(Date.from(from));
    Duration longest = Duration.ZERO;
    for (int firing = 1; previous != null && firing < FIRINGS; firing++) {
      Date next = expression.getNextValidTimeAfter(previous);
      if (next == null) {
        break;
      }
      Duration gap = Duration.between(previous.toInstant(), next.toInstant());
      if (gap.compareTo(longest) > 0) {
        longest = gap;
      }
      previous = next;
    }
    return longest;
  }
}
