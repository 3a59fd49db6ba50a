package dev.reissued.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reissued.db.Jdbc;
import dev.reissued.db.PostgresExtension;
import dev.reissued.testing.TestConfigs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} streams: more certificates than one fetch of the cursor, written as read. */
class StatusStreamTest {
  static final int CERTIFICATES = 2 * Jdbc.FETCH_SIZE + 500;
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  Path config;

  @BeforeEach
  void inventory() {
    // status never calls the API: an endpoint where nothing listens will do.
    config =
        TestConfigs.write(
            directory,
            postgres.jdbcUrl(),
            URI.create("http://127.0.0.1:9"),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            10,
            "");
    // Certificate n ends n hours from now, so the expected order is the order of n.
    postgres
        .jdbc()
        .update(
            "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status,"
                + " not_after, first_seen_at, last_synced_at)"
                + " SELECT 'c' || lpad(n::text, 7, '0'), 'main', 'host' || n || '.example.com',"
                + " n % 10 < 6, n % 10 = 9, 1, ?::timestamptz + n * interval '1 hour', ?, ?"
                + " FROM generate_series(1, ?) n",
            Instant.now(), Instant.now(), Instant.now(), CERTIFICATES);
  }

  @Test
  void status_jsonl_gives_one_object_per_certificate_and_line_soonest_expiry_first()
      throws Exception {
    CliRun run = CliRun.of("status", "--jsonl", "-c", config.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(CERTIFICATES);
    for (int index = 0; index < lines.size(); index++) {
      JsonNode row = JSON.readTree(lines.get(index));
      assertThat(row.get("certificate_id").asText()).isEqualTo("c%07d".formatted(index + 1));
      assertThat(row.get("renewal_state").asText()).isEqualTo("none");
    }
  }

  @Test
  void status_json_is_one_valid_array_across_every_chunk_of_the_cursor() throws Exception {
    CliRun run = CliRun.of("status", "--json", "-c", config.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode rows = JSON.readTree(run.out());
    assertThat(rows.isArray()).isTrue();
    assertThat(rows.size()).isEqualTo(CERTIFICATES);
    assertThat(rows.get(CERTIFICATES - 1).get("certificate_id").asText())
        .isEqualTo("c%07d".formatted(CERTIFICATES));
    assertThat(rows.get(0).fieldNames())
        .toIterable()
        .containsExactly(
            "certificate_id",
            "account",
            "domain",
            "not_after",
            "days_left",
            "is_free",
            "status",
            "renewal_state",
            "reissued_to");
  }

  @Test
  void status_with_no_certificates_says_so_and_json_is_an_empty_array() throws Exception {
    postgres.jdbc().update("DELETE FROM certificate");

    CliRun table = CliRun.of("status", "-c", config.toString());
    CliRun json = CliRun.of("status", "--json", "-c", config.toString());
    CliRun lines = CliRun.of("status", "--jsonl", "-c", config.toString());

    assertThat(table.out()).isEqualTo("no certificates in the inventory yet\n");
    assertThat(JSON.readTree(json.out()).isEmpty()).isTrue();
    assertThat(lines.out()).isEmpty();
  }

  /**
   * When the first row reaches the terminal, the query that reads the inventory is still open on
   * the server, its cursor parked after the first fetch: the rest has not been read yet.
   */
  @Test
  void status_writes_its_first_row_while_the_database_still_holds_the_rest() {
    FlushProbe probe = new FlushProbe(postgres.jdbc());

    int exitCode =
        Main.run(
            new String[] {"status", "-c", config.toString()},
            new PrintWriter(probe, true),
            new PrintWriter(new StringWriter(), true));

    assertThat(exitCode).isZero();
    FlushProbe.Seen first = probe.seen.get(0);
    assertThat(first.output().lines()).hasSize(2);
    assertThat(first.output()).startsWith("DOMAIN").contains("c0000001");
    assertThat(first.queryState()).isEqualTo("idle in transaction");
    assertThat(probe.output.toString().lines()).hasSize(CERTIFICATES + 1);
    assertThat(probe.seen.size()).isGreaterThan(2);
  }

  /** Output that, at each flush, notes what has been written and where the status query is. */
  static final class FlushProbe extends Writer {
    record Seen(String output, String queryState) {}

    final StringBuilder output = new StringBuilder();
    final List<Seen> seen = new ArrayList<>();
    private final Jdbc jdbc;

    FlushProbe(Jdbc jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
      output.append(buffer, offset, length);
    }

    @Override
    public void flush() {
      if (output.isEmpty()) {
        return;
      }
      String state =
          jdbc.queryOne(
                  "SELECT state FROM pg_stat_activity WHERE query LIKE '%FROM v_certificates%'"
                      + " AND pid <> pg_backend_pid()",
                  row -> row.getString("state"))
              .orElse("no such query");
      seen.add(new Seen(output.toString(), state));
    }

    @Override
    public void close() {}
  }
}
