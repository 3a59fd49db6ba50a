package dev.reissued.config;

import java.util.Optional;

/** The whole numbers a setting allows, both ends included. */
public record IntRange(int min, int max) {
  public boolean contains(int value) {
    return value >= min && value <= max;
  }

  /** Why {@code value} is not allowed, or empty when it is. */
  public Optional<String> problem(int value) {
    return contains(value)
        ? Optional.empty()
        : Optional.of(value + " is out of range; use " + min + " to " + max);
  }

  /** "a whole number from 2 to 100": what a value that is no number should have been. */
  String expected() {
    return "a whole number from " + min + " to " + max;
  }
}
