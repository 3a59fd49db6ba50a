package dev.reissued.renewal;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.NotifyEvent;
import dev.reissued.config.RetryPolicy;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.notify.Event;
import dev.reissued.notify.EventSink;
import dev.reissued.renewal.Ledger.OpenRow;
import dev.reissued.tencent.ErrorClass;
import dev.reissued.tencent.Settling;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles ledger rows whose outcome nobody knows — {@code unknown} rows, and {@code requested} rows
 * whose process is gone — by reading the API, never by sending the request again.
 *
 * <ul>
 *   <li>A row that was never sent ({@code sent_at} empty) and whose process is gone failed
 *       harmlessly: nothing left this host.
 *   <li>A sent row is {@code succeeded} as soon as the API shows the re-issue (the original's
 *       {@code ReplacedFor}, or a certificate whose {@code ReplacedBy} names it).
 *   <li>It is {@code failed} only when the API still shows none once the settling period after
 *       sending is over, so that no request can still be on its way.
 * </ul>
 */
public final class Reconciler {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  static final String NOT_SENT = "reissued.NotSent";
  static final String NO_REISSUE_FOUND = "reissued.NoReissueFound";
  static final String ORPHANED = "reissued.Orphaned";

  private final Ledger ledger;
  private final Transitions transitions;
  private final Inventory inventory;
  private final InFlight inFlight;
  private final ProcessLease lease;
  private final RetryPolicy retry;
  private final Clock clock;
  private final EventSink events;
  private final Checkpoints checkpoints;
  private final Recovery recovery;

  public Reconciler(
      Ledger ledger,
      Transitions transitions,
      Inventory inventory,
      InFlight inFlight,
      ProcessLease lease,
      RetryPolicy retry,
      Clock clock,
      EventSink events,
      Checkpoints checkpoints) {
    this.checkpoints = checkpoints;
    this.recovery = new Recovery(ledger, transitions, inventory, clock);
    this.events = events;
    this.ledger = ledger;
    this.transitions = transitions;
    this.inventory = inventory;
    this.inFlight = inFlight;
    this.lease = lease;
    this.retry = retry;
    this.clock = clock;
  }

  /** What one reconciliation did. */
  public record Result(int settledSucceeded, int settledFailed, int stillOpen) {}

  private enum Verdict {
    SUCCEEDED,
    FAILED,
    OPEN
  }

  public Result reconcile(AccountConfig account, TencentClient client) {
    int succeeded = 0;
    int failed = 0;
    int open = 0;
    Duration settling = Settling.period(account);
    List<OpenRow> rows = ledger.open(account.name());
    checkpoints.reach(Checkpoints.Point.RECONCILE_READ, 0);
    for (OpenRow row : rows) {
      switch (reconcile(row, client, settling)) {
        case SUCCEEDED -> succeeded++;
        case FAILED -> failed++;
        case OPEN -> open++;
      }
    }
    succeeded += recovery.recover(account, client);
    if (succeeded + failed > 0) {
      log.info(
          "reconciled account {}: {} succeeded, {} failed, {} still open",
          account.name(),
          succeeded,
          failed,
          open);
    }
    if (succeeded + failed == 0 && open > 0) {
      log.debug(
          "account {}: {} re-issues still open (in flight or settling)", account.name(), open);
    }
    return new Result(succeeded, failed, open);
  }

  /**
   * One open row, judged on what it says now: the snapshot only says which rows to look at. Every
   * write below is a compare-and-set on the state and {@code sent_at} read, so a row that moved on
   * meanwhile (its sender recorded the answer) is left as it is.
   */
  private Verdict reconcile(OpenRow row, TencentClient client, Duration settling) {
    ReissueRecord record = row.record();
    if (inFlight.contains(record.id())) {
      return Verdict.OPEN;
    }
    // A row of this very process that is not in flight was let go by its pass: orphaned.
    boolean ours = row.ownerLease() == lease.key();
    if (record.state() == ReissueState.REQUESTED
        && !ours
        && lease.isHeldElsewhere(row.ownerLease())) {
      // Its process is alive and may be about to send: leave it to that process.
      return Verdict.OPEN;
    }
    Observed seen = Observed.of(record);
    Instant now = clock.instant();
    if (!seen.wasSent()) {
      checkpoints.reach(Checkpoints.Point.RECONCILE_DECIDED, record.id());
      // "Never sent" is the database's word at the moment of the write (sent_at still empty), not
      // the snapshot's: a sender that set sent_at since makes this write change nothing.
      if (transitions.fail(
          seen,
          Failure.retryable(
              NOT_SENT,
              "never sent: the process that claimed it (" + record.claimedBy() + ") let it go",
              null,
              now),
          SettledBy.RECONCILE,
          now)) {
        log.info(
            "re-issue {} of certificate {} was never sent; free to try again",
            record.id(),
            record.certificateId());
        return Verdict.FAILED;
      }
      return Verdict.OPEN;
    }
    if (seen.state() == ReissueState.REQUESTED) {
      // Sent, and its sender is gone without recording an answer: the API may have acted on it.
      if (!transitions.unknown(
          seen,
          ORPHANED,
          "sent by " + record.claimedBy() + ", which stopped before recording the answer",
          null)) {
        return Verdict.OPEN;
      }
      seen = seen.in(ReissueState.UNKNOWN);
    }
    return settle(record, seen, client, now, settling);
  }

