package dev.reissued.config;

import java.time.Duration;
import java.util.Optional;

/** The durations a setting allows, both ends included. */
public record DurationRange(Duration min, Duration max) {
  public boolean contains(Duration value) {
    return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
  }

  /** Why {@code value} is not allowed, or empty when it is. */
  public Optional<String> problem(Duration value) {
    return contains(value)
        ? Optional.empty()
        : Optional.of(
            Durations.format(value)
                + " is out of range; use "
                + Durations.format(min)
                + " to "
                + Durations.format(max));
  }
}
