package dev.reissued.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The files in monitoring/, read as Prometheus and Grafana read them. */
final class Monitoring {
  static final Path RULES = Path.of("monitoring/reissued-rules.yaml");
  static final Path RULE_TESTS = Path.of("monitoring/tests");
  static final Path DASHBOARD = Path.of("monitoring/reissued-dashboard.json");
  static final Path RUNBOOK = Path.of("docs/runbook.md");

  /** Metric names the exporter serves itself; {@code up} and {@code ALERTS} are Prometheus's. */
  private static final Pattern SERVED_NAME =
      Pattern.compile("\\b((?:reissued|process|jvm|hikaricp)_[a-zA-Z0-9_]+)\\b");

  private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

  private Monitoring() {}

  static JsonNode yaml(Path file) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  static JsonNode json(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  static List<JsonNode> alerts() {
    List<JsonNode> alerts = new ArrayList<>();
    yaml(RULES).path("groups").forEach(group -> group.path("rules").forEach(alerts::add));
    return alerts;
  }

  static List<Path> ruleTests() {
    try (Stream<Path> files = Files.list(RULE_TESTS)) {
      return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  /** Every PromQL expression of the dashboard: panel targets and the variables' queries. */
  static List<String> dashboardQueries() {
    List<String> queries = new ArrayList<>();
    JsonNode dashboard = json(DASHBOARD);
    dashboard
        .path("panels")
        .forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
    dashboard
        .path("templating")
        .path("list")
        .forEach(
            variable -> {
              if (variable.path("type").asText().equals("query")) {
                queries.add(variable.path("definition").asText());
              }
            });
    return queries;
  }

  /** The exporter's metric names an expression uses, leaving out label values. */
  static Set<String> metricNames(String expression) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = SERVED_NAME.matcher(QUOTED.matcher(expression).replaceAll("\"\""));
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /** promtool from PATH, where Debian's prometheus package puts it. */
  static Optional<Path> promtool() {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(directory, "promtool");
      if (!directory.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
