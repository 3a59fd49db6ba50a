package dev.reissued.config;

import java.util.ArrayList;
import java.util.List;

/** What is wrong (errors) or merely doubtful (warnings) with a configuration, by key path. */
final class Problems {
  private final List<String> errors = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  void error(String path, String message) {
    errors.add(path.isEmpty() ? message : path + ": " + message);
  }

  void warning(String path, String message) {
    warnings.add(path.isEmpty() ? message : path + ": " + message);
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }
}
