package dev.reissued.renewal;

import dev.reissued.db.DatabaseException;
import dev.reissued.db.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change of a ledger row's state. Each is a compare-and-set on exactly the state and {@code
 * sent_at} it was decided from ({@link Observed}): decided on a row that has moved on since it was
 * read, it changes nothing and says so, so a row is settled once, by whoever gets there first.
 */
public final class Transitions {
  private static final Logger log = LoggerFactory.getLogger(Transitions.class);

  private final Jdbc jdbc;

  public Transitions(Jdbc jdbc) {
    this.jdbc = jdbc;
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
    List<Object> parameters = new ArrayList<>(Arrays.asList(setValues));
    parameters.add(from.id());
    parameters.add(from.state().sql());
    parameters.add(from.sentAt());
    parameters.addAll(Arrays.asList(requireValues));
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
}
