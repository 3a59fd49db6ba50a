package dev.reissued.inventory;

import dev.reissued.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** One line of {@code reissued status}: a row of the public view {@code v_certificates}. */
public record CertificateStatus(
    String certificateId,
    String account,
    String domain,
    Instant notAfter,
    Integer daysLeft,
    boolean free,
    Integer status,
    String renewalState,
    String reissuedTo) {

  /**
   * Soonest expiry first. The partial index on {@code not_after} gives the rows in that order (ties
   * sorted in small groups), so the first row comes at once however large the inventory.
   */
  private static final String ALL =
      "SELECT certificate_id, account, domain, not_after, days_left, is_free, status, renewal_state, reissued_to"
          + " FROM v_certificates WHERE gone_at IS NULL"
          + " ORDER BY not_after NULLS LAST, domain, certificate_id";

  /** Every certificate still returned by the API, soonest expiry first. */
  public static List<CertificateStatus> all(Jdbc jdbc) {
    return jdbc.query(ALL, CertificateStatus::map);
  }

  /**
   * The same, each handed to {@code sink} as it is read, a chunk of rows in memory at a time: for
   * output that must not hold the whole inventory.
   */
  public static void forEach(Jdbc jdbc, Consumer<CertificateStatus> sink) {
    jdbc.forEachRow(ALL, Jdbc.FETCH_SIZE, row -> sink.accept(map(row)));
  }

  /** A row of {@link #ALL}, read by position (by name, each cell is a map lookup). */
  private static CertificateStatus map(ResultSet row) throws SQLException {
    return new CertificateStatus(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        Jdbc.instant(row, 4),
        (Integer) row.getObject(5),
        row.getBoolean(6),
        (Integer) row.getObject(7),
        row.getString(8),
        row.getString(9));
  }
}
