package dev.reissued.renewal;

import dev.reissued.config.CsrType;
import dev.reissued.config.ValidType;
import dev.reissued.db.DatabaseException;
import dev.reissued.db.Jdbc;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.keys.SealedBox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The re-issue ledger ({@code reissue} and {@code sealed_secret}). Each re-issue is one row,
 * committed in state {@code requested} before the request can leave, then moved once to its
 * outcome. Every transition is a guarded UPDATE, so a row is settled once, by whoever gets there
 * first, and the partial unique indexes refuse a second live re-issue of a free lineage whatever
 * the code above does.
 */
public final class Ledger {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Ledger.class);
  static final String COLUMNS =
      "id, certificate_id, account, lineage_id, is_free, state, csr_type, valid_type, key_algorithm,"
          + " key_parameter, new_certificate_id, request_id, error_code, error_message, retryable, attempt,"
          + " next_attempt_at, requested_at, sent_at, finished_at, claimed_by, settled_by";

  private final Jdbc jdbc;

  public Ledger(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public Jdbc jdbc() {
    return jdbc;
  }

  /** Every row of one account's certificates, newest first. */
  public List<ReissueRecord> forAccount(String account) {
    return jdbc.query(
        "SELECT " + COLUMNS + " FROM reissue WHERE account = ? ORDER BY id DESC",
        Ledger::map,
        account);
  }

  public Optional<ReissueRecord> find(long id) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM reissue WHERE id = ?", Ledger::map, id);
  }

  /** Rows whose outcome is not settled yet: requested (maybe in flight) or unknown. */
  public List<OpenRow> open(String account) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + ", owner_lease FROM reissue WHERE account = ? AND state IN ('requested', 'unknown') ORDER BY id",
        row -> new OpenRow(map(row), row.getInt("owner_lease")),
        account);
  }

  /** An open row and the process lease of the process that claimed it. */
  public record OpenRow(ReissueRecord record, int ownerLease) {}

  /**
   * Claims one certificate for a re-issue: locks its inventory row (skipping it if another pass
   * holds it), asks the policy again on what the database says now, and inserts the {@code
   * requested} row, all in one transaction that commits before anything is sent.
   *
   * @return the new row, or empty when another pass has it or the policy no longer says due
   */
  public Optional<Claim> claim(
      InventoryCertificate certificate,
      String lineageId,
      RenewalPolicy policy,
      ProcessLease lease,
      Instant now) {
    return claim(certificate, lineageId, policy, lease, now, id -> {});
  }

  /**
   * The same, telling {@code claimed} the new row's id inside the transaction, before it commits:
   * so the row is this process's in-flight work from the first moment anyone can see it, and a
   * reconciliation on another thread of this process never takes it for an orphan.
   */
  public Optional<Claim> claim(
      InventoryCertificate certificate,
      String lineageId,
      RenewalPolicy policy,
      ProcessLease lease,
      Instant now,
      java.util.function.LongConsumer claimed) {
    try {
      return jdbc.inTransaction(
          handle -> {
            Optional<InventoryCertificate> locked =
                handle.queryOne(
                    "SELECT "
                        + Inventory.COLUMNS
                        + " FROM certificate WHERE certificate_id = ? FOR UPDATE SKIP LOCKED",
                    Inventory::map,
                    certificate.certificateId());
            if (locked.isEmpty()) {
              log.debug(
                  "certificate {} is being claimed by another pass", certificate.certificateId());
              return Optional.empty();
            }
            List<ReissueRecord> lineage =
                handle.query(
                    "SELECT "
                        + COLUMNS
                        + " FROM reissue WHERE lineage_id = ? OR certificate_id = ? ORDER BY id DESC",
                    Ledger::map,
                    lineageId,
                    certificate.certificateId());
            Decision decision = policy.decide(locked.get(), lineage);
            if (!decision.isDue()) {
              log.debug(
                  "certificate {} is no longer due: {}",
                  certificate.certificateId(),
                  decision.reason());
              return Optional.empty();
            }
            long id =
                handle
                    .queryOne(
                        """
                        INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type, valid_type,
                                             key_algorithm, key_parameter, attempt, requested_at, claimed_by, owner_lease)
                        VALUES (?, ?, ?, ?, 'requested', ?, ?, ?, ?, ?, ?, ?, ?)
                        RETURNING id
                        """,
                        row -> row.getLong(1),
                        certificate.certificateId(),
                        certificate.account(),
                        lineageId,
                        locked.get().free(),
                        decision.settings().csrType().name(),
                        decision.settings().validType().name(),
                        decision.settings().csrType() == CsrType.Original
                            ? null
                            : decision.key().algorithm().name(),
                        decision.settings().csrType() == CsrType.Original
                            ? null
                            : decision.key().parameter(),
                        decision.attempt(),
                        now,
                        lease.owner(),
                        lease.lease())
                    .orElseThrow();
            claimed.accept(id);
            return Optional.of(new Claim(id, decision));
          });
    } catch (DatabaseException refused) {
      if (refused.isUniqueViolation()) {
        // The partial unique index did its job: another pass holds a live re-issue of this lineage.
        log.debug(
            "certificate {}: a live re-issue of its lineage exists already",
            certificate.certificateId());
        return Optional.empty();
      }
      throw refused;
    }
  }

  /** A claimed certificate: its ledger row and the decision it was claimed on. */
  public record Claim(long reissueId, Decision decision) {}

  /** Stores the CSR and the sealed secrets of a claimed row in one transaction. */
  public void storePrepared(long id, String csrPem, List<SealedSecret> secrets, Instant now) {
    jdbc.inTransaction(
        handle -> {
          handle.update(
              "UPDATE reissue SET csr_pem = ? WHERE id = ? AND state = 'requested'", csrPem, id);
          for (SealedSecret secret : secrets) {
            handle.update(
                "INSERT INTO sealed_secret (reissue_id, kind, sealed, created_at) VALUES (?, ?, ?, ?)",
                id,
                secret.kind(),
                secret.box().encoded(),
                now);
          }
          return null;
        });
  }

  /** A sealed value and what it is ({@code private_key} or {@code csr_key_password}). */
  public record SealedSecret(String kind, SealedBox box) {}

  public Optional<SealedBox> sealed(long id, String kind) {
    return jdbc.queryOne(
        "SELECT sealed FROM sealed_secret WHERE reissue_id = ? AND kind = ?",
        row -> SealedBox.decode(row.getBytes("sealed")),
        id,
        kind);
  }

  /**
   * The last write before the request leaves: records {@code sent_at}, but only if the row is still
   * requested and unsent. False means reconciliation settled it meanwhile — do not send.
   */
  public boolean markSending(long id, Instant now) {
    return jdbc.update(
            "UPDATE reissue SET sent_at = ? WHERE id = ? AND state = 'requested' AND sent_at IS NULL",
            now,
            id)
        == 1;
  }

  public boolean succeed(
      long id, String newCertificateId, String requestId, String settledBy, Instant now) {
    return settle(
        "UPDATE reissue SET state = 'succeeded', new_certificate_id = ?, request_id = coalesce(?, request_id),"
            + " finished_at = ?, settled_by = ?, retryable = NULL, next_attempt_at = NULL"
            + " WHERE id = ? AND state IN ('requested', 'unknown')",
        id,
        newCertificateId,
        requestId,
        now,
        settledBy,
        id);
  }

  public boolean fail(
      long id,
      String errorCode,
      String errorMessage,
      String requestId,
      boolean retryable,
      Instant nextAttemptAt,
      String settledBy,
      Instant now) {
    return settle(
        "UPDATE reissue SET state = 'failed', error_code = ?, error_message = ?, request_id = coalesce(?, request_id),"
            + " retryable = ?, next_attempt_at = ?, finished_at = ?, settled_by = ?"
            + " WHERE id = ? AND state IN ('requested', 'unknown')",
        id,
        errorCode,
        errorMessage,
        requestId,
        retryable,
        nextAttemptAt,
        now,
        settledBy,
        id);
  }

  /** No answer came back: the request may have been carried out. Never re-sent; reconciled. */
  public boolean unknown(
      long id, String errorCode, String errorMessage, String requestId, Instant now) {
    return settle(
        "UPDATE reissue SET state = 'unknown', error_code = ?, error_message = ?, request_id = coalesce(?, request_id)"
            + " WHERE id = ? AND state = 'requested'",
        id,
        errorCode,
        errorMessage,
        requestId,
        id);
  }

  /** An operator's ruling on an open row, recorded as such. */
  public boolean resolveByOperator(
      long id, Optional<String> newCertificateId, String note, Instant now) {
    boolean settled =
        newCertificateId.isPresent()
            ? succeed(id, newCertificateId.get(), null, "operator", now)
            : fail(
                id,
                "reissued.ResolvedByOperator",
                "settled as failed by an operator",
                null,
                true,
                now,
                "operator",
                now);
    if (settled) {
      jdbc.update("UPDATE reissue SET note = ? WHERE id = ?", note, id);
    }
    return settled;
  }

  private boolean settle(String sql, long id, Object... parameters) {
    int updated = jdbc.update(sql, parameters);
    if (updated == 0) {
      log.debug("ledger row {} was settled already; left as it is", id);
    }
    return updated == 1;
  }

  static ReissueRecord map(ResultSet row) throws SQLException {
    return new ReissueRecord(
        row.getLong("id"),
        row.getString("certificate_id"),
        row.getString("account"),
        row.getString("lineage_id"),
        row.getBoolean("is_free"),
        ReissueState.fromSql(row.getString("state")),
        CsrType.valueOf(row.getString("csr_type")),
        ValidType.valueOf(row.getString("valid_type")),
        row.getString("key_algorithm"),
        row.getString("key_parameter"),
        row.getString("new_certificate_id"),
        row.getString("request_id"),
        row.getString("error_code"),
        row.getString("error_message"),
        (Boolean) row.getObject("retryable"),
        row.getInt("attempt"),
        Jdbc.instant(row, "next_attempt_at"),
        Jdbc.instant(row, "requested_at"),
        Jdbc.instant(row, "sent_at"),
        Jdbc.instant(row, "finished_at"),
        row.getString("claimed_by"),
        row.getString("settled_by"));
  }
}
