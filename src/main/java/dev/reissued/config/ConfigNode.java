package dev.reissued.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One node of the YAML tree with its key path ({@code accounts[0].timeouts.read}). Readers report
 * wrong types and bad values to {@link Problems} under that path and return empty, so one pass
 * finds every problem of a file instead of stopping at the first.
 */
final class ConfigNode {
  private final JsonNode node;
  private final String path;
  private final Problems problems;
  private final Interpolation interpolation;

  ConfigNode(JsonNode node, String path, Problems problems, Interpolation interpolation) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.interpolation = interpolation;
  }

  String path() {
    return path;
  }

  boolean isPresent() {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  ConfigNode get(String key) {
    JsonNode child = node != null && node.isObject() ? node.get(key) : null;
    return new ConfigNode(child, path.isEmpty() ? key : path + "." + key, problems, interpolation);
  }

  void error(String message) {
    problems.error(path, message);
  }

  void warning(String message) {
    problems.warning(path, message);
  }

  /**
   * True when this is a mapping (or absent); reports unknown keys by name and lists the allowed
   * ones.
   */
  boolean expectObject(String... allowedKeys) {
    if (!isPresent()) {
      return false;
    }
    if (!node.isObject()) {
      error(
          "expected a mapping with keys "
              + String.join(", ", allowedKeys)
              + ", got "
              + describe(node));
      return false;
    }
    Set<String> allowed = Set.of(allowedKeys);
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        String childPath = path.isEmpty() ? name : path + "." + name;
        problems.error(
            childPath, "unknown key; allowed here: " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
    return true;
  }

  /** The elements of a sequence; reports anything else. */
  List<ConfigNode> elements() {
    List<ConfigNode> elements = new ArrayList<>();
    if (!isPresent()) {
      return elements;
    }
    if (!node.isArray()) {
      error("expected a list, got " + describe(node));
      return elements;
    }
    for (int index = 0; index < node.size(); index++) {
      elements.add(
          new ConfigNode(node.get(index), path + "[" + index + "]", problems, interpolation));
    }
    return elements;
  }

  /** A scalar as text, with {@code ${VAR}} replaced. */
  Optional<String> text() {
    if (!isPresent()) {
      return Optional.empty();
    }
    if (!node.isValueNode()) {
      error("expected a single value, got " + describe(node));
      return Optional.empty();
    }
    return interpolation.apply(node.asText(), path, problems);
  }

  Optional<String> requiredText() {
    Optional<String> text = text();
    if (!isPresent()) {
      error("is required");
    } else if (text.isPresent() && text.get().isBlank()) {
      error("must not be empty");
      return Optional.empty();
    }
    return text;
  }

  Optional<Integer> integer(int min, int max) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      int value = Integer.parseInt(text.get().trim());
      if (value < min || value > max) {
        error(value + " is out of range; use " + min + " to " + max);
        return Optional.empty();
      }
      return Optional.of(value);
    } catch (NumberFormatException notInteger) {
      error("expected a whole number from " + min + " to " + max + ", got '" + text.get() + "'");
      return Optional.empty();
    }
  }

  Optional<Double> decimal(double minExclusive, double max) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      double value = Double.parseDouble(text.get().trim());
      if (!(value > minExclusive) || value > max) {
        error(
            text.get().trim()
                + " is out of range; use more than "
                + trim(minExclusive)
                + " and at most "
                + trim(max));
        return Optional.empty();
      }
      return Optional.of(value);
    } catch (NumberFormatException notNumber) {
      error("expected a number, got '" + text.get() + "'");
      return Optional.empty();
    }
  }

  Optional<Boolean> bool() {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return switch (text.get().trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> Optional.of(true);
      case "false", "no", "off" -> Optional.of(false);
      default -> {
        error("expected true or false, got '" + text.get() + "'");
        yield Optional.empty();
      }
    };
  }

  Optional<Duration> duration(Duration min, Duration max) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Duration value = Durations.parse(text.get());
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        error(
            Durations.format(value)
                + " is out of range; use "
                + Durations.format(min)
                + " to "
                + Durations.format(max));
        return Optional.empty();
      }
      return Optional.of(value);
    } catch (IllegalArgumentException badDuration) {
      error(badDuration.getMessage());
      return Optional.empty();
    }
  }

  <E extends Enum<E>> Optional<E> enumValue(Class<E> type) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.get().trim())) {
        return Optional.of(constant);
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      allowed.add(constant.name());
    }
    error("'" + text.get() + "' is not allowed; use one of " + String.join(", ", allowed));
    return Optional.empty();
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  private static String describe(JsonNode node) {
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    return "'" + node.asText() + "'";
  }
}
