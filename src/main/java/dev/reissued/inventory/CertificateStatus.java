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

  private static CertificateStatus map(ResultSet row) throws SQLException {
    return new CertificateStatus(
        row.getString("certificate_id"),
        row.getString("account"),
        row.getString("domain"),
        Jdbc.instant(row, "not_after"),
        (Integer) row.getObject("days_left"),
        row.getBoolean("is_free"),
        (Integer) row.getObject("status"),
        row.getString("renewal_state"),
        row.getString("reissued_to"));
  }
}
