package dev.reissued.renewal;

import dev.reissued.db.DatabaseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an outcome onto its ledger row through a short database outage: a write that meets an
 * unavailable database is tried again, with a doubling pause; if the database stays down, the
 * outcome goes to the log at ERROR so that nothing the API said is lost, and reconciliation settles
 * the row later.
 */
final class OutcomeWriter {
  private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);
  private static final int WRITE_ATTEMPTS = 5;

  private final Ledger ledger;

  OutcomeWriter(Ledger ledger) {
    this.ledger = ledger;
  }

  /**
   * Writes what the API answered. The answer is the best evidence there is, so it settles the row
   * whether it is still requested or was made unknown meanwhile (reconciliation on another node
   * took this process for dead): each try is a compare-and-set on the state read just before.
   */
  void answer(
      PreparedRequest request, Instant sentAt, String outcome, Predicate<Observed> transition) {
    Observed[] from = {Observed.sent(request.reissueId(), sentAt)};
    write(
        request,
        outcome,
        () -> {
          if (transition.test(from[0])) {
            return true;
          }
          Optional<ReissueRecord> now = ledger.find(request.reissueId());
          if (now.isPresent()
              && now.get().state() == ReissueState.UNKNOWN
              && sentAt.equals(now.get().sentAt())) {
            from[0] = from[0].in(ReissueState.UNKNOWN);
            return transition.test(from[0]);
          }
          log.warn(
              "re-issue row {} (certificate {}) was settled as {} before its answer could be"
                  + " recorded; the answer was: {}",
              request.reissueId(),
              request.decision().certificate().certificateId(),
              now.map(row -> row.state().sql() + " by " + row.settledBy()).orElse("gone"),
              outcome);
          return false;
        });
  }

  /** Runs {@code update}, again while the database is unavailable, a few times at most. */
  void write(PreparedRequest request, String outcome, BooleanSupplier update) {
    Duration pause = Duration.ofMillis(500);
    for (int attempt = 1; ; attempt++) {
      try {
        update.getAsBoolean();
        return;
      } catch (DatabaseException unavailable) {
        if (attempt == WRITE_ATTEMPTS) {
          log.error(
              "cannot record outcome '{}' of re-issue row {} (certificate {}): {}; reconciliation will settle it from the API",
              outcome,
              request.reissueId(),
              request.decision().certificate().certificateId(),
              unavailable.getMessage());
          return;
        }
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        pause = pause.multipliedBy(2);
      }
    }
  }
}
