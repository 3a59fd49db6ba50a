package dev.reissued.deliver;

import dev.reissued.config.CsrType;
import dev.reissued.db.Jdbc;
import dev.reissued.keys.SealedBox;
import dev.reissued.renewal.SealedSecrets;
import dev.reissued.track.Issued;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code delivery} table: one row per re-issue, from its first download attempt on. Each step
 * moves forward with a guarded UPDATE, so two processes never both deliver a certificate. The
 * deploy hook's columns are claimed through {@link HookClaims}.
 */
final class DeliveryLedger {
  static final String RECORD_COLUMNS =
      "d.reissue_id, d.account, d.old_certificate_id, d.certificate_id, d.domain, d.key_source,"
          + " d.certificate_pem, d.chain_pem, d.not_after, d.files_status, d.files_path,"
          + " d.hook_attempts";

  private final Jdbc jdbc;
  private final SealedSecrets secrets;

  DeliveryLedger(Jdbc jdbc, SealedSecrets secrets) {
    this.jdbc = jdbc;
    this.secrets = secrets;
  }

  /** Takes over an issued certificate, in tracking's transaction; once per re-issue. */
  void expect(Jdbc.Handle handle, Issued issued, Instant now) {
    handle.update(
        """
        INSERT INTO delivery (reissue_id, certificate_id, account, old_certificate_id, csr_type, domain,
                              alt_names, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (reissue_id) DO NOTHING
        """,
        issued.reissueId(),
        issued.newCertificateId(),
        issued.account(),
        issued.oldCertificateId(),
        issued.csrType().name(),
        issued.domain(),
        issued.altNames().toArray(String[]::new),
        now);
  }

  /** What every delivery row names: the re-issue, its account and the certificates it links. */
  interface Row {
    long reissueId();

    String account();

    String oldCertificateId();

    String certificateId();

    String domain();
  }

  /** A succeeded re-issue whose new certificate is issued and not yet delivered. */
  record Undelivered(
      long reissueId,
      String account,
      String oldCertificateId,
      String certificateId,
      CsrType csrType,
      String domain,
      List<String> altNames,
      int attempts)
      implements Row {}

  /** A delivered certificate: what the files and the hook need, but never the key. */
  record Delivered(
      long reissueId,
      String account,
      String oldCertificateId,
      String certificateId,
      String domain,
      KeySource keySource,
      String certificatePem,
      String chainPem,
      Instant notAfter,
      String filesStatus,
      String filesPath,
      int hookAttempts)
      implements Row {}

  /** What was downloaded and checked, ready to store. */
  record Checked(
      IssuedCertificate certificate,
      KeySource keySource,
      Optional<SealedBox> tencentKey,
      String note) {}

  List<Undelivered> undelivered(String account, Instant now) {
    return jdbc.query(
        """
        SELECT reissue_id, account, old_certificate_id, certificate_id, csr_type, domain, alt_names, attempts
        FROM delivery
        WHERE account = ? AND delivered_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
        ORDER BY reissue_id
        """,
        DeliveryLedger::undeliveredRow,
        account,
        now);
  }

  /** Records a failed download or check; the next attempt waits until {@code nextAttemptAt}. */
  void failed(Undelivered row, String error, Instant nextAttemptAt, Instant now) {
    jdbc.update(
        """
        UPDATE delivery
        SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ?
        WHERE reissue_id = ? AND delivered_at IS NULL
        """,
        error,
        nextAttemptAt,
        now,
        row.reissueId());
  }

