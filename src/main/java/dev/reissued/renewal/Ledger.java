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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The re-issue ledger ({@code reissue} and {@code sealed_secret}). Each re-issue is one row,
 * committed in state {@code requested} before the request can leave, then moved once to its
 * outcome. Every transition is a guarded UPDATE, so a row is settled once, by whoever gets there
 * first, and the partial unique indexes refuse a second live re-issue of a free lineage whatever
 * the code above does.
 */
public final class Ledger {
  private static final Logger log = LoggerFactory.getLogger(Ledger.class);
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
                        lease.key())
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
   * requested and unsent. Empty means someone settled it meanwhile — do not send. The instant is
   * the one stored, for the compare-and-set of the outcome.
   */
  public Optional<Instant> markSending(long id, Instant now) {
    return jdbc.queryOne(
        "UPDATE reissue SET sent_at = ? WHERE id = ? AND state = 'requested' AND sent_at IS NULL"
            + " RETURNING sent_at",
        row -> Jdbc.instant(row, "sent_at"),
        now,
        id);
  }

  /** The row re-issued its certificate as {@code newCertificateId}. */
  public boolean succeed(
      Observed from, String newCertificateId, String requestId, SettledBy by, Instant now) {
    return transition(
        from,
        ReissueState.SUCCEEDED,
        "new_certificate_id = ?, request_id = coalesce(?, request_id), error_code = NULL,"
            + " error_message = NULL, retryable = NULL, next_attempt_at = NULL, finished_at = ?,"
            + " settled_by = ?",
        newCertificateId,
        requestId,
        now,
        by.sql());
  }

  /**
   * The row failed. A row that was sent fails only on the API's answer ({@link SettledBy#API}) or
   * on an operator's word; reconciliation uses {@link #failUnseen} instead.
   */
  public boolean fail(Observed from, Failure failure, SettledBy by, Instant now) {
    if (from.wasSent() && by == SettledBy.RECONCILE) {
      throw new IllegalArgumentException(
          "row " + from.id() + " was sent: reconciliation fails it only after settling");
    }
    return transition(from, ReissueState.FAILED, FAILED_SET, failed(failure, by, now));
  }

  /**
   * Reconciliation's verdict on a sent row whose re-issue the API does not show: failed, but only
   * if it was sent no later than {@code sentNoLaterThan} (the settling period is over, so no
   * request of ours can still be on its way), decided by the database at the moment of the write.
   */
  public boolean failUnseen(Observed from, Failure failure, Instant sentNoLaterThan, Instant now) {
    if (!from.wasSent()) {
      throw new IllegalArgumentException("row " + from.id() + " was never sent");
    }
    return transition(
        from,
        ReissueState.FAILED,
        FAILED_SET,
        failed(failure, SettledBy.RECONCILE, now),
        " AND sent_at <= ?",
        sentNoLaterThan);
  }

  /** No answer came back: the request may have been carried out. Never re-sent; reconciled. */
  public boolean unknown(Observed from, String errorCode, String errorMessage, String requestId) {
    if (!from.wasSent() || from.state() != ReissueState.REQUESTED) {
      throw new IllegalArgumentException(
          "only a sent, requested row can become unknown, not " + from);
    }
    return transition(
        from,
        ReissueState.UNKNOWN,
        "error_code = ?, error_message = ?, request_id = coalesce(?, request_id)",
        errorCode,
        errorMessage,
        requestId);
  }

  /** A failed row the API shows re-issued after all, and what the inventory says it became. */
  public record Abandoned(ReissueRecord record, String replacedFor) {}

  /**
   * Failed rows whose request may have been carried out after all: sent, failed by reconciliation
   * (no answer of the API's own), with nothing live in their lineage, where the inventory shows the
   * certificate re-issued or Tencent has since answered OrderAlreadyReplaced (within a day of
   * {@code now}, so a lookup that keeps finding nothing is not repeated forever). The earliest sent
   * per certificate: the request that reached Tencent first is the one it carried out.
   */
  public List<Abandoned> abandoned(String account, Instant now) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + ", (SELECT c.replaced_for FROM certificate c WHERE c.certificate_id = reissue.certificate_id)"
            + " AS inventory_replaced_for FROM reissue WHERE id IN ("
            + " SELECT DISTINCT ON (r.certificate_id) r.id FROM reissue r"
            + " JOIN certificate c ON c.certificate_id = r.certificate_id"
            + " WHERE r.account = ? AND r.state = 'failed' AND r.sent_at IS NOT NULL"
            + " AND r.settled_by = 'reconcile'"
            + " AND NOT EXISTS (SELECT 1 FROM reissue live WHERE live.lineage_id = r.lineage_id"
            + " AND live.state <> 'failed')"
            + " AND (c.replaced_for IS NOT NULL OR EXISTS (SELECT 1 FROM reissue refused"
            + " WHERE refused.certificate_id = r.certificate_id"
            + " AND refused.error_code = 'FailedOperation.OrderAlreadyReplaced'"
            + " AND refused.finished_at > ?))"
            + " ORDER BY r.certificate_id, r.sent_at) ORDER BY id",
        row -> new Abandoned(map(row), row.getString("inventory_replaced_for")),
        account,
        now.minus(java.time.Duration.ofDays(1)));
  }

  /**
   * Settles a failed row as succeeded on the API's evidence; false when the row moved on or the
   * lineage has a live row meanwhile (the partial unique index refuses a second one).
   */
  public boolean recover(ReissueRecord failed, String newCertificateId, Instant now) {
    try {
      return transition(
          Observed.of(failed),
          ReissueState.SUCCEEDED,
          "new_certificate_id = ?, retryable = NULL, next_attempt_at = NULL, finished_at = ?,"
              + " settled_by = ?, note = ?",
          newCertificateId,
          now,
          SettledBy.RECONCILE.sql(),
          "recovered: recorded as failed ("
              + failed.errorCode()
              + "), but the API shows the certificate re-issued as "
              + newCertificateId);
    } catch (DatabaseException refused) {
      if (refused.isUniqueViolation()) {
        return false;
      }
      throw refused;
    }
  }

  /** An operator's note on a row, beside whatever settled it. */
  public void note(long id, String note) {
    jdbc.update("UPDATE reissue SET note = ? WHERE id = ?", note, id);
  }

  private static final String FAILED_SET =
      "error_code = ?, error_message = ?, request_id = coalesce(?, request_id), retryable = ?,"
          + " next_attempt_at = ?, finished_at = ?, settled_by = ?";

  private static Object[] failed(Failure failure, SettledBy by, Instant now) {
    return new Object[] {
      failure.code(),
      failure.message(),
      failure.requestId(),
      failure.retryable(),
      failure.nextAttemptAt(),
      now,
      by.sql()
    };
  }

  private boolean transition(Observed from, ReissueState to, String set, Object... values) {
    return transition(from, to, set, values, "");
  }

  /**
   * One compare-and-set: the row moves to {@code to} only if its state and {@code sent_at} are
   * still what {@code from} read (and {@code alsoRequire} holds). Losing says so in the log and
   * changes nothing.
   */
  private boolean transition(
      Observed from,
      ReissueState to,
      String set,
      Object[] setValues,
      String alsoRequire,
      Object... requireValues) {
    List<Object> parameters = new ArrayList<>(java.util.Arrays.asList(setValues));
    parameters.add(from.id());
    parameters.add(from.state().sql());
    parameters.add(from.sentAt());
    parameters.addAll(java.util.Arrays.asList(requireValues));
    int updated =
        jdbc.update(
            "UPDATE reissue SET state = '"
                + to.sql()
                + "', "
                + set
                + " WHERE id = ? AND state = ? AND sent_at IS NOT DISTINCT FROM ?::timestamptz"
                + alsoRequire,
            parameters.toArray());
    if (updated == 0) {
      log.debug(
          "ledger row {} is no longer {} (sent at {}); not made {}",
          from.id(),
          from.state().sql(),
          from.sentAt(),
          to.sql());
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
