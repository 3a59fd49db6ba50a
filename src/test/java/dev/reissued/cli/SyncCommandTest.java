package dev.reissued.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.db.Jdbc;
import dev.reissued.db.PostgresExtension;
import dev.reissued.inventory.CertificateStatus;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxInventory;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.testing.SettableClock;
import dev.reissued.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reissued sync} against the sandbox over real HTTP into a real PostgreSQL: the inventory is
 * exactly what the API says, repeatable, and a sync that fails anywhere writes nothing.
 */
class SyncCommandTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  final SettableClock clock = SettableClock.now();
  final List<Sandbox> sandboxes = new ArrayList<>();

  @AfterEach
  void stopSandboxes() {
    sandboxes.forEach(Sandbox::close);
  }

  Sandbox sandbox(SandboxOptions options, List<SandboxCertificate> inventory) {
    Sandbox sandbox = Sandbox.start(options.withClock(clock).withInventory(inventory));
    sandboxes.add(sandbox);
    return sandbox;
  }

  Sandbox sandbox(List<SandboxCertificate> inventory) {
    return sandbox(SandboxOptions.defaults(), inventory);
  }

  /**
   * Points reissued.yaml (account "main", the sandbox's documented credentials) at this sandbox.
   */
  Path configFor(Sandbox sandbox) {
    return TestConfigs.write(directory, postgres.jdbcUrl(), sandbox, "");
  }

  static CliRun sync(Path config) {
    return CliRun.of("sync", "-c", config.toString());
  }

  /** A row of v_certificates with the lineage columns of its certificate. */
  record Row(
      String id,
      boolean free,
      boolean uploaded,
      Integer status,
      Instant notBefore,
      Instant notAfter,
      String replacedBy,
      String replacedFor,
      Instant goneAt,
      String renewalState) {}

  Map<String, Row> rows() {
    return postgres
        .jdbc()
        .query(
            "SELECT v.certificate_id, v.is_free, v.is_uploaded, v.status, v.not_before, v.not_after, v.reissue_of,"
                + " c.replaced_for, v.gone_at, v.renewal_state"
                + " FROM v_certificates v JOIN certificate c USING (certificate_id) ORDER BY v.certificate_id",
            row ->
                new Row(
                    row.getString("certificate_id"),
                    row.getBoolean("is_free"),
                    row.getBoolean("is_uploaded"),
                    (Integer) row.getObject("status"),
                    Jdbc.instant(row, "not_before"),
                    Jdbc.instant(row, "not_after"),
                    row.getString("reissue_of"),
                    row.getString("replaced_for"),
                    Jdbc.instant(row, "gone_at"),
                    row.getString("renewal_state")))
        .stream()
        .collect(Collectors.toMap(Row::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  /** Every stored column that a write of any kind would change, one string per certificate. */
  List<String> snapshot() {
    return postgres
        .jdbc()
        .query(
            "SELECT certificate_id, raw_sha256, not_after, last_synced_at, first_seen_at, gone_at"
                + " FROM certificate ORDER BY certificate_id",
            row ->
                String.join(
                    " ",
                    row.getString(1),
                    row.getString(2),
                    String.valueOf(Jdbc.instant(row, "not_after")),
                    String.valueOf(Jdbc.instant(row, "last_synced_at")),
                    String.valueOf(Jdbc.instant(row, "first_seen_at")),
                    String.valueOf(Jdbc.instant(row, "gone_at"))));
  }

  /** What each certificate holds, leaving out last_synced_at (every sync sets it). */
  List<String> contents() {
    return postgres
        .jdbc()
        .query(
            "SELECT certificate_id, raw_sha256, first_seen_at, gone_at FROM certificate ORDER BY certificate_id",
            row ->
                String.join(
                    " ",
                    row.getString(1),
                    row.getString(2),
                    String.valueOf(Jdbc.instant(row, "first_seen_at")),
                    String.valueOf(Jdbc.instant(row, "gone_at"))));
  }

  int storedCount() {
    return postgres
        .jdbc()
        .queryOne("SELECT count(*) FROM certificate", row -> row.getInt(1))
        .orElseThrow();
  }

  /** A paid certificate inserted at {@code insertedAt}: the API lists newest first. */
  SandboxCertificate paid(String id, Instant insertedAt) {
    Instant notAfter = clock.instant().plus(Duration.ofDays(200)).truncatedTo(ChronoUnit.SECONDS);
    return SandboxCertificate.builder(id, id.toLowerCase() + ".example.com")
        .paid()
        .validity(notAfter.minus(Duration.ofDays(365)), notAfter)
        .insertTime(insertedAt)
        .build();
  }

  @Test
  void sync_fills_v_certificates_exactly_as_the_api_lists_them() {
    Sandbox sandbox = sandbox(SandboxInventory.sample(clock));

    CliRun run = sync(configFor(sandbox));

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<SandboxCertificate> expected = sandbox.certificates();
    assertThat(run.out())
        .contains(
            "account main: "
                + expected.size()
                + " certificates ("
                + expected.size()
                + " new, 0 changed, 0 gone)");
    Map<String, Row> rows = rows();
    assertThat(rows.keySet())
        .containsExactlyInAnyOrderElementsOf(
            expected.stream().map(SandboxCertificate::id).toList());
    for (SandboxCertificate certificate : expected) {
      Row row = rows.get(certificate.id());
      String what = certificate.id() + " (PackageType " + certificate.packageType() + ")";
      boolean free =
          "2".equals(certificate.packageType()) || "83".equals(certificate.packageType());
      assertThat(row.free()).as(what).isEqualTo(free);
      assertThat(row.uploaded()).as(what).isEqualTo(certificate.packageType() == null);
      assertThat(row.status()).as(what).isEqualTo(certificate.status());
      assertThat(row.notAfter()).as(what).isEqualTo(certificate.notAfter());
      assertThat(row.notBefore()).as(what).isEqualTo(certificate.notBefore());
      assertThat(row.replacedBy()).as(what).isEqualTo(certificate.replacedBy());
      assertThat(row.replacedFor()).as(what).isEqualTo(certificate.replacedFor());
      assertThat(row.goneAt()).as(what).isNull();
    }
    // The sample covers every case the mapping distinguishes; make sure it still does.
    assertThat(rows.get("sFree003").free()).isTrue(); // PackageType "2"
    assertThat(rows.get("sFree001").free()).isTrue(); // PackageType "83"
    assertThat(rows.get("sPaid001").free()).isFalse();
    assertThat(rows.get("sUpld001").uploaded()).isTrue();
    assertThat(rows.get("sFree013").replacedBy()).isEqualTo("sFree012");
    assertThat(rows.get("sFree012").replacedFor()).isEqualTo("sFree013");
    assertThat(rows.get("sFree012").renewalState()).isEqualTo("reissued");
  }

  @Test
  void end_time_in_gmt8_is_stored_as_the_instant_it_names() {
    Sandbox sandbox =
        sandbox(
            List.of(
                SandboxCertificate.builder("Gmt8Time", "gmt8.example.com")
                    .rawOverrides(
                        Map.of(
                            "CertBeginTime", "2026-09-02 08:00:00",
                            "CertEndTime", "2026-12-01 00:00:00"))
                    .build()));

    CliRun run = sync(configFor(sandbox));

    assertThat(run.exitCode()).as(run.err()).isZero();
    Row row = rows().get("Gmt8Time");
    assertThat(row.notAfter()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
    assertThat(row.notBefore()).isEqualTo(Instant.parse("2026-09-02T00:00:00Z"));
    CertificateStatus status = CertificateStatus.all(postgres.jdbc()).get(0);
    assertThat(status.notAfter()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
  }

  @Test
  void second_sync_of_an_unchanged_account_adds_nothing_and_changes_nothing() {
    Sandbox sandbox = sandbox(SandboxInventory.sample(clock));
    Path config = configFor(sandbox);
    int count = sandbox.certificates().size();

    CliRun first = sync(config);
    List<String> afterFirst = contents();
    CliRun second = sync(config);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("account main: " + count + " certificates (0 new, 0 changed, 0 gone)");
    assertThat(storedCount()).isEqualTo(count);
    assertThat(
            postgres
                .jdbc()
                .queryOne("SELECT count(*) FROM v_certificates", row -> row.getInt(1))
                .orElseThrow())
        .isEqualTo(count);
    assertThat(contents()).isEqualTo(afterFirst);
  }

  @Test
  void certificate_the_api_stops_listing_is_marked_gone_and_returns_when_listed_again() {
    List<SandboxCertificate> everything = SandboxInventory.sample(clock);
    List<SandboxCertificate> withoutOne =
        everything.stream().filter(certificate -> !certificate.id().equals("sPaid003")).toList();
    Sandbox full = sandbox(everything);
    Sandbox lacking = sandbox(withoutOne);

    CliRun before = sync(configFor(full));
    CliRun removed = sync(configFor(lacking));
    Row gone = rows().get("sPaid003");
    List<String> listed =
        CertificateStatus.all(postgres.jdbc()).stream()
            .map(CertificateStatus::certificateId)
            .toList();
    CliRun back = sync(configFor(full));

    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(removed.exitCode()).as(removed.err()).isZero();
    assertThat(removed.out()).contains("(0 new, 0 changed, 1 gone)");
    assertThat(gone.goneAt()).isNotNull();
    assertThat(gone.renewalState()).isEqualTo("gone");
    assertThat(listed).doesNotContain("sPaid003").hasSize(everything.size() - 1);
    assertThat(storedCount()).isEqualTo(everything.size());

    assertThat(back.exitCode()).as(back.err()).isZero();
    assertThat(back.out()).contains("(0 new, 1 changed, 0 gone)");
    Row returned = rows().get("sPaid003");
    assertThat(returned.goneAt()).isNull();
    assertThat(returned.renewalState()).isEqualTo("none");
    assertThat(storedCount()).isEqualTo(everything.size());
  }

  @Test
  void wrong_secret_key_exits_1_with_auth_failure_naming_the_account_and_writes_nothing() {
    Sandbox sandbox =
        sandbox(
            SandboxOptions.defaults()
                .withCredentials(SandboxOptions.DEFAULT_SECRET_ID, "the-real-secret-key"),
            SandboxInventory.sample(clock));

    CliRun run = sync(configFor(sandbox));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "sync of account main failed, nothing written",
            "account main: DescribeCertificates failed with AuthFailure.")
        .containsPattern("RequestId [0-9a-f-]{36}");
    assertThat(run.out()).doesNotContain("certificates (");
    assertThat(storedCount()).isZero();
  }

  @Test
  void wrong_secret_key_after_a_good_sync_changes_nothing() throws IOException {
    Sandbox sandbox = sandbox(SandboxInventory.sample(clock));
    Path config = configFor(sandbox);
    CliRun good = sync(config);
    List<String> before = snapshot();
    sandbox.put(paid("NewPaid1", clock.instant()));
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "secretKey: " + SandboxOptions.DEFAULT_SECRET_KEY,
                "secretKey: a-wrong-secret-key"));

    CliRun bad = sync(config);

    assertThat(good.exitCode()).as(good.err()).isZero();
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("account main", "AuthFailure.");
    assertThat(snapshot()).isEqualTo(before);
    assertThat(rows()).doesNotContainKey("NewPaid1");
  }

  @Test
  void api_failing_on_the_second_page_writes_nothing() {
    Instant inserted = clock.instant().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
    List<SandboxCertificate> inventory = new ArrayList<>();
    for (int index = 0; index < 1500; index++) {
      inventory.add(paid(String.format("Page%04d", index), inserted.plusSeconds(index)));
    }
    Sandbox sandbox = sandbox(inventory);
    Path config = configFor(sandbox);
    CliRun good = sync(config);
    List<String> before = snapshot();
    // On the first page (the API lists newest first): one new certificate and one changed.
    sandbox.put(paid("Fresh001", clock.instant()));
    sandbox.put(
        paid("Page1499", inserted.plusSeconds(1499)).toBuilder()
            .status(SandboxCertificate.STATUS_EXPIRED)
            .build());
    // On the second page: a certificate the sandbox cannot render, so that page is answered with
    // InternalError, as an API failing part-way through the listing would.
    sandbox.put(
        paid("Poison01", inserted.minusSeconds(1)).toBuilder()
            .rawOverrides(Map.of("Unrenderable", new Object()))
            .build());
    long servedBefore = sandbox.requestsServed();

    CliRun failed = sync(config);

    assertThat(good.exitCode()).as(good.err()).isZero();
    assertThat(sandbox.requestsServed() - servedBefore)
        .as("first page answered, second failed")
        .isEqualTo(2);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err())
        .contains("sync of account main failed, nothing written", "InternalError");
    assertThat(snapshot()).isEqualTo(before);
    assertThat(rows().get("Page1499").status()).isEqualTo(SandboxCertificate.STATUS_ISSUED);
    assertThat(rows()).doesNotContainKeys("Fresh001", "Poison01");
  }

  @Test
  void rate_limit_hit_while_paging_writes_nothing() {
    Sandbox sandbox =
        sandbox(
            SandboxOptions.defaults().withRateLimit(1), SandboxInventory.synthetic(2500, 7, clock));

    CliRun run = sync(configFor(sandbox));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("account main", "RequestLimitExceeded");
    assertThat(sandbox.requestsServed())
        .as("at least the first page was answered")
        .isGreaterThanOrEqualTo(2);
    assertThat(storedCount()).isZero();
  }

  @Test
  void a_pager_that_never_ends_fails_the_sync_clearly_and_writes_nothing() {
    Sandbox sandbox = sandbox(SandboxInventory.synthetic(1500, 9, clock));
    Path config = configFor(sandbox);
    CliRun good = sync(config);
    List<String> before = snapshot();
    sandbox.put(paid("Fresh001", clock.instant()));
    sandbox.setRepeatedPage(Integer.MAX_VALUE);
    long servedBefore = sandbox.requestsServed();

    CliRun huge = sync(config);
    sandbox.setRepeatedPage(4000);
    CliRun repeating = sync(config);

    assertThat(good.exitCode()).as(good.err()).isZero();
    assertThat(huge.exitCode()).isEqualTo(1);
    assertThat(huge.err())
        .contains(
            "sync of account main failed, nothing written",
            "ClientSideError.InvalidResponse (paging does not add up: the answer at Offset 0 says"
                + " TotalCount 2147483647");
    assertThat(repeating.exitCode()).isEqualTo(1);
    assertThat(repeating.err())
        .contains("sync of account main failed, nothing written", "the pager repeats itself");
    assertThat(sandbox.requestsServed() - servedBefore).as("one page, then two").isEqualTo(3);
    assertThat(snapshot()).isEqualTo(before);
    assertThat(rows()).doesNotContainKey("Fresh001");
  }

  @Test
  void sync_pages_through_2500_certificates_and_stores_each_once() {
    Sandbox sandbox = sandbox(SandboxInventory.synthetic(2500, 3, clock));

    CliRun run = sync(configFor(sandbox));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("account main: 2500 certificates (2500 new, 0 changed, 0 gone)");
    assertThat(sandbox.requestsServed()).as("DescribeCertificates pages of 1000").isEqualTo(3);
    Map<String, Row> rows = rows();
    assertThat(rows).hasSize(2500);
    for (SandboxCertificate certificate : sandbox.certificates()) {
      Row row = rows.get(certificate.id());
      assertThat(row).as(certificate.id()).isNotNull();
      assertThat(row.free()).as(certificate.id()).isEqualTo(certificate.isFree());
      assertThat(row.notAfter()).as(certificate.id()).isEqualTo(certificate.notAfter());
    }
  }

  @Test
  void odd_time_values_from_the_api_never_stop_a_sync() {
    Map<String, String> odd = new LinkedHashMap<>();
    odd.put("OddEmpty", "");
    odd.put("OddDash", "--");
    odd.put("OddZero", "0000-00-00 00:00:00");
    odd.put("OddShort", "2024-11-06 08:00:0");
    List<SandboxCertificate> inventory = new ArrayList<>();
    odd.forEach(
        (id, value) ->
            inventory.add(
                SandboxCertificate.builder(id, id.toLowerCase() + ".example.com")
                    .rawOverrides(
                        Map.of("CertBeginTime", value, "CertEndTime", value, "InsertTime", value))
                    .build()));
    SandboxCertificate normal = paid("Normal01", clock.instant().truncatedTo(ChronoUnit.SECONDS));
    inventory.add(normal);
    Sandbox sandbox = sandbox(inventory);

    CliRun run = sync(configFor(sandbox));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("account main: 5 certificates (5 new, 0 changed, 0 gone)");
    Map<String, Row> rows = rows();
    assertThat(rows).containsOnlyKeys("OddEmpty", "OddDash", "OddZero", "OddShort", "Normal01");
    for (String id : List.of("OddEmpty", "OddDash", "OddZero")) {
      assertThat(rows.get(id).notAfter()).as(id).isNull();
      assertThat(rows.get(id).notBefore()).as(id).isNull();
    }
    assertThat(rows.get("OddShort").notAfter()).isEqualTo(Instant.parse("2024-11-06T00:00:00Z"));
    assertThat(rows.get("Normal01").notAfter()).isEqualTo(normal.notAfter());
    assertThat(rows.values().stream().map(Row::status).filter(Objects::isNull)).isEmpty();
  }
}
