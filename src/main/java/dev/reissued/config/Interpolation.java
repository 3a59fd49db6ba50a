package dev.reissued.config;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in configuration values from the
 * environment; {@code $${NAME}} stands for a literal {@code ${NAME}} (for a deploy hook's shell).
 */
final class Interpolation {
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Function<String, String> environment;

  Interpolation(Function<String, String> environment) {
    this.environment = environment;
  }

  /** The value with every variable replaced, or empty after reporting the first unset one. */
  Optional<String> apply(String value, String path, Problems problems) {
    Matcher matcher = VARIABLE.matcher(value);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      if (matcher.group().equals("$${")) {
        matcher.appendReplacement(result, Matcher.quoteReplacement("${"));
        continue;
      }
      String name = matcher.group(1);
      String replacement = environment.apply(name);
      if (replacement == null || replacement.isEmpty()) {
        replacement = matcher.group(2);
      }
      if (replacement == null) {
        problems.error(path, "environment variable " + name + " is not set");
        return Optional.empty();
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return Optional.of(result.toString());
  }
}
