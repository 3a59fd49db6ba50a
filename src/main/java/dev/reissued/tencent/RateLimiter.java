package dev.reissued.tencent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Grants permits on a timetable of one slot every {@code window / permits}, and keeps two promises
 * about the real grant times: no window of length {@code window} ever holds more than {@code
 * permits} grants (rounded down, at least one), and no two grants come closer than half a slot.
 *
 * <p>A grant that wakes late (on a busy machine a sleeping thread runs a few milliseconds after its
 * time) keeps its slot, so the lateness is not carried into every later grant: reckoning each slot
 * from the previous real grant instead loses the average lateness on every request, about 3% of the
 * rate on a loaded machine. A grant later than one whole slot means the limiter was idle; the
 * timetable starts again from it, so a quiet minute earns no burst.
 *
 * <p>Waiters queue on a fair lock and the holder sleeps inside it: everybody behind would have to
 * wait for their own slot anyway, and it keeps grants in arrival order.
 */
public final class RateLimiter implements Throttle {
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

  /** The latest grants, oldest first, at most {@link #perWindow()} of them. */
  private final Deque<Long> recent = new ArrayDeque<>();

  private long nextSlotNanos;
  private long lastGrantNanos;
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

  /** Blocks until this caller may send one request (the grant is taken at its real time). */
  public void acquire() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      grant();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the next grant without waiting for it: the same timetable and window as {@link
   * #acquire()}, kept on the slots handed out (the caller waits for its slot itself).
   */
  @Override
  public long reserve() {
    lock.lock();
    try {
      int perWindow = perWindow();
      while (recent.size() > perWindow) {
        recent.pollFirst();
      }
      long now = ticker.nanoTime();
      long slot = later(earliestGrant(now, perWindow), now);
      record(slot);
      return slot;
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held: waits for the next grant. */
  private void grant() throws InterruptedException {
    int perWindow = perWindow();
    while (recent.size() > perWindow) {
      recent.pollFirst();
    }
    long now = ticker.nanoTime();
    long earliest = earliestGrant(now, perWindow);
    while (now - earliest < 0) {
      ticker.sleepNanos(earliest - now);
      now = ticker.nanoTime();
    }
    record(now);
  }

  /** A grant at {@code at}: the timetable moves on, and the window remembers it. */
  private void record(long at) {
    long interval = intervalNanos;
    long slot = granted && at - nextSlotNanos < interval ? nextSlotNanos : at;
    nextSlotNanos = slot + interval;
    lastGrantNanos = at;
    granted = true;
    recent.addLast(at);
    if (recent.size() > perWindow()) {
      recent.pollFirst();
    }
  }

  private long earliestGrant(long now, int perWindow) {
    if (!granted) {
      return now;
    }
    long earliest = later(nextSlotNanos, lastGrantNanos + intervalNanos / 2);
    if (recent.size() == perWindow) {
      earliest = later(earliest, recent.peekFirst() + window.toNanos());
    }
    return earliest;
  }

  /** The grants one window may hold. */
  private int perWindow() {
    return (int) Math.max(1, Math.floor(permits));
  }

  private static long later(long one, long other) {
    return one - other > 0 ? one : other;
  }
}
