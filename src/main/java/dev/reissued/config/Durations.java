package dev.reissued.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 30d}, {@code 12h}, {@code 10m}, {@code 90s}, {@code
 * 500ms}, or ISO {@code PT10M}.
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    Matcher matcher = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException notIso) {
        // fall through to the common message
      }
    }
    throw new IllegalArgumentException(
        "'" + trimmed + "' is not a duration; use e.g. 30d, 12h, 10m, 90s, 500ms or ISO PT10M");
  }

  /** The shortest of the short forms that states the duration exactly. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    long millis = duration.toMillis();
    if (millis % 86_400_000L == 0) {
      return millis / 86_400_000L + "d";
    }
    if (millis % 3_600_000L == 0) {
      return millis / 3_600_000L + "h";
    }
    if (millis % 60_000L == 0) {
      return millis / 60_000L + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
