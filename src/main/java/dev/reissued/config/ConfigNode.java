package dev.reissued.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reissued.config.ConfigException.Complaint;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One node of the YAML tree with its key path ({@code accounts[0].timeouts.read}). Readers report
 * what cannot be read as the type it should be to {@link Problems} under that path and return
 * empty, so one pass finds every problem of a file instead of stopping at the first. Whether a
 * value that can be read is allowed is its record's to say ({@link #build}).
 */
final class ConfigNode {
  private final JsonNode node;
  private final String path;
  private final Reading reading;

  /** What every node of one reading shares. */
  private record Reading(Problems problems, Interpolation interpolation, Path baseDirectory) {}

  /** The root of a file; relative paths in it resolve against {@code baseDirectory}. */
  static ConfigNode root(
      JsonNode root, Problems problems, Interpolation interpolation, Path baseDirectory) {
    return new ConfigNode(root, "", new Reading(problems, interpolation, baseDirectory));
  }

  private ConfigNode(JsonNode node, String path, Reading reading) {
    this.node = node;
    this.path = path;
    this.reading = reading;
  }

  boolean isPresent() {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  ConfigNode get(String key) {
    JsonNode child = node != null && node.isObject() ? node.get(key) : null;
    return new ConfigNode(child, child(key), reading);
  }

  void error(String message) {
    reading.problems().error(path, message);
  }

  void warning(String message) {
    reading.problems().warning(path, message);
  }

  /** Whether anything at or below this node was reported as an error. */
  boolean hasErrors() {
    return reading.problems().hasErrorsAt(path);
  }

  /**
   * The record {@code constructor} builds from what was read, or empty when it refuses: its
   * complaints are reported under this node's path, except where an error at that path already says
   * why the value is missing. {@code keys} names the key a field was read from when it is not the
   * field's own (a secret read from {@code secretKeyFile}).
   */
  <T> Optional<T> build(Supplier<T> constructor, Map<String, String> keys) {
    try {
      return Optional.of(constructor.get());
    } catch (ConfigException.Invalid refused) {
      report(
          refused.complaints().stream()
              .map(
                  complaint ->
                      new Complaint(
                          keys.getOrDefault(complaint.field(), complaint.field()),
                          complaint.message()))
              .toList());
      return Optional.empty();
    }
  }

  <T> Optional<T> build(Supplier<T> constructor) {
    return build(constructor, Map.of());
  }

  /**
   * Complaints about fields below this node, each unless an error reported before them explains it;
   * several about one field are all reported.
   */
  void report(List<Complaint> complaints) {
    List<Complaint> unexplained =
        complaints.stream()
            .filter(complaint -> !reading.problems().hasErrorsAt(pathOf(complaint)))
            .toList();
    unexplained.forEach(
        complaint -> reading.problems().error(pathOf(complaint), complaint.message()));
  }

  private String pathOf(Complaint complaint) {
    return complaint.field().isEmpty() ? path : child(complaint.field());
  }

  private String child(String field) {
    if (path.isEmpty() || field.startsWith("[")) {
      return path + field;
    }
    return path + "." + field;
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
        reading
            .problems()
            .error(
                child(name),
                "unknown key; allowed here: " + String.join(", ", new TreeSet<>(allowed)));
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
      elements.add(new ConfigNode(node.get(index), child("[" + index + "]"), reading));
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
    return reading.interpolation().apply(node.asText(), path, reading.problems());
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

  /** A whole number; {@code range} only says what was expected when the text is no number. */
  Optional<Integer> integer(IntRange range) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(text.get().trim()));
    } catch (NumberFormatException notInteger) {
      error("expected " + range.expected() + ", got '" + text.get() + "'");
      return Optional.empty();
    }
  }

  Optional<Double> decimal() {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Double.parseDouble(text.get().trim()));
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

  Optional<Duration> duration() {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Durations.parse(text.get()));
    } catch (IllegalArgumentException badDuration) {
      error(badDuration.getMessage());
      return Optional.empty();
    }
  }

  /** A path, relative to the configuration file's directory unless absolute; blank is none. */
  Optional<Path> file() {
    Optional<String> text = text().filter(value -> !value.isBlank());
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Path given;
    try {
      given = Path.of(text.get().trim());
    } catch (InvalidPathException invalid) {
      error("'" + text.get() + "' is not a path: " + invalid.getReason());
      return Optional.empty();
    }
    Path base = reading.baseDirectory();
    return Optional.of(
        given.isAbsolute() || base == null ? given : base.resolve(given).normalize());
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
