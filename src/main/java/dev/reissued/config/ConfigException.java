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

  /** One thing a configuration record refuses: the field by its key below the record, and why. */
  public record Complaint(String field, String message) {
    @Override
    public String toString() {
      return field.isEmpty() ? message : field + ": " + message;
    }
  }

  /**
   * A configuration record refusing the values it was given, with every complaint it has about
   * them. The loader puts each under the record's own key path ({@code accounts[1]} + {@code
   * timeouts.read}); code that builds a record itself gets the complaints as they are.
   */
  public static final class Invalid extends ConfigException {
    private final transient List<Complaint> complaints;

    public Invalid(Class<?> record, List<Complaint> complaints) {
      super(record.getSimpleName(), complaints.stream().map(Complaint::toString).toList());
      this.complaints = List.copyOf(complaints);
    }

    public List<Complaint> complaints() {
      return complaints;
    }
  }
}
