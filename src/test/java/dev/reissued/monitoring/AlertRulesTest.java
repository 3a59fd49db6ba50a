package dev.reissued.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules and the dashboard: documented, tested with promtool where it is installed
 * (Debian's prometheus package; .ci/run installs it), and valid PromQL.
 */
class AlertRulesTest {
  @Test
  void every_alert_has_a_summary_a_description_and_a_section_of_the_runbook() throws Exception {
    String runbook = Files.readString(Monitoring.RUNBOOK);
    List<JsonNode> alerts = Monitoring.alerts();

    assertThat(alerts).hasSizeGreaterThanOrEqualTo(7);
    for (JsonNode alert : alerts) {
      String name = alert.path("alert").asText();
      JsonNode annotations = alert.path("annotations");
      assertThat(name).as("every rule is an alert").isNotBlank();
      assertThat(annotations.path("summary").asText()).as(name + " summary").isNotBlank();
      assertThat(annotations.path("description").asText()).as(name + " description").isNotBlank();
      assertThat(annotations.path("runbook_url").asText())
          .as(name + " runbook_url")
          .isEqualTo("docs/runbook.md#" + name.toLowerCase(Locale.ROOT));
      assertThat(runbook)
          .as("runbook section for " + name)
          .containsPattern("(?m)^## " + name + "$");
      assertThat(alert.path("labels").path("severity").asText())
          .as(name + " severity")
          .isIn("warning", "critical");
    }
  }

  @Test
  void every_alert_is_tested_both_firing_and_silent() {
    Set<String> firing = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (Path file : Monitoring.ruleTests()) {
      for (JsonNode test : Monitoring.yaml(file).path("tests")) {
        for (JsonNode check : test.path("alert_rule_test")) {
          String name = check.path("alertname").asText();
          (check.path("exp_alerts").isEmpty() ? silent : firing).add(name);
        }
      }
    }
    Set<String> alerts =
        Monitoring.alerts().stream()
            .map(alert -> alert.path("alert").asText())
            .collect(Collectors.toSet());

    assertThat(firing).as("alerts tested firing").containsAll(alerts);
    assertThat(silent).as("alerts tested not firing").containsAll(alerts);
  }

  @Test
  void promtool_accepts_the_rules() throws Exception {
    assertThat(promtool("check", "rules", Monitoring.RULES.toString())).contains("SUCCESS");
  }

  @Test
  void promtool_rule_tests_pass() throws Exception {
    List<String> command = new ArrayList<>(List.of("test", "rules"));
    Monitoring.ruleTests().forEach(file -> command.add(file.toString()));

    assertThat(promtool(command.toArray(String[]::new))).doesNotContain("FAILED");
  }

  @Test
  void every_dashboard_query_is_promql_that_promtool_accepts(@TempDir Path directory)
      throws Exception {
    // Grafana's variables become what Prometheus would receive, then each query a recording rule.
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> queries = Monitoring.dashboardQueries();
    for (int index = 0; index < queries.size(); index++) {
      String query =
          queries
              .get(index)
              .replace("$account", ".*")
              .replace("$__rate_interval", "5m")
              .replaceAll("^label_values\\((\\w+), \\w+\\)$", "$1");
      rules
          .append("      - record: dashboard:query_")
          .append(index)
          .append("\n        expr: '")
          .append(query.replace("'", "''"))
          .append("'\n");
    }
    Path file = directory.resolve("dashboard-queries.yaml");
    Files.writeString(file, rules);

    assertThat(promtool("check", "rules", file.toString()))
        .contains("SUCCESS: " + queries.size() + " rules found");
  }

  @Test
  void dashboard_asks_for_a_prometheus_data_source_and_an_account() {
    JsonNode dashboard = Monitoring.json(Monitoring.DASHBOARD);
    JsonNode variables = dashboard.path("templating").path("list");

    assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
    assertThat(variables.get(0).path("type").asText()).isEqualTo("datasource");
    assertThat(variables.get(0).path("query").asText()).isEqualTo("prometheus");
    assertThat(variables.get(1).path("name").asText()).isEqualTo("account");
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asText())
            .as(panel.path("title").asText())
            .isEqualTo("${datasource}");
        assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
      }
    }
  }

  private static String promtool(String... arguments) throws Exception {
    Path promtool = Monitoring.promtool().orElse(null);
    assumeTrue(promtool != null, "promtool is not installed (apt-get install prometheus)");
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }
}
