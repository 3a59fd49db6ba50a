package dev.reissued.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.db.PostgresExtension;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The runbook's SQL is what an operator pastes during an incident: it must run as written. */
class RunbookQueriesTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();

  private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);

  static List<String> statements(String markdown) {
    List<String> statements = new ArrayList<>();
    Matcher block = SQL_BLOCK.matcher(markdown);
    while (block.find()) {
      for (String statement : block.group(1).split(";\\s*(\\n|$)")) {
        if (!statement.isBlank()) {
          statements.add(statement.strip());
        }
      }
    }
    return statements;
  }

  @Test
  void every_query_of_the_runbook_runs_against_the_schema_the_migrations_build() throws Exception {
    List<String> statements = statements(Files.readString(Monitoring.RUNBOOK));

    assertThat(statements).hasSizeGreaterThanOrEqualTo(10);
    for (String statement : statements) {
      assertThat(statement).as("read-only").startsWithIgnoringCase("SELECT");
      postgres.jdbc().query(statement, row -> null);
    }
  }
}