  /**
   * Stores the checked certificate, and for {@code Online} the sealed key, in one transaction.
   * False when another process delivered it first.
   */
  boolean delivered(
      Undelivered row, Checked checked, String filesStatus, String hookStatus, Instant now) {
    IssuedCertificate certificate = checked.certificate();
    return jdbc.inTransaction(
        handle -> {
          checked
              .tencentKey()
              .ifPresent(
                  box ->
                      secrets.store(
                          handle,
                          row.reissueId(),
                          new SealedSecrets.SealedSecret(SealedBox.PRIVATE_KEY, box),
                          now));
          return handle.update(
                  """
                  UPDATE delivery
                  SET attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL, delivered_at = ?,
                      certificate_pem = ?, chain_pem = ?, not_before = ?, not_after = ?, serial = ?,
                      fingerprint_sha256 = ?, key_source = ?, note = ?, files_status = ?, hook_status = ?,
                      updated_at = ?
                  WHERE reissue_id = ? AND delivered_at IS NULL
                  """,
                  now,
                  certificate.certificatePem(),
                  certificate.chainPem(),
                  certificate.notBefore(),
                  certificate.notAfter(),
                  certificate.serial(),
                  certificate.fingerprint(),
                  checked.keySource().sql(),
                  checked.note(),
                  filesStatus,
                  hookStatus,
                  now,
                  row.reissueId())
              == 1;
        });
  }

  Optional<SealedBox> sealedKey(long reissueId) {
    return secrets.sealed(reissueId, SealedBox.PRIVATE_KEY);
  }

  Optional<SealedBox> sealedPassword(long reissueId) {
    return secrets.sealed(reissueId, SealedBox.CSR_KEY_PASSWORD);
  }

  /** Delivered certificates whose files are still to be written to output.dir. */
  List<Delivered> filesDue(String account) {
    return jdbc.query(
        "SELECT "
            + RECORD_COLUMNS
            + " FROM delivery d WHERE d.account = ? AND d.delivered_at IS NOT NULL"
            + " AND d.files_status IN ('pending', 'failed') ORDER BY d.reissue_id",
        DeliveryLedger::deliveredRow,
        account);
  }

  /** Records the files written; {@code note}, when given, is added to the row's note. */
  void filesWritten(long reissueId, String path, Optional<String> note, Instant now) {
    jdbc.update(
        "UPDATE delivery SET files_status = 'written', files_path = ?, files_written_at = ?,"
            + " files_error = NULL, note = CASE WHEN ?::text IS NULL THEN note ELSE concat_ws('; ',"
            + " note, ?::text) END, updated_at = ? WHERE reissue_id = ?",
        path,
        now,
        note,
        note,
        now,
        reissueId);
  }

  void filesFailed(long reissueId, String error, Instant now) {
    jdbc.update(
        "UPDATE delivery SET files_status = 'failed', files_error = ?, updated_at = ? WHERE"
            + " reissue_id = ?",
        error,
        now,
        reissueId);
  }

  /** output.dir is no longer configured: nothing to write, and the hook need not wait for it. */
  void filesDropped(long reissueId, Instant now) {
    jdbc.update(
        "UPDATE delivery SET files_status = 'none', updated_at = ? WHERE reissue_id = ? AND"
            + " files_status <> 'written'",
        now,
        reissueId);
  }

  private static Undelivered undeliveredRow(ResultSet row) throws SQLException {
    Array altNames = row.getArray("alt_names");
    return new Undelivered(
        row.getLong("reissue_id"),
        row.getString("account"),
        row.getString("old_certificate_id"),
        row.getString("certificate_id"),
        CsrType.valueOf(row.getString("csr_type")),
        row.getString("domain"),
        altNames == null ? List.of() : List.of((String[]) altNames.getArray()),
        row.getInt("attempts"));
  }

  static Delivered deliveredRow(ResultSet row) throws SQLException {
    return new Delivered(
        row.getLong("reissue_id"),
        row.getString("account"),
        row.getString("old_certificate_id"),
        row.getString("certificate_id"),
        row.getString("domain"),
        KeySource.fromSql(row.getString("key_source")),
        row.getString("certificate_pem"),
        row.getString("chain_pem"),
        Jdbc.instant(row, "not_after"),
        row.getString("files_status"),
        row.getString("files_path"),
        row.getInt("hook_attempts"));
  }
}
