package dev.reissued.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waiting on a condition another process brings about, for tests that cannot move a clock
 * instead. Polls with short parks; never waits past its deadline.
 */
public final class Await {
  private static final Duration POLL = Duration.ofMillis(100);

  private Await() {}

  /** True as soon as {@code condition} holds, false when {@code timeout} passes first. */
  public static boolean within(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  /**
   * Waits for {@code condition}; fails with what it waited for and {@code diagnosis} if it never
   * held.
   */
  public static void until(
      String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnosis) {
    if (!within(timeout, condition)) {
      throw new AssertionError(
          "waited " + timeout.toSeconds() + " s for " + what + " in vain\n" + diagnosis.get());
    }
  }

  /** Waits for {@code condition}; fails if it never held within {@code timeout}. */
  public static void until(Duration timeout, BooleanSupplier condition) {
    until("the condition", timeout, condition, () -> "");
  }
}
