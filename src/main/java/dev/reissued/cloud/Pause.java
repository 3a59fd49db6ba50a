package dev.reissued.cloud;

import java.time.Duration;

/**
 * Waits between two asks the API wants spaced (a task still being created, a bind-resource query
 * still running). Tests pass {@link #NONE}.
 */
@FunctionalInterface
public interface Pause {
  Pause NONE = duration -> {};

  void pause(Duration duration) throws InterruptedException;

  /** Sleeps on the thread. */
  static Pause sleeping() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
