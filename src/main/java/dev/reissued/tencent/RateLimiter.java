package dev.reissued.tencent;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Spaces permits at least {@code window / permits} apart, with no burst credit: after a quiet
 * minute the next calls are still spaced, so no window of that length ever holds more than {@code
 * permits} grants. The next slot is reckoned from the moment a grant actually happens (after any
 * oversleep), which keeps the guarantee true of real grant times, not only of planned ones.
 *
 * <p>Waiters queue on a fair lock and the holder sleeps inside it: everybody behind would have to
 * wait for their own slot anyway, and it keeps grants in arrival order.
 */
public final class RateLimiter {
  /** A source of monotonic nanoseconds and a way to wait; tests pass a fake one. */
  public interface Ticker {
    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;

    Ticker SYSTEM =
        new Ticker() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public void sleepNanos(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
          }
        };
  }

  private final Ticker ticker;
  private final ReentrantLock lock = new ReentrantLock(true);
  private volatile long intervalNanos;
  private volatile double permits;
  private final Duration window;
  private long nextFreeNanos;
  private boolean granted;

  private RateLimiter(double permits, Duration window, Ticker ticker) {
    this.ticker = ticker;
    this.window = window;
    setRate(permits);
  }

  /** At most {@code permits} grants in any window of length {@code window}. */
  public static RateLimiter create(double permits, Duration window, Ticker ticker) {
    if (window == null || window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("rate limiter window must be positive, got " + window);
    }
    return new RateLimiter(permits, window, ticker);
  }

  /** At most {@code permitsPerSecond} grants in any second. */
  public static RateLimiter perSecond(double permitsPerSecond) {
    return create(permitsPerSecond, Duration.ofSeconds(1), Ticker.SYSTEM);
  }

  /** Changes the rate; grants already made keep their spacing. */
  public void setRate(double newPermits) {
    if (!(newPermits > 0) || Double.isInfinite(newPermits)) {
      throw new IllegalArgumentException("rate must be a positive number, got " + newPermits);
    }
    this.permits = newPermits;
    this.intervalNanos = (long) Math.ceil(window.toNanos() / newPermits);
  }

  /** The permits per window this limiter grants. */
  public double rate() {
    return permits;
  }

  /** Blocks until this caller may send one request. */
  public void acquire() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long now = ticker.nanoTime();
      while (granted && now - nextFreeNanos < 0) {
        ticker.sleepNanos(nextFreeNanos - now);
        now = ticker.nanoTime();
      }
      granted = true;
      nextFreeNanos = now + intervalNanos;
    } finally {
      lock.unlock();
    }
  }
}
