package dev.reissued.inventory;

import dev.reissued.db.Jdbc;
import java.time.Instant;
import java.util.List;

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

  /** Every certificate still returned by the API, soonest expiry first. */
  public static List<CertificateStatus> all(Jdbc jdbc) {
    return jdbc.query(
        "SELECT certificate_id, account, domain, not_after, days_left, is_free, status, renewal_state, reissued_to"
            + " FROM v_certificates WHERE gone_at IS NULL"
            + " ORDER BY not_after NULLS LAST, domain, certificate_id",
        row ->
            new CertificateStatus(
                row.getString("certificate_id"),
                row.getString("account"),
                row.getString("domain"),
                Jdbc.instant(row, "not_after"),
                (Integer) row.getObject("days_left"),
                row.getBoolean("is_free"),
                (Integer) row.getObject("status"),
                row.getString("renewal_state"),
                row.getString("reissued_to")));
  }
}
