package dev.reissued.cloud;

import dev.reissued.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The cloud stage's record of its moves, {@code cloud_deploy}: each old → new move, from its first
 * call to its end. Every change of a move is a compare-and-set on the state and call count it was
 * decided from, so two processes (the daemon and {@code reissued cloud deploy}) never both act on
 * one reading. What must be served is in {@link CloudLineages}, each resource of a move task in
 * {@link CloudResources}.
 */
final class CloudLedger {
  private static final String DEPLOY_COLUMNS =
      "id, account, lineage_id, old_certificate_id, new_certificate_id, state, record_id, adopted,"
          + " resource_types, update_calls, retries, next_attempt_at, error, started_at,"
          + " finished_at, updated_at";

  private final Jdbc jdbc;

  CloudLedger(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** The move of {@code oldId}'s resources to {@code newId}, made if there is none. */
  Deploy deploy(String account, String lineageId, String oldId, String newId, Instant now) {
    jdbc.update(
        """
        INSERT INTO cloud_deploy (account, lineage_id, old_certificate_id, new_certificate_id, state,
                                  created_at, updated_at)
        VALUES (?, ?, ?, ?, 'new', ?, ?)
        ON CONFLICT (old_certificate_id, new_certificate_id) DO NOTHING
        """,
        account,
        lineageId,
        oldId,
        newId,
        now,
        now);
    return jdbc.queryOne(
            "SELECT "
                + DEPLOY_COLUMNS
                + " FROM cloud_deploy WHERE old_certificate_id = ? AND new_certificate_id = ?",
            CloudLedger::deployRow,
            oldId,
            newId)
        .orElseThrow();
  }

  Optional<Deploy> find(long id) {
    return jdbc.queryOne(
        "SELECT " + DEPLOY_COLUMNS + " FROM cloud_deploy WHERE id = ?", CloudLedger::deployRow, id);
  }

  Optional<Deploy> byRecord(long recordId) {
    return jdbc.queryOne(
        "SELECT " + DEPLOY_COLUMNS + " FROM cloud_deploy WHERE record_id = ?",
        CloudLedger::deployRow,
        recordId);
  }

  /** The moves towards the lineage's newest certificate. */
  List<Deploy> towards(String lineageId, String newest) {
    return jdbc.query(
        "SELECT "
            + DEPLOY_COLUMNS
            + " FROM cloud_deploy WHERE lineage_id = ? AND new_certificate_id = ? ORDER BY id",
        CloudLedger::deployRow,
        lineageId,
        newest);
  }

  /** Every move of the account (or of all accounts), newest first. */
  List<Deploy> all(String account) {
    return jdbc.query(
        "SELECT "
            + DEPLOY_COLUMNS
            + " FROM cloud_deploy WHERE (?::text IS NULL OR account = ?) ORDER BY id DESC",
        CloudLedger::deployRow,
        account,
        account);
  }

  /** The account's moves still worked on (the open-deploy index), oldest first. */
  List<Deploy> open(String account) {
    return jdbc.query(
        "SELECT "
            + DEPLOY_COLUMNS
            + " FROM cloud_deploy WHERE account = ?"
            + " AND state IN ('new', 'sending', 'creating', 'following') ORDER BY id",
        CloudLedger::deployRow,
        account);
  }

  /**
   * Commits that an UpdateCertificateInstance is about to leave, BEFORE it leaves: the call counted
   * and the move in {@code sending}. Empty when the move changed since {@code seen} was read.
   */
  Optional<Deploy> sending(Deploy seen, List<String> resourceTypes, Instant now) {
    return jdbc.queryOne(
        "UPDATE cloud_deploy SET state = 'sending', update_calls = update_calls + 1,"
            + " resource_types = ?, started_at = coalesce(started_at, ?), updated_at = ?"
            + " WHERE id = ? AND state = ? AND update_calls = ? RETURNING "
            + DEPLOY_COLUMNS,
        CloudLedger::deployRow,
        resourceTypes.toArray(String[]::new),
        now,
        now,
        seen.id(),
        seen.state().sql(),
        seen.updateCalls());
  }

  /** The API refused the call outright: nothing happened, so it does not count. */
  boolean unsent(Deploy sent, DeployState back, String error, Instant now) {
    return jdbc.update(
            "UPDATE cloud_deploy SET state = ?, update_calls = update_calls - 1, error = ?,"
                + " updated_at = ? WHERE id = ? AND state = ? AND update_calls = ?",
            back.sql(),
            error,
            now,
            sent.id(),
            sent.state().sql(),
            sent.updateCalls())
        == 1;
  }

  /** The task's id, stored before anything else is done with it. */
  boolean recordTask(Deploy seen, long recordId, boolean adopted, Instant now) {
    return jdbc.update(
            "UPDATE cloud_deploy SET state = 'following', record_id = ?, adopted = ?, error = NULL,"
                + " updated_at = ? WHERE id = ? AND state = ? AND update_calls = ?",
            recordId,
            adopted,
            now,
            seen.id(),
            seen.state().sql(),
            seen.updateCalls())
        == 1;
  }

  /** Moves to {@code to} (with {@code error}, null to clear it) from the state as read. */
  boolean transition(Deploy seen, DeployState to, String error, Instant now) {
    return jdbc.update(
            "UPDATE cloud_deploy SET state = ?, error = ?, updated_at = ?, finished_at = ?,"
                + " given_up_at = coalesce(?, given_up_at)"
                + " WHERE id = ? AND state = ? AND update_calls = ? AND retries = ?",
            to.sql(),
            error,
            now,
            to.open() ? null : now,
            to == DeployState.GIVEN_UP ? now : null,
            seen.id(),
            seen.state().sql(),
            seen.updateCalls(),
            seen.retries())
        == 1;
  }

  /** The failed resources' next retry waits until {@code at}. */
  boolean retryAt(Deploy seen, Instant at, Instant now) {
    return jdbc.update(
            "UPDATE cloud_deploy SET next_attempt_at = ?, updated_at = ? WHERE id = ?"
                + " AND state = 'following' AND retries = ? AND next_attempt_at IS NULL",
            at,
            now,
            seen.id(),
            seen.retries())
        == 1;
  }

  /** Commits a retry of the failed resources BEFORE UpdateCertificateRecordRetry is sent. */
  boolean retrying(Deploy seen, List<Long> detailIds, Instant now) {
    return jdbc.inTransaction(
        handle -> {
          int claimed =
              handle.update(
                  "UPDATE cloud_deploy SET retries = retries + 1, next_attempt_at = NULL,"
                      + " updated_at = ? WHERE id = ? AND state = 'following' AND retries = ?",
                  now,
                  seen.id(),
                  seen.retries());
          if (claimed == 1) {
            handle.update(
                "UPDATE cloud_resource SET attempts = attempts + 1, updated_at = ?"
                    + " WHERE deploy_id = ? AND detail_id::text = ANY (?)",
                now,
                seen.id(),
                detailIds.stream().map(String::valueOf).toArray(String[]::new));
          }
          return claimed == 1;
        });
  }

  /**
   * An operator asks again for a move that ended: a failed or given-up task is followed (and
   * retried) anew, one that never got a task starts over; the call count stays, so the pair's bound
   * still holds.
   */
  boolean reopen(Deploy seen, Instant now) {
    String to = seen.recordId() != null ? "following" : "new";
    return jdbc.update(
            "UPDATE cloud_deploy SET state = ?, retries = 0, next_attempt_at = NULL, error = NULL,"
                + " finished_at = NULL, given_up_at = NULL, updated_at = ?"
                + " WHERE id = ? AND state = ? AND update_calls = ?",
            to,
            now,
            seen.id(),
            seen.state().sql(),
            seen.updateCalls())
        == 1;
  }

  /** The move that put {@code moved}'s resources back (new -> old), if one was made. */
  Optional<Deploy> rollbackOf(Deploy moved) {
    return jdbc.queryOne(
        "SELECT "
            + DEPLOY_COLUMNS
            + " FROM cloud_deploy WHERE old_certificate_id = ? AND new_certificate_id = ?",
        CloudLedger::deployRow,
        moved.newCertificateId(),
        moved.oldCertificateId());
  }

  /**
   * A move that ended and was rolled back, to be sent again: back to {@code new} with its task
   * forgotten (the rolled-back task is history; the calls it took still count against
   * cloud.maxUpdateCalls). False when it changed since {@code seen} was read.
   */
  boolean resend(Deploy seen, Instant now) {
    return jdbc.update(
            "UPDATE cloud_deploy SET state = 'new', record_id = NULL, adopted = false, retries = 0,"
                + " next_attempt_at = NULL, error = NULL, finished_at = NULL, given_up_at = NULL,"
                + " updated_at = ? WHERE id = ? AND state = ? AND update_calls = ?",
            now,
            seen.id(),
            seen.state().sql(),
            seen.updateCalls())
        == 1;
  }

  private static Deploy deployRow(ResultSet row) throws SQLException {
    Long recordId = row.getObject("record_id", Long.class);
    return new Deploy(
        row.getLong("id"),
        row.getString("account"),
        row.getString("lineage_id"),
        row.getString("old_certificate_id"),
        row.getString("new_certificate_id"),
        DeployState.fromSql(row.getString("state")),
        recordId,
        row.getBoolean("adopted"),
        Bindings.strings(row.getArray("resource_types")),
        row.getInt("update_calls"),
        row.getInt("retries"),
        Jdbc.instant(row, "next_attempt_at"),
        row.getString("error"),
        Jdbc.instant(row, "started_at"),
        Jdbc.instant(row, "finished_at"),
        Jdbc.instant(row, "updated_at"));
  }
}
