package dev.reissued.renewal;

import dev.reissued.config.CsrType;
import dev.reissued.config.ValidType;
import dev.reissued.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The re-issue ledger's reads ({@code reissue}): each re-issue is one row, committed in state
 * {@code requested} before the request can leave ({@link Claims}), then moved to its outcome by
 * compare-and-set ({@link Transitions}). Together with {@link SealedSecrets} these are the only
 * classes that run SQL on the ledger's tables; other stages ask them.
 */
public final class Ledger {
  private static final Logger log = LoggerFactory.getLogger(Ledger.class);
  static final String COLUMNS =
      "id, certificate_id, account, lineage_id, is_free, state, csr_type, valid_type, key_algorithm,"
          + " key_parameter, new_certificate_id, request_id, error_code, error_message, retryable, attempt,"
          + " next_attempt_at, requested_at, sent_at, finished_at, claimed_by, settled_by, kind,"
          + " issued_not_after, extended";

  private final Jdbc jdbc;

  public Ledger(Jdbc jdbc) {
    this.jdbc = jdbc;
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

  /**
   * Every row of a lineage (its first certificate's id) or of one certificate, newest first, in the
   * caller's transaction.
   */
  List<ReissueRecord> lineage(Jdbc.Handle handle, String lineageId, String certificateId) {
    return handle.query(
        "SELECT "
            + COLUMNS
            + " FROM reissue WHERE lineage_id = ? OR certificate_id = ? ORDER BY id DESC",
        Ledger::map,
        lineageId,
        certificateId);
  }

  /** Every row whose lineage or certificate is one of {@code ids}; none asked for, none read. */
  List<ReissueRecord> rowsOf(java.util.Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    String[] array = ids.toArray(String[]::new);
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM reissue WHERE lineage_id = ANY (?) OR certificate_id = ANY (?) ORDER BY id DESC",
        Ledger::map,
        array,
        array);
  }

