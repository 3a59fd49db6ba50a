package dev.reissued.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded polling for a condition another thread brings about. */
final class Await {
  private Await() {}

  static void until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition not met within " + timeout).isBefore(deadline);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }
}
