package dev.reissued.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.db.PostgresExtension;
import dev.reissued.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CliFoundationTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension(false);
  @TempDir Path directory;
  Path config;

  @BeforeEach
  void writeConfig() throws IOException {
    TestConfigs.masterKey(directory);
    config = directory.resolve("reissued.yaml");
    Files.writeString(
        config,
        """
        database: { url: "%s" }
        accounts: [ { name: main, secretId: AKIDexample, secretKey: the-secret-key } ]
        keys: { masterKeyFile: master.key }
        """
            .formatted(postgres.jdbcUrl()));
  }

  @Test
  void help_lists_the_commands() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("migrate", "check-config", "status");
  }

  @Test
  void unknown_option_is_a_usage_error() {
    assertThat(CliRun.of("status", "--bogus").exitCode()).isEqualTo(2);
  }

  @Test
  void check_config_prints_the_effective_configuration_masked() {
    CliRun run = CliRun.of("check-config", "-c", config.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("secretKey: <masked>", "renewBefore: 30d", "csrType: Upload");
    assertThat(run.out() + run.err()).doesNotContain("the-secret-key");
  }

  @Test
  void check_config_rejects_a_bad_file_with_exit_2_and_the_key_path() throws IOException {
    Files.writeString(
        config,
        Files.readString(config) + "renewal: { key: { algorithm: RSA, parameter: 1024 } }\n");

    CliRun run = CliRun.of("check-config", "-c", config.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "renewal.key.parameter: RSA key size 1024 is not allowed; use 2048, 3072 or 4096");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void a_missing_config_file_is_exit_2() {
    CliRun run = CliRun.of("migrate", "-c", directory.resolve("absent.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("absent.yaml is invalid", "does not exist");
  }

  @Test
  void migrate_twice_succeeds_and_the_second_changes_nothing() {
    CliRun first = CliRun.of("migrate", "-c", config.toString());
    CliRun second = CliRun.of("migrate", "-c", config.toString());

    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).startsWith("applied ");
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("up to date");
  }

  @Test
  void status_before_migrate_says_what_to_do() {
    CliRun run = CliRun.of("status", "-c", config.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("run `reissued migrate`");
  }

  @Test
  void status_json_is_an_array_of_the_view_rows() throws Exception {
    CliRun.of("migrate", "-c", config.toString());
    Instant now = Instant.now();
    postgres
        .jdbc()
        .update(
            "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status, not_after,"
                + " first_seen_at, last_synced_at) VALUES ('json0001', 'main', 'j.example.com', true, false, 1, ?, ?, ?)",
            Instant.parse("2027-01-01T00:00:00Z"),
            now,
            now);

    CliRun run = CliRun.of("status", "--json", "-c", config.toString());
    var rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());

    assertThat(run.exitCode()).isZero();
    assertThat(rows.isArray()).isTrue();
    assertThat(rows.get(0).get("certificate_id").asText()).isEqualTo("json0001");
    assertThat(rows.get(0).get("not_after").asText()).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(rows.get(0).get("is_free").asBoolean()).isTrue();
    assertThat(rows.get(0).get("renewal_state").asText()).isEqualTo("none");
  }

  @Test
  void plan_json_gives_each_decision_and_its_reason() throws Exception {
    CliRun.of("migrate", "-c", config.toString());
    Instant now = Instant.now();
    postgres
        .jdbc()
        .update(
            "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status, not_after,"
                + " first_seen_at, last_synced_at) VALUES ('plan0001', 'main', 'p.example.com', false, true, 1, ?, ?, ?)",
            now.plusSeconds(86400 * 5),
            now,
            now);

    CliRun run = CliRun.of("plan", "--json", "-c", config.toString());
    var rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(rows.get(0).get("decision").asText()).isEqualTo("not_eligible");
    assertThat(rows.get(0).get("reason").asText())
        .isEqualTo("uploaded certificate: re-issue is not possible, replace it manually");
  }

  @Test
  void plan_due_lists_only_what_a_pass_would_do_and_jsonl_gives_one_object_a_line()
      throws Exception {
    CliRun.of("migrate", "-c", config.toString());
    Instant now = Instant.now();
    String insert =
        "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status,"
            + " package_type, not_after, first_seen_at, last_synced_at)"
            + " VALUES (?, 'main', ?, false, false, 1, '6', ?, ?, ?)";
    postgres
        .jdbc()
        .update(insert, "due00001", "due.example.com", now.plusSeconds(86400 * 5), now, now);
    postgres
        .jdbc()
        .update(insert, "late0001", "late.example.com", now.plusSeconds(86400 * 80), now, now);

    CliRun due = CliRun.of("plan", "--due", "-c", config.toString());
    CliRun all = CliRun.of("plan", "-c", config.toString());
    CliRun lines = CliRun.of("plan", "--jsonl", "-c", config.toString());

    assertThat(due.exitCode()).as(due.err()).isZero();
    assertThat(due.out()).contains("Due now (1):", "due00001").doesNotContain("late0001");
    assertThat(all.out())
        .contains(
            "Due now (1):", "Later and not eligible", "late0001", "(1 later, 0 not eligible)");
    List<String> objects = lines.out().lines().toList();
    assertThat(objects).hasSize(2);
    for (String object : objects) {
      assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(object).get("decision"))
          .isNotNull();
    }
  }

  @Test
  void status_lists_certificates_soonest_expiry_first() {
    CliRun.of("migrate", "-c", config.toString());
    Instant now = Instant.now();
    String insert =
        "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status, not_after,"
            + " first_seen_at, last_synced_at) VALUES (?, 'main', ?, ?, false, 1, ?, ?, ?)";
    postgres
        .jdbc()
        .update(
            insert,
            "later001",
            "later.example.com",
            false,
            now.plusSeconds(90 * 86400L + 3600),
            now,
            now);
    postgres
        .jdbc()
        .update(
            insert,
            "soon0001",
            "soon.example.com",
            true,
            now.plusSeconds(5 * 86400L + 3600),
            now,
            now);

    CliRun run = CliRun.of("status", "-c", config.toString());

    assertThat(run.exitCode()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines[0]).startsWith("DOMAIN").contains("DAYS LEFT", "FREE", "STATE");
    assertThat(lines[1]).startsWith("soon.example.com").contains("soon0001", " 5 ", "free", "none");
    assertThat(lines[2]).startsWith("later.example.com").contains(" 90 ", "paid");
  }
}