  /**
   * The ids that occur in the account's rows, as a lineage or a certificate; empty when more than
   * {@code limit} rows hold them.
   */
  Optional<Set<String>> idsOf(String account, int limit) {
    Set<String> ids = new HashSet<>();
    int[] rows = {0};
    jdbc.forEachRow(
        "SELECT lineage_id, certificate_id FROM reissue WHERE account = ? LIMIT ?",
        Jdbc.FETCH_SIZE,
        row -> {
          rows[0]++;
          ids.add(row.getString(1));
          ids.add(row.getString(2));
        },
        account,
        limit + 1);
    return rows[0] > limit ? Optional.empty() : Optional.of(ids);
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
   * A failed row whose request may have been carried out after all, and whether Tencent has since
   * answered OrderAlreadyReplaced for its certificate (within a day: a lookup that keeps finding
   * nothing is not repeated forever).
   */
  public record Abandoned(ReissueRecord record, boolean refusedAsReplaced) {}

  /**
   * Failed rows whose request may have been carried out after all: sent, failed by reconciliation
   * (no answer of the API's own), with nothing live in their lineage. The earliest sent per
   * certificate: the request that reached Tencent first is the one it carried out.
   */
  public List<Abandoned> abandoned(String account, Instant now) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + ", EXISTS (SELECT 1 FROM reissue refused WHERE refused.certificate_id = reissue.certificate_id"
            + " AND refused.error_code = 'FailedOperation.OrderAlreadyReplaced'"
            + " AND refused.finished_at > ?) AS refused_as_replaced"
            + " FROM reissue WHERE id IN ("
            + " SELECT DISTINCT ON (r.certificate_id) r.id FROM reissue r"
            + " WHERE r.account = ? AND r.kind = 'reissue' AND r.state = 'failed'"
            + " AND r.sent_at IS NOT NULL AND r.settled_by = 'reconcile'"
            + " AND NOT EXISTS (SELECT 1 FROM reissue live WHERE live.lineage_id = r.lineage_id"
            + " AND live.kind = 'reissue' AND live.state <> 'failed')"
            + " ORDER BY r.certificate_id, r.sent_at) ORDER BY id",
        row -> new Abandoned(map(row), row.getBoolean("refused_as_replaced")),
        now.minus(java.time.Duration.ofDays(1)),
        account);
  }

  /** A succeeded row whose new certificate is not issued yet: what tracking follows. */
  public record AwaitingIssue(
      long reissueId,
      String account,
      String oldCertificateId,
      String newCertificateId,
      CsrType csrType,
      Action action) {}

  public List<AwaitingIssue> awaitingIssue(String account) {
    return jdbc.query(
        "SELECT id, account, certificate_id, new_certificate_id, csr_type, kind FROM reissue"
            + " WHERE account = ? AND state = 'succeeded' AND issued_at IS NULL"
            + " AND new_certificate_id IS NOT NULL ORDER BY id",
        row ->
            new AwaitingIssue(
                row.getLong(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                CsrType.valueOf(row.getString(5)),
                Action.fromSql(row.getString(6))),
        account);
  }

  /** Tracking looked at the row's new certificate at {@code now}; it is not issued yet. */
  public void recordTracked(Jdbc.Handle handle, long id, Instant now) {
    handle.update("UPDATE reissue SET tracked_at = ? WHERE id = ?", now, id);
  }

  /**
   * The row's new certificate is issued, ending at {@code notAfter}; {@code extended} says whether
   * that is well after the certificate it renews (null when either end is unknown).
   */
  public void recordIssued(
      Jdbc.Handle handle, long id, Instant notAfter, Boolean extended, Instant now) {
    handle.update(
        "UPDATE reissue SET tracked_at = ?, issued_at = ?, issued_not_after = ?, extended = ?"
            + " WHERE id = ?",
        now,
        now,
        notAfter,
        extended,
        id);
  }

  /** Open rows of an account in a state, and when the oldest was sent (claimed, if not sent). */
  public record OpenCount(String account, ReissueState state, long count, Instant oldest) {}

  public List<OpenCount> openCounts() {
    // The settling period runs from sent_at; a row never sent is judged from its claim.
    return jdbc.query(
        "SELECT account, state, count(*), min(coalesce(sent_at, requested_at)) AS oldest"
            + " FROM reissue WHERE state IN ('requested', 'unknown') GROUP BY account, state",
        row ->
            new OpenCount(
                row.getString(1),
                ReissueState.fromSql(row.getString(2)),
                row.getLong(3),
                Jdbc.instant(row, "oldest")));
  }

  /** Settled rows of an account by outcome and error code ({@code ""} for none). */
  public record OutcomeCount(String account, ReissueState outcome, String code, long count) {}

  public List<OutcomeCount> outcomeCounts() {
    return jdbc.query(
        "SELECT account, state, coalesce(error_code, ''), count(*) FROM reissue"
            + " WHERE state IN ('succeeded', 'failed') GROUP BY 1, 2, 3",
        row ->
            new OutcomeCount(
                row.getString(1),
                ReissueState.fromSql(row.getString(2)),
                row.getString(3),
                row.getLong(4)));
  }

  /** Applies that made a certificate since a moment, and renewals refused for quota. */
  public record QuotaCounts(long appliedRecently, long refused) {}

  public QuotaCounts quotaCounts(String account, Instant since) {
    return jdbc.queryOne(
            "SELECT count(*) FILTER (WHERE state = 'succeeded' AND finished_at > ?),"
                + " count(*) FILTER (WHERE state = 'failed' AND error_code IN"
                + " ('FailedOperation.ExceedsFreeLimit', 'FailedOperation.MainDomainCertificateCountLimit'))"
                + " FROM reissue WHERE account = ? AND kind = 'apply'",
            row -> new QuotaCounts(row.getLong(1), row.getLong(2)),
            since,
            account)
        .orElseThrow();
  }

  /** Whether the account has shown that Tencent's re-issues keep the original's end date. */
  public boolean reissueKeepsEndDate(String account) {
    return jdbc.queryOne(
            "SELECT reissue_keeps_end_date FROM account_observation WHERE account = ?",
            row -> row.getBoolean(1),
            account)
        .orElse(false);
  }

  /**
   * Records, in tracking's transaction, that a re-issue of the account ended no later than its
   * original: from then on renewal mode auto applies for the account's free certificates.
   */
  public void observeReissueKeepsEndDate(
      Jdbc.Handle handle, String account, String evidence, Instant now) {
    handle.update(
        "INSERT INTO account_observation (account, reissue_keeps_end_date, evidence, observed_at)"
            + " VALUES (?, true, ?, ?) ON CONFLICT (account) DO NOTHING",
        account,
        evidence,
        now);
  }

  /** An operator's note on a row, beside whatever settled it. */
  public void note(long id, String note) {
    jdbc.update("UPDATE reissue SET note = ? WHERE id = ?", note, id);
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
        row.getString("settled_by"),
        Action.fromSql(row.getString("kind")),
        Jdbc.instant(row, "issued_not_after"),
        (Boolean) row.getObject("extended"));
  }
}
