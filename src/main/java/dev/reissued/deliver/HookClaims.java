package dev.reissued.deliver;

import dev.reissued.db.Jdbc;
import dev.reissued.deliver.DeliveryLedger.Delivered;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * The deploy hook's columns of the {@code delivery} table: which hooks are due, the claim of one
 * run (only one process gets it, and a hook that succeeded is never claimed again), and its end,
 * recorded only by the run that holds the claim.
 */
final class HookClaims {
  private static final String HOOK_DUE =
      "(d.hook_status = 'pending' OR (d.hook_status = 'failed' AND d.hook_next_attempt_at <= ?)"
          + " OR (d.hook_status = 'running' AND d.hook_started_at < ?))";

  private final Jdbc jdbc;

  HookClaims(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Delivered certificates whose hook is due: pending, failed and past its backoff, or claimed by a
   * run that started before {@code abandonedBefore} and so cannot still be running. Never succeeded
   * ones, and never while files are still to be written.
   */
  List<Delivered> due(String account, Instant now, Instant abandonedBefore) {
    return jdbc.query(
        "SELECT "
            + DeliveryLedger.RECORD_COLUMNS
            + " FROM delivery d WHERE d.account = ? AND d.delivered_at IS NOT NULL"
            + " AND d.files_status IN ('written', 'none') AND "
            + HOOK_DUE
            + " ORDER BY d.reissue_id",
        DeliveryLedger::deliveredRow,
        account,
        now,
        abandonedBefore);
  }

  /**
   * Claims one hook run: only one process gets it, and never for a hook that succeeded. Returns the
   * attempt number, or empty when it is not (or no longer) due.
   */
  OptionalInt claim(long reissueId, String claimedBy, Instant now, Instant abandonedBefore) {
    return jdbc.queryOne(
            "UPDATE delivery d SET hook_status = 'running', hook_attempts = d.hook_attempts + 1,"
                + " hook_started_at = ?, hook_claimed_by = ?, updated_at = ? WHERE d.reissue_id = ?"
                + " AND "
                + HOOK_DUE
                + " RETURNING d.hook_attempts",
            result -> result.getInt(1),
            now,
            claimedBy,
            now,
            reissueId,
            now,
            abandonedBefore)
        .map(OptionalInt::of)
        .orElse(OptionalInt.empty());
  }

  /**
   * Records the run this process claimed at {@code startedAt}; false when the claim was lost
   * meanwhile.
   */
  boolean finished(
      long reissueId,
      String claimedBy,
      Instant startedAt,
      DeployHook.Run run,
      Instant nextAttemptAt,
      Instant now) {
    boolean succeeded = run.succeeded();
    return jdbc.update(
            """
            UPDATE delivery
            SET hook_status = ?, hook_exit_status = ?, hook_result = ?, hook_output = ?, hook_finished_at = ?,
                hook_next_attempt_at = ?, hook_succeeded_at = ?, updated_at = ?
            WHERE reissue_id = ? AND hook_status = 'running' AND hook_claimed_by = ? AND hook_started_at = ?
            """,
            succeeded ? "succeeded" : "failed",
            run.exitStatus(),
            run.describe(),
            run.outputTail(),
            now,
            succeeded ? null : nextAttemptAt,
            succeeded ? now : null,
            now,
            reissueId,
            claimedBy,
            startedAt)
        == 1;
  }
}
