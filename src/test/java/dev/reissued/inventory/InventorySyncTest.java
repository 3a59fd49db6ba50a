package dev.reissued.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reissued.db.Jdbc;
import dev.reissued.db.PostgresExtension;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.tencent.ClientSettings;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import dev.reissued.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link InventorySync} against the sandbox over real HTTP into a real PostgreSQL: a sync writes
 * only the certificates that changed, records itself once per account, and a failure anywhere in
 * the listing leaves the account as it was.
 */
class InventorySyncTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  final SettableClock clock = new SettableClock(Instant.parse("2026-11-01T00:00:00Z"));
  final Instant inserted = clock.instant().minus(Duration.ofDays(30));
  final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : closing) {
      resource.close();
    }
  }

  Sandbox sandbox(List<SandboxCertificate> inventory) {
    Sandbox sandbox =
        Sandbox.start(
            SandboxOptions.defaults().withRateLimit(0).withClock(clock).withInventory(inventory));
    closing.add(sandbox);
    return sandbox;
  }

  TencentClient client(Sandbox sandbox) {
    TencentClient client =
        TencentClient.create(
            ClientSettings.of("main", sandbox.secretId(), SandboxOptions.DEFAULT_SECRET_KEY)
                .withEndpoint(sandbox.endpoint())
                .withRequestsPerSecond(100));
    closing.add(client);
    return client;
  }

  InventorySync.Result sync(Sandbox sandbox) {
    return new InventorySync(postgres.jdbc(), clock).sync(client(sandbox));
  }

  /**
   * A paid certificate inserted {@code index} seconds after the others: newest are listed first.
   */
  SandboxCertificate paid(String id, int index) {
    Instant notAfter = clock.instant().plus(Duration.ofDays(200)).truncatedTo(ChronoUnit.SECONDS);
    return SandboxCertificate.builder(id, id.toLowerCase() + ".example.com")
        .paid()
        .validity(notAfter.minus(Duration.ofDays(365)), notAfter)
        .insertTime(inserted.plusSeconds(index))
        .build();
  }

  List<SandboxCertificate> paid(int count) {
    List<SandboxCertificate> inventory = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      inventory.add(paid(String.format("Page%04d", index), index));
    }
    return inventory;
  }

  /** Each certificate's row version: xmin and ctid change with every write of the row. */
  Map<String, String> versions() {
    Map<String, String> versions = new TreeMap<>();
    postgres
        .jdbc()
        .query(
            "SELECT certificate_id, xmin::text || ' ' || ctid::text FROM certificate",
            row -> versions.put(row.getString(1), row.getString(2)));
    return versions;
  }

  /** Every column of every certificate, and the account's sync record. */
  List<String> everything() {
    List<String> rows =
        new ArrayList<>(
            postgres
                .jdbc()
                .query(
                    "SELECT c::text FROM certificate c ORDER BY certificate_id",
                    row -> row.getString(1)));
    rows.addAll(
        postgres.jdbc().query("SELECT a::text FROM account_sync a", row -> row.getString(1)));
    return rows;
  }

  Instant lastSyncedAt(String certificateId) {
    return postgres
        .jdbc()
        .queryOne(
            "SELECT last_synced_at FROM v_certificates WHERE certificate_id = ?",
            row -> Jdbc.instant(row, "last_synced_at"),
            certificateId)
        .orElseThrow();
  }

  long generation() {
    return postgres
        .jdbc()
        .queryOne(
            "SELECT generation FROM v_account_syncs WHERE account = 'main'", row -> row.getLong(1))
        .orElse(0L);
  }

  @Test
  void an_unchanged_resync_writes_no_certificate_row_and_records_the_sync_once() {
    Sandbox sandbox = sandbox(paid(2500));
    Instant firstSync = clock.instant();
    InventorySync.Result first = sync(sandbox);
    Map<String, String> before = versions();
    clock.advance(Duration.ofHours(1));

    InventorySync.Result second = sync(sandbox);

    assertThat(first).isEqualTo(new InventorySync.Result("main", 2500, 2500, 0, 0));
    assertThat(second).isEqualTo(new InventorySync.Result("main", 2500, 0, 0, 0));
    assertThat(versions()).as("no row rewritten").isEqualTo(before);
    assertThat(generation()).isEqualTo(2);
    assertThat(lastSyncedAt("Page0000"))
        .as("a live certificate was seen by its account's last sync")
        .isEqualTo(clock.instant())
        .isAfter(firstSync);
  }

  @Test
  void a_changed_certificate_is_written_and_no_other() {
    Sandbox sandbox = sandbox(paid(1500));
    sync(sandbox);
    Map<String, String> before = versions();
    sandbox.put(paid("Page0042", 42).toBuilder().status(SandboxCertificate.STATUS_EXPIRED).build());
    sandbox.put(paid("Fresh001", 2000));
    clock.advance(Duration.ofHours(1));

    InventorySync.Result result = sync(sandbox);

    assertThat(result).isEqualTo(new InventorySync.Result("main", 1501, 1, 1, 0));
    Map<String, String> after = versions();
    List<String> rewritten = new ArrayList<>();
    after.forEach(
        (id, version) -> {
          if (!version.equals(before.get(id))) {
            rewritten.add(id);
          }
        });
    assertThat(rewritten).containsExactly("Fresh001", "Page0042");
    assertThat(new Inventory(postgres.jdbc()).find("Page0042").orElseThrow().status())
        .isEqualTo(SandboxCertificate.STATUS_EXPIRED);
    assertThat(lastSyncedAt("Page0042")).isEqualTo(clock.instant());
    assertThat(lastSyncedAt("Page0001")).isEqualTo(clock.instant());
  }

  @Test
  void a_certificate_the_api_stops_listing_is_gone_as_of_the_last_sync_that_saw_it() {
    List<SandboxCertificate> everything = paid(1200);
    Sandbox full = sandbox(everything);
    Sandbox lacking =
        sandbox(
            everything.stream()
                .filter(certificate -> !certificate.id().equals("Page0007"))
                .toList());
    Instant seen = clock.instant();
    sync(full);
    Map<String, String> before = versions();
    clock.advance(Duration.ofHours(1));

    InventorySync.Result removed = sync(lacking);

    assertThat(removed).isEqualTo(new InventorySync.Result("main", 1199, 0, 0, 1));
    InventoryCertificate gone = new Inventory(postgres.jdbc()).find("Page0007").orElseThrow();
    assertThat(gone.goneAt()).isEqualTo(clock.instant());
    assertThat(lastSyncedAt("Page0007")).isEqualTo(seen);
    assertThat(lastSyncedAt("Page0008")).isEqualTo(clock.instant());
    Map<String, String> after = versions();
    assertThat(
            after.entrySet().stream()
                .filter(row -> !row.getValue().equals(before.get(row.getKey()))))
        .extracting(Map.Entry::getKey)
        .containsExactly("Page0007");

    clock.advance(Duration.ofHours(1));
    InventorySync.Result back = sync(full);

    assertThat(back).isEqualTo(new InventorySync.Result("main", 1200, 0, 1, 0));
    assertThat(new Inventory(postgres.jdbc()).find("Page0007").orElseThrow().goneAt()).isNull();
    assertThat(lastSyncedAt("Page0007")).isEqualTo(clock.instant());
  }

  @Test
  void a_failure_on_a_later_page_leaves_the_account_as_it_was() {
    Sandbox sandbox = sandbox(paid(1500));
    sync(sandbox);
    List<String> before = everything();
    // On the first page (newest first): a new certificate and a changed one; on the second, one
    // the sandbox cannot render, so that page is answered with InternalError.
    sandbox.put(paid("Fresh001", 2000));
    sandbox.put(
        paid("Page1499", 1499).toBuilder().status(SandboxCertificate.STATUS_EXPIRED).build());
    sandbox.put(
        paid("Poison01", -1).toBuilder()
            .rawOverrides(Map.of("Unrenderable", new Object()))
            .build());
    clock.advance(Duration.ofHours(1));
    InventorySync sync = new InventorySync(postgres.jdbc(), clock);
    TencentClient client = client(sandbox);

    assertThatThrownBy(() -> sync.sync(client))
        .isInstanceOf(TencentApiException.class)
        .hasMessageContaining("InternalError");

    assertThat(everything()).isEqualTo(before);
    // The stage went with the transaction: the same connections sync again.
    sandbox.put(paid("Poison01", -1));
    assertThat(sync.sync(client)).isEqualTo(new InventorySync.Result("main", 1502, 2, 1, 0));
    assertThat(generation()).isEqualTo(2);
  }

  @Test
  void lineage_links_are_stored_and_kept_when_a_later_answer_leaves_them_out() {
    SandboxCertificate original =
        paid("Orig0001", 1).toBuilder().lineage(null, "Reis0001", null).build();
    SandboxCertificate reissue =
        paid("Reis0001", 2).toBuilder().lineage("Orig0001", null, "Orig0001").build();
    SandboxCertificate renewal =
        paid("Renw0001", 3).toBuilder().lineage(null, null, "Reis0001").build();
    Sandbox sandbox = sandbox(List.of(original, reissue, renewal));
    sync(sandbox);
    // The original changes and its answer no longer names its re-issue.
    sandbox.put(
        original.toBuilder()
            .lineage(null, null, null)
            .status(SandboxCertificate.STATUS_EXPIRED)
            .build());
    clock.advance(Duration.ofHours(1));

    InventorySync.Result result = sync(sandbox);

    assertThat(result).isEqualTo(new InventorySync.Result("main", 3, 0, 1, 0));
    Inventory inventory = new Inventory(postgres.jdbc());
    InventoryCertificate stored = inventory.find("Orig0001").orElseThrow();
    assertThat(stored.status()).isEqualTo(SandboxCertificate.STATUS_EXPIRED);
    assertThat(stored.replacedFor()).isEqualTo("Reis0001");
    assertThat(inventory.find("Reis0001").orElseThrow().predecessor()).isEqualTo("Orig0001");
    assertThat(inventory.find("Renw0001").orElseThrow().predecessor()).isEqualTo("Reis0001");
    assertThat(inventory.successorsOf(List.of("Orig0001", "Reis0001")))
        .extracting(InventoryCertificate::certificateId)
        .containsExactlyInAnyOrder("Reis0001", "Renw0001");
    assertThat(
            postgres
                .jdbc()
                .queryOne(
                    "SELECT reissued_to FROM v_certificates WHERE certificate_id = 'Orig0001'",
                    row -> row.getString(1))
                .orElseThrow())
        .isEqualTo("Reis0001");
  }

  @Test
  void marking_a_certificate_gone_outside_a_sync_keeps_when_a_sync_last_saw_it() {
    Sandbox sandbox = sandbox(paid(3));
    Instant seen = clock.instant();
    sync(sandbox);
    clock.advance(Duration.ofHours(1));
    Instant resynced = clock.instant();
    sync(sandbox);
    clock.advance(Duration.ofHours(1));

    new Inventory(postgres.jdbc()).markGone("Page0001", clock.instant());

    assertThat(seen).isBefore(resynced);
    assertThat(lastSyncedAt("Page0001")).isEqualTo(resynced);
    assertThat(lastSyncedAt("Page0002")).isEqualTo(resynced);
  }
}
