package dev.reissued.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ready SQL in db/queries runs with psql against the real schema and returns what it says. */
class OperatorQueriesTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();

  @BeforeEach
  void inventory() {
    Instant now = Instant.now();
    String insert =
        "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status, not_after,"
            + " first_seen_at, last_synced_at) VALUES (?, 'main', ?, true, false, 1, ?, ?, ?)";
    postgres
        .jdbc()
        .update(insert, "soon0001", "soon.example.com", now.plusSeconds(10 * 86400L), now, now);
    postgres
        .jdbc()
        .update(insert, "later001", "later.example.com", now.plusSeconds(200 * 86400L), now, now);
    postgres
        .jdbc()
        .update(
            "INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type, valid_type,"
                + " error_code, requested_at, claimed_by) VALUES ('soon0001', 'main', 'soon0001', true, 'failed',"
                + " 'Upload', 'DNS_AUTO', 'FailedOperation.NetworkError', ?, 'test')",
            now);
  }

  @Test
  void expiring_lists_only_certificates_inside_the_window() throws Exception {
    String output = psql("expiring.sql", "days=30");

    assertThat(output).contains("soon.example.com").doesNotContain("later.example.com");
    assertThat(psql("expiring.sql", "days=365")).contains("later.example.com");
  }

  @Test
  void failures_lists_failed_attempts_with_their_code() throws Exception {
    assertThat(psql("failures.sql")).contains("soon.example.com", "FailedOperation.NetworkError");
  }

  @Test
  void history_of_one_certificate_shows_its_attempts() throws Exception {
    assertThat(psql("history.sql", "id='soon0001'"))
        .contains("failed", "FailedOperation.NetworkError");
  }

  @Test
  void deliveries_lists_certificates_not_yet_in_place_with_why() throws Exception {
    Instant now = Instant.now();
    postgres
        .jdbc()
        .update(
            "INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type, valid_type,"
                + " new_certificate_id, requested_at, issued_at, claimed_by) VALUES ('later001', 'main', 'later001',"
                + " true, 'succeeded', 'Upload', 'DNS_AUTO', 'new00001', ?, ?, 'test')",
            now,
            now);
    postgres
        .jdbc()
        .update(
            "INSERT INTO delivery (reissue_id, certificate_id, attempts, last_error, updated_at, account,"
                + " old_certificate_id, csr_type, domain)"
                + " SELECT r.id, 'new00001', 2, 'archive of certificate new00001 holds no certificate', ?,"
                + " r.account, r.certificate_id, r.csr_type, c.domain FROM reissue r"
                + " JOIN certificate c ON c.certificate_id = r.certificate_id"
                + " WHERE r.certificate_id = 'later001'",
            now);

    assertThat(psql("deliveries.sql"))
        .contains("later.example.com", "failing", "holds no certificate");
  }

  @Test
  void cloud_lists_resources_that_will_serve_an_expired_certificate_and_not_those_moved()
      throws Exception {
    Instant now = Instant.now();
    postgres
        .jdbc()
        .update(
            "INSERT INTO cloud_lineage (lineage_id, account, newest_certificate_id, created_at,"
                + " updated_at) VALUES ('soon0001', 'main', 'later001', ?, ?)",
            now,
            now);
    String binding =
        "INSERT INTO cloud_binding (account, resource_key, resource_type, region, instance_id,"
            + " listener_id, domains, certificate_id, lineage_id, seen_at)"
            + " VALUES ('main', ?, 'CLB', 'ap-guangzhou', ?, ?, '{soon.example.com}', ?, 'soon0001', ?)";
    postgres.jdbc().update(binding, "clb|a", "lb-stale01", "lbl-1", "soon0001", now);
    postgres.jdbc().update(binding, "clb|b", "lb-moved01", "lbl-2", "later001", now);

    String output = psql("cloud.sql", "days=30");

    assertThat(output).contains("lb-stale01", "soon0001", "later001").doesNotContain("lb-moved01");
  }

  @Test
  void readonly_role_can_read_views_but_not_tables() throws Exception {
    psql("readonly-role.sql", "password='reader-pass'");

    String views = psqlAs("reissued_reader", "SELECT count(*) FROM v_certificates");
    String deliveries = psqlAs("reissued_reader", "SELECT count(*) FROM v_deliveries");
    String tables = psqlAs("reissued_reader", "SELECT count(*) FROM sealed_secret");

    assertThat(views).contains("2");
    assertThat(deliveries).doesNotContain("permission denied").contains("0");
    assertThat(tables).contains("permission denied");
  }

  private String psql(String file, String... variables) throws Exception {
    List<String> command = base("postgres");
    for (String variable : variables) {
      command.add("-v");
      command.add(variable);
    }
    command.add("-f");
    command.add(Path.of("db/queries", file).toString());
    return run(command);
  }

  private String psqlAs(String user, String sql) throws Exception {
    List<String> command = base(user);
    command.add("-c");
    command.add(sql);
    return run(command);
  }

  private List<String> base(String user) {
    Path psql = Path.of("/usr/bin/psql");
    assumeTrue(Files.isExecutable(psql), "psql is not installed");
    String url = postgres.jdbcUrl().replace("jdbc:postgresql://", "postgresql://" + user + "@");
    url = url.replaceAll("\\?.*$", "");
    return new ArrayList<>(List.of(psql.toString(), "-X", "-v", "ON_ERROR_STOP=1", "-d", url));
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
