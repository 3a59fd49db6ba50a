package dev.reissued.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationsTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension(false);

  @Test
  void migrating_twice_applies_everything_once_and_then_nothing() {
    int first = Migrations.migrate(postgres.database().dataSource());
    int second = Migrations.migrate(postgres.database().dataSource());

    assertThat(first).isGreaterThanOrEqualTo(3);
    assertThat(second).isZero();
  }

  @Test
  void the_latest_version_is_the_highest_migration_file() throws Exception {
    int highest;
    try (Stream<Path> files = Files.list(Path.of("db/migration"))) {
      highest =
          files
              .map(file -> file.getFileName().toString())
              .filter(name -> name.matches("V\\d+__.*\\.sql"))
              .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
              .max()
              .orElseThrow();
    }

    assertThat(Migrations.LATEST_VERSION).isEqualTo(highest);
  }

  @Test
  void a_read_only_command_refuses_a_database_without_the_schema_or_behind_it() {
    DataSource dataSource = postgres.database().dataSource();

    assertThatThrownBy(() -> Migrations.requireCurrent(dataSource))
        .isInstanceOf(DatabaseException.class)
        .hasMessage("the database has no reissued schema yet: run `reissued migrate` first");

    Migrations.migrate(dataSource);
    Migrations.requireCurrent(dataSource);

    postgres
        .jdbc()
        .update(
            "DELETE FROM flyway_schema_history WHERE version = ?",
            String.valueOf(Migrations.LATEST_VERSION));
    assertThatThrownBy(() -> Migrations.requireCurrent(dataSource))
        .isInstanceOf(DatabaseException.class)
        .hasMessage(
            "the database schema is at version "
                + (Migrations.LATEST_VERSION - 1)
                + ", older than this reissued's "
                + Migrations.LATEST_VERSION
                + ": run `reissued migrate` first");
  }

  @Test
  void a_certificate_is_marked_in_the_ledger_by_its_first_row_before_and_after_v15() {
    DataSource dataSource = postgres.database().dataSource();
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .target("14")
        .load()
        .migrate();
    Jdbc jdbc = postgres.jdbc();
    Instant now = Instant.parse("2026-11-27T00:00:00Z");
    String certificate =
        "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, not_after,"
            + " first_seen_at, last_synced_at) VALUES (?, 'main', 'a.example.com', true, false, ?, ?, ?)";
    String reissue =
        "INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type, valid_type,"
            + " new_certificate_id, requested_at, claimed_by) VALUES (?, 'main', ?, true, ?, 'Upload',"
            + " 'DNS_AUTO', ?, ?, 'test')";
    for (String id : List.of("before01", "after001", "never001")) {
      jdbc.update(certificate, id, now.plusSeconds(86_400 * 10), now, now);
    }
    jdbc.update(reissue, "before01", "before01", "succeeded", "newcert1", now);

    Migrations.migrate(dataSource);
    jdbc.update(reissue, "after001", "after001", "failed", null, now);

    assertThat(
            jdbc.query(
                "SELECT certificate_id, in_ledger FROM certificate ORDER BY certificate_id",
                row -> row.getString(1) + "=" + row.getBoolean(2)))
        .containsExactly("after001=true", "before01=true", "never001=false");
    assertThat(
            jdbc.query(
                "SELECT certificate_id, renewal_state, reissued_to FROM v_certificates"
                    + " ORDER BY certificate_id",
                row -> row.getString(1) + " " + row.getString(2) + " " + row.getString(3)))
        .containsExactly(
            "after001 failed null", "before01 succeeded newcert1", "never001 none null");
  }

  @Test
  void views_expose_the_documented_columns_in_order() {
    Migrations.migrate(postgres.database().dataSource());

    assertThat(columns("v_certificates"))
        .startsWith(
            "certificate_id",
            "account",
            "domain",
            "not_after",
            "days_left",
            "is_free",
            "status",
            "renewal_state",
            "reissued_to");
    assertThat(columns("v_reissues"))
        .startsWith(
            "id",
            "certificate_id",
            "account",
            "state",
            "csr_type",
            "valid_type",
            "key_algorithm",
            "key_parameter",
            "new_certificate_id",
            "request_id",
            "error_code",
            "error_message",
            "attempt",
            "requested_at",
            "finished_at");
    assertThat(columns("v_reissues"))
        .endsWith(
            "delivered_at",
            "hook_status",
            "key_source",
            "kind",
            "issued_not_after",
            "extended",
            "original_not_after");
    assertThat(columns("v_deliveries"))
        .startsWith(
            "reissue_id",
            "old_certificate_id",
            "certificate_id",
            "account",
            "domain",
            "state",
            "delivered_at",
            "not_after",
            "key_source",
            "files_status",
            "hook_status",
            "hook_attempts",
            "hook_exit_status",
            "hook_result",
            "hook_next_attempt_at",
            "hook_succeeded_at");
    assertThat(columns("v_cloud_resources"))
        .containsExactly(
            "account",
            "resource_type",
            "region",
            "instance_id",
            "listener_id",
            "domains",
            "certificate_id",
            "lineage_id",
            "newest_certificate_id",
            "on_newest",
            "not_after",
            "days_left",
            "deploy_status",
            "error",
            "updated_at");
  }

  @Test
  void quartz_job_store_tables_exist() {
    Migrations.migrate(postgres.database().dataSource());

    List<String> tables =
        postgres
            .jdbc()
            .query(
                "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'qrtz_%' ORDER BY 1",
                row -> row.getString(1));
    assertThat(tables)
        .contains(
            "qrtz_job_details",
            "qrtz_triggers",
            "qrtz_cron_triggers",
            "qrtz_fired_triggers",
            "qrtz_locks",
            "qrtz_scheduler_state");
  }

  @Test
  void database_refuses_a_second_live_reissue_of_one_free_lineage() {
    Migrations.migrate(postgres.database().dataSource());
    Jdbc jdbc = postgres.jdbc();
    Instant now = Instant.parse("2026-11-27T00:00:00Z");
    jdbc.update(
        "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, first_seen_at, last_synced_at)"
            + " VALUES ('orig0001', 'main', 'a.example.com', true, false, ?, ?)",
        now,
        now);
    String insert =
        "INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type, valid_type,"
            + " requested_at, claimed_by) VALUES ('orig0001', 'main', 'orig0001', true, ?, 'Upload', 'DNS_AUTO', ?, 'test')";
    jdbc.update(insert, "failed", now);
    jdbc.update(insert, "succeeded", now);

    assertThatThrownBy(() -> jdbc.update(insert, "requested", now))
        .isInstanceOfSatisfying(
            DatabaseException.class, e -> assertThat(e.isUniqueViolation()).isTrue());
  }

  private List<String> columns(String view) {
    return postgres
        .jdbc()
        .query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            MigrationsTest::first,
            view);
  }

  private static String first(ResultSet row) throws SQLException {
    return row.getString(1);
  }
}
