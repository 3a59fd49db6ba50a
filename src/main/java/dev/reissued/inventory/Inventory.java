package dev.reissued.inventory;

import dev.reissued.db.Jdbc;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Reads of the {@code certificate} table; writes come from {@link InventorySync}. */
public final class Inventory {
  /** The columns every read selects first, in the order {@link #map} reads them. */
  static final String COLUMNS =
      "certificate_id, account, domain, alt_names, status, status_name, source, package_type, is_free,"
          + " is_uploaded, encrypt_algorithm, not_before, not_after, replaced_by, replaced_for, gone_at,"
          + " origin_certificate_id";

  /**
   * When a certificate {@code c} was last seen by a sync, as marking it gone records it: the later
   * of its own write and its account's last complete sync (it was live, so that sync listed it).
   */
  static final String LAST_SEEN =
      "greatest(c.last_synced_at,"
          + " (SELECT s.synced_at FROM account_sync s WHERE s.account = c.account))";

  private final Jdbc jdbc;

  public Inventory(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public List<InventoryCertificate> forAccount(String account) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM certificate WHERE account = ? ORDER BY not_after NULLS LAST, certificate_id",
        Inventory::map,
        account);
  }

  /**
   * The account's live certificates ending after {@code from}, up to {@code to}: an index range
   * scan (account, not_after), however large the account.
   */
  public List<InventoryCertificate> expiringBetween(String account, Instant from, Instant to) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM certificate WHERE account = ? AND not_after > ? AND not_after <= ?"
            + " AND gone_at IS NULL ORDER BY not_after, certificate_id",
        Inventory::map,
        account,
        from,
        to);
  }

  /**
   * Every certificate of the account, soonest expiry first (those without an end date last), a
   * chunk at a time: keyset pages on (not_after, certificate_id), so memory holds a few chunks
   * whatever the size of the account. The pages are read on a thread of their own one page ahead
   * ({@link PageHandover}): the database's time to find a page's rows, most of it reading table
   * pages in end-date order, is spent while {@code sink} decides and prints instead of before.
   */
  public void forEachChunk(String account, int size, Consumer<List<InventoryCertificate>> sink) {
    try (PageHandover<InventoryCertificate> pages =
        PageHandover.start(page -> datedPages(account, size, page), "inventory-pages-" + account)) {
      pages.forEachPage(sink);
    }
    String after = "";
    while (true) {
      List<InventoryCertificate> undated =
          jdbc.query(
              "SELECT "
                  + COLUMNS
                  + " FROM certificate WHERE account = ? AND not_after IS NULL"
                  + " AND certificate_id > ? ORDER BY certificate_id LIMIT ?",
              Inventory::map,
              account,
              after,
              size);
      if (undated.isEmpty()) {
        return;
      }
      sink.accept(undated);
      after = undated.get(undated.size() - 1).certificateId();
    }
  }

  /** The account's certificates with an end date, in keyset pages of {@code size}, in order. */
  private void datedPages(String account, int size, Consumer<List<InventoryCertificate>> sink) {
    List<InventoryCertificate> page =
        jdbc.query(
            "SELECT "
                + COLUMNS
                + " FROM certificate WHERE account = ? AND not_after IS NOT NULL"
                + " ORDER BY not_after, certificate_id LIMIT ?",
            Inventory::map,
            account,
            size);
    while (!page.isEmpty()) {
      sink.accept(page);
      InventoryCertificate last = page.get(page.size() - 1);
      page =
          jdbc.query(
              "SELECT "
                  + COLUMNS
                  + " FROM certificate WHERE account = ? AND not_after IS NOT NULL"
                  + " AND (not_after, certificate_id) > (?, ?)"
                  + " ORDER BY not_after, certificate_id LIMIT ?",
              Inventory::map,
              account,
              last.notAfter(),
              last.certificateId(),
              size);
    }
  }

  /** The certificates of these ids that the inventory holds. */
  public List<InventoryCertificate> byIds(Collection<String> ids) {
    return jdbc.query(
        "SELECT " + COLUMNS + " FROM certificate WHERE certificate_id = ANY (?)",
        Inventory::map,
        (Object) ids.toArray(String[]::new));
  }

  /**
   * Live certificates that succeed any of these in their lineage (re-issue or renew them); none
   * asked for, none read.
   */
  public List<InventoryCertificate> successorsOf(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    String[] array = ids.toArray(String[]::new);
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM certificate WHERE (replaced_by = ANY (?) OR origin_certificate_id = ANY (?))"
            + " AND gone_at IS NULL",
        Inventory::map,
        array,
        array);
  }

  /**
   * The ids that a live certificate of the account re-issues or renews ({@code replaced_by}, {@code
   * origin_certificate_id}); empty when more than {@code limit} certificates name them. Reads the
   * index {@code certificate_successor_idx} only.
   */
  public Optional<Set<String>> succeededIn(String account, int limit) {
    Set<String> ids = new HashSet<>();
    int[] rows = {0};
    jdbc.forEachRow(
        "SELECT replaced_by, origin_certificate_id FROM certificate WHERE account = ?"
            + " AND gone_at IS NULL"
            + " AND (replaced_by IS NOT NULL OR origin_certificate_id IS NOT NULL) LIMIT ?",
        Jdbc.FETCH_SIZE,
        row -> {
          rows[0]++;
          addIfPresent(ids, row.getString(1));
          addIfPresent(ids, row.getString(2));
        },
        account,
        limit + 1);
    return rows[0] > limit ? Optional.empty() : Optional.of(ids);
  }

  private static void addIfPresent(Set<String> ids, String id) {
    if (id != null) {
      ids.add(id);
    }
  }

  public Optional<InventoryCertificate> find(String certificateId) {
    return jdbc.queryOne(
        "SELECT " + COLUMNS + " FROM certificate WHERE certificate_id = ?",
        Inventory::map,
        certificateId);
  }

  /**
   * Locks one certificate's row in the caller's transaction, skipping it when another transaction
   * holds it: the claim of a re-issue, so that two passes never claim one certificate at once.
   * Returns what the database says of it now.
   */
  public Optional<InventoryCertificate> lockUnlessLocked(Jdbc.Handle handle, String certificateId) {
    return handle.queryOne(
        "SELECT " + COLUMNS + " FROM certificate WHERE certificate_id = ? FOR UPDATE SKIP LOCKED",
        Inventory::map,
        certificateId);
  }

  /**
   * The certificate that succeeds this one in its lineage (re-issues it, or was applied for to
   * renew it), in the caller's transaction; the newest when there are several.
   */
  public Optional<InventoryCertificate> successor(Jdbc.Handle handle, String certificateId) {
    return handle.queryOne(
        "SELECT "
            + COLUMNS
            + " FROM certificate WHERE (replaced_by = ? OR origin_certificate_id = ?)"
            + " AND gone_at IS NULL ORDER BY inserted_at DESC NULLS LAST, certificate_id LIMIT 1",
        Inventory::map,
        certificateId,
        certificateId);
  }

  public void markGone(String certificateId, Instant now) {
    jdbc.update(
        "UPDATE certificate c SET gone_at = ?, last_synced_at = "
            + LAST_SEEN
            + " WHERE c.certificate_id = ? AND c.gone_at IS NULL",
        now,
        certificateId);
  }

  /**
   * A row whose first columns are {@link #COLUMNS}, read by position: by name, pgjdbc looks each
   * column up in a map, a tenth of {@code plan}'s CPU at a million rows.
   */
  static InventoryCertificate map(ResultSet row) throws SQLException {
    Array altNames = row.getArray(4);
    return new InventoryCertificate(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        altNames == null ? List.of() : List.of((String[]) altNames.getArray()),
        (Integer) row.getObject(5),
        row.getString(6),
        row.getString(7),
        row.getString(8),
        row.getBoolean(9),
        row.getBoolean(10),
        row.getString(11),
        Jdbc.instant(row, 12),
        Jdbc.instant(row, 13),
        row.getString(14),
        row.getString(15),
        Jdbc.instant(row, 16),
        row.getString(17));
  }
}
