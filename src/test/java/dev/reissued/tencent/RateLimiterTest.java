package dev.reissued.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  /** Time moves only when the limiter sleeps, by what it asked plus an optional oversleep. */
  static final class FakeTicker implements RateLimiter.Ticker {
    long now = 5 * SECOND;
    final Random oversleep;
    final long maxOversleepNanos;

    FakeTicker(long seed, long maxOversleepNanos) {
      this.oversleep = new Random(seed);
      this.maxOversleepNanos = maxOversleepNanos;
    }

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      now += nanos + (maxOversleepNanos == 0 ? 0 : oversleep.nextLong(maxOversleepNanos));
    }
  }

  private static List<Long> grants(RateLimiter limiter, FakeTicker ticker, int count)
      throws InterruptedException {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      limiter.acquire();
      times.add(ticker.now);
    }
    return times;
  }

  private static int mostInAnyWindow(List<Long> times, long windowNanos) {
    int most = 0;
    for (int start = 0; start < times.size(); start++) {
      int inWindow = 0;
      for (int i = start; i < times.size() && times.get(i) - times.get(start) < windowNanos; i++) {
        inWindow++;
      }
      most = Math.max(most, inWindow);
    }
    return most;
  }

  @Test
  void n_permits_take_at_least_n_minus_one_intervals() throws InterruptedException {
    FakeTicker ticker = new FakeTicker(1, 0);
    RateLimiter limiter = RateLimiter.create(10, Duration.ofSeconds(1), ticker);
    List<Long> times = grants(limiter, ticker, 31);
    assertThat(times.get(30) - times.get(0)).isGreaterThanOrEqualTo(3 * SECOND);
  }

  @Test
  void no_one_second_window_ever_holds_more_than_the_rate() throws InterruptedException {
    FakeTicker ticker = new FakeTicker(7, 3_000_000);
    RateLimiter limiter = RateLimiter.create(10, Duration.ofSeconds(1), ticker);
    List<Long> times = grants(limiter, ticker, 500);
    assertThat(mostInAnyWindow(times, SECOND)).isLessThanOrEqualTo(10);
  }

  @Test
  void a_steady_stream_runs_at_no_less_than_95_percent_of_the_rate() throws InterruptedException {
    FakeTicker ticker = new FakeTicker(3, 500_000);
    RateLimiter limiter = RateLimiter.create(10, Duration.ofSeconds(1), ticker);
    List<Long> times = grants(limiter, ticker, 201);
    double seconds = (times.get(200) - times.get(0)) / (double) SECOND;
    assertThat(200 / seconds).isBetween(9.5, 10.0);
  }

  @Test
  void late_wake_ups_do_not_slow_a_steady_stream() throws InterruptedException {
    // Up to 3 ms late on every wake-up, as on a loaded machine: spacing each grant from the last
    // real one would lose 1.5 ms per grant (9.85/s); keeping the timetable loses it only once per
    // window.
    FakeTicker ticker = new FakeTicker(11, 3_000_000);
    RateLimiter limiter = RateLimiter.create(10, Duration.ofSeconds(1), ticker);
    List<Long> times = grants(limiter, ticker, 501);
    double seconds = (times.get(500) - times.get(0)) / (double) SECOND;
    assertThat(500 / seconds).isGreaterThan(9.95);
    assertThat(mostInAnyWindow(times, SECOND)).isLessThanOrEqualTo(10);
  }

  @Test
  void grants_are_never_closer_than_half_an_interval() throws InterruptedException {
    FakeTicker ticker = new FakeTicker(13, 90_000_000);
    RateLimiter limiter = RateLimiter.create(10, Duration.ofSeconds(1), ticker);
    List<Long> times = grants(limiter, ticker, 200);
    for (int i = 1; i < times.size(); i++) {
      assertThat(times.get(i) - times.get(i - 1)).isGreaterThanOrEqualTo(SECOND / 20);
    }
    assertThat(mostInAnyWindow(times, SECOND)).isLessThanOrEqualTo(10);
  }

  @Test
  void a_quiet_period_earns_no_burst() throws InterruptedException {
    FakeTicker ticker = new FakeTicker(1, 0);
    RateLimiter limiter = RateLimiter.create(5, Duration.ofSeconds(1), ticker);
    grants(limiter, ticker, 3);
    ticker.now += 60 * SECOND;
    List<Long> times = grants(limiter, ticker, 6);
    assertThat(times.get(5) - times.get(0)).isEqualTo(SECOND);
  }

  @Test
  void the_shared_account_limiter_keeps_the_jitter_allowance_and_follows_rate_changes() {
    RateLimiter first = RateLimiters.forAccount("rate-limiter-test", 10);
    RateLimiter second = RateLimiters.forAccount("rate-limiter-test", 4);
    assertThat(second).isSameAs(first);
    assertThat(first.rate()).isEqualTo(4);
    assertThat(RateLimiters.JITTER_ALLOWANCE.toMillis()).isLessThanOrEqualTo(50);
  }

  @Test
  void threads_share_one_limiter_without_exceeding_it() throws Exception {
    RateLimiter limiter = RateLimiter.perSecond(200);
    List<Long> times = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 25; i++) {
                    limiter.acquire();
                    times.add(System.nanoTime());
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    List<Long> sorted = new ArrayList<>(times);
    sorted.sort(Long::compare);
    assertThat(sorted).hasSize(100);
    assertThat(sorted.get(99) - sorted.get(0)).isGreaterThanOrEqualTo(97 * (SECOND / 200));
  }
}