  private Verdict settle(
      ReissueRecord record, Observed seen, TencentClient client, Instant now, Duration settling) {
    Optional<String> newId;
    try {
      newId = Evidence.of(record, domainOf(record.certificateId()), client);
    } catch (TencentApiException unavailable) {
      return cannotLookUp(record, seen, unavailable, now, settling);
    }
    checkpoints.reach(Checkpoints.Point.RECONCILE_DECIDED, record.id());
    if (newId.isPresent()) {
      if (transitions.succeed(seen, newId.get(), null, SettledBy.RECONCILE, now)) {
        log.info(
            "reconciled {} {}: certificate {} was {} as {} (the answer had been lost)",
            record.action() == Action.APPLY ? "application" : "re-issue",
            record.id(),
            record.certificateId(),
            record.action() == Action.APPLY ? "renewed" : "re-issued",
            newId.get());
        return Verdict.SUCCEEDED;
      }
      return Verdict.OPEN;
    }
    Instant settledAt = seen.sentAt().plus(settling);
    if (now.isBefore(settledAt)) {
      log.debug("re-issue {} is settling until {}", record.id(), settledAt);
      return Verdict.OPEN;
    }
    boolean retryable = record.attempt() < retry.maxAttempts();
    Failure failure =
        new Failure(
            NO_REISSUE_FOUND,
            "the API shows no re-issue "
                + settling.toSeconds()
                + " s after the request: it was not carried out",
            null,
            retryable,
            retryable ? now : null);
    if (transitions.failUnseen(seen, failure, now.minus(settling), now)) {
      log.info(
          "reconciled re-issue {}: certificate {} was not re-issued; {}",
          record.id(),
          record.certificateId(),
          retryable ? "it may be tried again" : "no attempts left");
      return Verdict.FAILED;
    }
    return Verdict.OPEN;
  }

  private Verdict cannotLookUp(
      ReissueRecord record,
      Observed seen,
      TencentApiException unavailable,
      Instant now,
      Duration settling) {
    if (unavailable.errorClass() == ErrorClass.GONE) {
      // Gone is evidence too: nothing can come of the request any more.
      if (transitions.failUnseen(
          seen,
          Failure.terminal(
              unavailable.code(), "certificate no longer exists", unavailable.requestId()),
          now,
          now)) {
        inventory.markGone(record.certificateId(), now);
        return Verdict.FAILED;
      }
      return Verdict.OPEN;
    }
    log.warn(
        "cannot reconcile re-issue {} of certificate {} yet: {}",
        record.id(),
        record.certificateId(),
        unavailable.getMessage());
    if (unavailable.errorClass() == ErrorClass.ACCOUNT) {
      events.publish(
          new Event(
              NotifyEvent.ACCOUNT_REFUSED,
              record.account(),
              record.certificateId(),
              domainOf(record.certificateId()),
              "account "
                  + record.account()
                  + " was refused while reconciling re-issue "
                  + record.id()
                  + ": "
                  + unavailable.code(),
              Map.of("reissue_id", String.valueOf(record.id()), "code", unavailable.code()),
              now));
    }
    if (!now.isBefore(seen.sentAt().plus(settling))) {
      // Past the settling period and the API still cannot tell us: a human may want to look.
      events.publish(
          new Event(
              NotifyEvent.OUTCOME_UNKNOWN,
              record.account(),
              record.certificateId(),
              domainOf(record.certificateId()),
              "re-issue "
                  + record.id()
                  + " of certificate "
                  + record.certificateId()
                  + " has an unknown outcome and cannot be reconciled yet: "
                  + unavailable.code(),
              Map.of("reissue_id", String.valueOf(record.id()), "code", unavailable.code()),
              now));
    }
    return Verdict.OPEN;
  }

  private String domainOf(String certificateId) {
    return inventory.find(certificateId).map(InventoryCertificate::domain).orElse(null);
  }
}
