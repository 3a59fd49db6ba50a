package dev.reissued.config;

import dev.reissued.config.ConfigException.Complaint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a record's compact constructor collects about its fields before it gives up, so that one
 * reading reports every mistake of a record instead of the first.
 */
final class Complaints {
  private final List<Complaint> found = new ArrayList<>();

  void add(String field, String message) {
    found.add(new Complaint(field, message));
  }

  /** Complaints about the entries of a list field, {@code [1].name}, under that field. */
  void addAll(String field, List<Complaint> complaints) {
    for (Complaint complaint : complaints) {
      add(field + complaint.field(), complaint.message());
    }
  }

  /** True when {@code value} is there; otherwise says the field is required. */
  boolean present(String field, Object value) {
    return present(field, value, "is required");
  }

  boolean present(String field, Object value, String whenMissing) {
    if (value == null) {
      add(field, whenMissing);
      return false;
    }
    return true;
  }

  /** True when {@code value} is there and not blank. */
  boolean text(String field, String value) {
    if (!present(field, value)) {
      return false;
    }
    if (value.isBlank()) {
      add(field, "must not be empty");
      return false;
    }
    return true;
  }

  void within(String field, Duration value, DurationRange range) {
    if (present(field, value)) {
      range.problem(value).ifPresent(problem -> add(field, problem));
    }
  }

  void within(String field, int value, IntRange range) {
    range.problem(value).ifPresent(problem -> add(field, problem));
  }

  /** Throws {@link ConfigException.Invalid} with everything found, if anything was. */
  void throwIfAny(Class<? extends Record> record) {
    if (!found.isEmpty()) {
      throw new ConfigException.Invalid(record, found);
    }
  }

  /**
   * The entries of a list whose name an earlier entry already has, as {@code [1].name}. {@code
   * names} lines up with the list; a null name (unreadable) clashes with nothing.
   */
  static List<Complaint> nameClashes(List<String> names, String what) {
    List<Complaint> clashes = new ArrayList<>();
    Map<String, Integer> first = new HashMap<>();
    for (int index = 0; index < names.size(); index++) {
      String name = names.get(index);
      if (name != null && first.putIfAbsent(name, index) != null) {
        clashes.add(
            new Complaint(
                "[" + index + "].name",
                "'" + name + "' is used by another " + what + "; names must be unique"));
      }
    }
    return clashes;
  }
}
