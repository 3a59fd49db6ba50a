package dev.reissued.config;

import java.util.Objects;

/**
 * A configured secret. Only {@link #reveal()} gives the value; printing, logging or concatenating a
 * Secret shows {@code <masked>}.
 */
public final class Secret {
  public static final String MASK = "<masked>";
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value);
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return MASK;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
