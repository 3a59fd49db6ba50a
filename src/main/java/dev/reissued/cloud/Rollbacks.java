package dev.reissued.cloud;

import dev.reissued.tencent.CloudActions;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollbacks of move tasks (UpdateCertificateRecordRollback) and what follows them: the rollback is
 * recorded as the reverse move (new → old), followed like any move, and a later {@code reissued
 * cloud deploy} sends the rolled-back move again once the rollback has ended. Each pair has one row
 * per direction, so a move or a rollback made a second time starts its row afresh.
 */
final class Rollbacks {
  private static final Logger log = LoggerFactory.getLogger(Rollbacks.class);

  private final CloudLedger ledger;
  private final CloudLineages lineages;
  private final RecordFollower follower;
  private final Clock clock;

  Rollbacks(CloudLedger ledger, CloudLineages lineages, RecordFollower follower, Clock clock) {
    this.ledger = ledger;
    this.lineages = lineages;
    this.follower = follower;
    this.clock = clock;
  }

  /**
   * Puts the resources {@code moved}'s task moved back on the old certificate, followed from now on
   * like a move; answers the rollback's task id.
   */
  long rollback(CloudActions actions, Deploy moved) {
    long rollbackId = actions.rollbackUpdateRecord(moved.recordId());
    Instant now = clock.instant();
    Deploy back =
        ledger.deploy(
            moved.account(),
            moved.lineageId(),
            moved.newCertificateId(),
            moved.oldCertificateId(),
            now);
    if (!back.state().open() && ledger.resend(back, now)) {
      // An earlier rollback of the pair ended: this one starts afresh (retries, finish).
      back = ledger.find(back.id()).orElse(back);
    }
    ledger.recordTask(back, rollbackId, false, now);
    lineages.lineage(moved.lineageId()).ifPresent(lineage -> lineages.close(lineage, now));
    log.info(
        "account {}: move task {} of {} rolled back as task {}",
        moved.account(),
        moved.recordId(),
        moved.pair(),
        rollbackId);
    return rollbackId;
  }

  /**
   * A move that ended and was then rolled back is sent again once the rollback is over: the
   * operator who asks to move the lineage now wants its resources back on the newest certificate.
   * The rollback's task is followed first; while it still runs, moving them again would race it:
   * refused, with why.
   */
  void resendIfRolledBack(CloudActions actions, Deploy moved) {
    Optional<Deploy> rollback = ledger.rollbackOf(moved);
    if (rollback.isPresent() && rollback.get().state() == DeployState.FOLLOWING) {
      follower.follow(actions, rollback.get());
      rollback = ledger.find(rollback.get().id());
    }
    if (rollback.isEmpty()) {
      return;
    }
    if (rollback.get().state().open()) {
      throw new CloudException(
          "move "
              + moved.pair()
              + " is being rolled back (task "
              + rollback.get().recordId()
              + ", still running): deploy again once it has ended");
    }
    if (ledger.resend(moved, clock.instant())) {
      log.info(
          "account {}: move {} was rolled back; it is sent again", moved.account(), moved.pair());
    }
  }
}
