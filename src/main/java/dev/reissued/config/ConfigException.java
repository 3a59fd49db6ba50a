package dev.reissued.config;

import dev.reissued.ReissuedException;
import java.util.List;

/** The configuration is unusable. Each problem names its key path; the command exits 2. */
public class ConfigException extends ReissuedException {
  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(format(source, problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String format(String source, List<String> problems) {
    StringBuilder message =
        new StringBuilder("configuration ").append(source).append(" is invalid:");
    for (String problem : problems) {
      message.append("\n  ").append(problem);
    }
    return message.toString();
  }
}
