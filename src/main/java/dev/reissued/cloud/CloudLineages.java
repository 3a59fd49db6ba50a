package dev.reissued.cloud;

import dev.reissued.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the cloud stage must serve, {@code cloud_lineage}: per lineage its newest certificate,
 * whether its resources were discovered for that certificate, and whether anything is left to do.
 * Every change is a compare-and-set on the newest certificate as read, so a renewal that arrives
 * during a pass is never closed by it.
 */
final class CloudLineages {
  private static final String LINEAGE_COLUMNS =
      "lineage_id, account, newest_certificate_id, state, discovered_at";

  private final Jdbc jdbc;

  CloudLineages(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The lineage's newest certificate is to be served from now on; in the caller's transaction (the
   * one tracking records the certificate issued in), so that a crash loses neither.
   */
  void expect(Jdbc.Handle handle, String lineageId, String account, String newest, Instant now) {
    handle.update(
        """
        INSERT INTO cloud_lineage (lineage_id, account, newest_certificate_id, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (lineage_id) DO UPDATE
        SET newest_certificate_id = excluded.newest_certificate_id, state = 'open',
            discovered_at = NULL, updated_at = excluded.updated_at
        """,
        lineageId,
        account,
        newest,
        now,
        now);
  }

  void expect(String lineageId, String account, String newest, Instant now) {
    jdbc.inTransaction(
        handle -> {
          expect(handle, lineageId, account, newest, now);
          return null;
        });
  }

  List<CloudLineage> openLineages(String account) {
    return jdbc.query(
        "SELECT "
            + LINEAGE_COLUMNS
            + " FROM cloud_lineage WHERE account = ? AND state = 'open' ORDER BY created_at, lineage_id",
        CloudLineages::lineage,
        account);
  }

  Optional<CloudLineage> lineage(String lineageId) {
    return jdbc.queryOne(
        "SELECT " + LINEAGE_COLUMNS + " FROM cloud_lineage WHERE lineage_id = ?",
        CloudLineages::lineage,
        lineageId);
  }

  /** A newer member turned up (renewed outside reissued): serve it, and look again. */
  boolean newest(CloudLineage seen, String newest, Instant now) {
    return jdbc.update(
            "UPDATE cloud_lineage SET newest_certificate_id = ?, discovered_at = NULL,"
                + " updated_at = ? WHERE lineage_id = ? AND newest_certificate_id = ?",
            newest,
            now,
            seen.lineageId(),
            seen.newestCertificateId())
        == 1;
  }

  boolean discovered(CloudLineage seen, Instant now) {
    return jdbc.update(
            "UPDATE cloud_lineage SET discovered_at = ?, updated_at = ? WHERE lineage_id = ?"
                + " AND newest_certificate_id = ? AND discovered_at IS NULL",
            now,
            now,
            seen.lineageId(),
            seen.newestCertificateId())
        == 1;
  }

  /** Nothing is left to do for the lineage's newest certificate as read. */
  boolean close(CloudLineage seen, Instant now) {
    return jdbc.update(
            "UPDATE cloud_lineage SET state = 'done', updated_at = ? WHERE lineage_id = ?"
                + " AND newest_certificate_id = ? AND state = 'open'",
            now,
            seen.lineageId(),
            seen.newestCertificateId())
        == 1;
  }

  private static CloudLineage lineage(ResultSet row) throws SQLException {
    return new CloudLineage(
        row.getString("lineage_id"),
        row.getString("account"),
        row.getString("newest_certificate_id"),
        "open".equals(row.getString("state")),
        Jdbc.instant(row, "discovered_at"));
  }
}
