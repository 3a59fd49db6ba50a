package dev.reissued.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What is wrong (errors) or merely doubtful (warnings) with a configuration, by key path. */
final class Problems {
  private final Set<String> errors = new LinkedHashSet<>();
  private final Set<String> errorPaths = new LinkedHashSet<>();
  private final List<String> warnings = new ArrayList<>();

  void error(String path, String message) {
    errors.add(path.isEmpty() ? message : path + ": " + message);
    errorPaths.add(path);
  }

  void warning(String path, String message) {
    warnings.add(path.isEmpty() ? message : path + ": " + message);
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  /**
   * Whether an error was reported at {@code path} or below it. A record's complaint about such a
   * path ("is required", "lists no account") only repeats what that error already says: the value
   * could not be read, so the record never got it.
   */
  boolean hasErrorsAt(String path) {
    if (path.isEmpty()) {
      return hasErrors();
    }
    for (String reported : errorPaths) {
      if (reported.equals(path)
          || reported.startsWith(path + ".")
          || reported.startsWith(path + "[")) {
        return true;
      }
    }
    return false;
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }
}
