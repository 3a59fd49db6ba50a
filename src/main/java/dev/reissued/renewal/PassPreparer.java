package dev.reissued.renewal;

import dev.reissued.keys.KeyException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first half of a pass, for one due certificate: claim it (the claim transaction commits before
 * anything is sent), make its key and CSR, and queue the prepared request for a sender. A CSR that
 * cannot be made fails the row terminally; any other failure leaves it requested and unsent, for
 * reconciliation to fail harmlessly.
 */
final class PassPreparer {
  private static final Logger log = LoggerFactory.getLogger(PassPreparer.class);

  private final Claims claims;
  private final Transitions transitions;
  private final RequestPreparer preparer;
  private final RenewalPolicy policy;
  private final InFlight inFlight;
  private final ProcessLease lease;
  private final Clock clock;
  private final Checkpoints checkpoints;
  private final AtomicInteger claimed = new AtomicInteger();

  PassPreparer(RenewalPass.Crew crew) {
    this.claims = crew.claims();
    this.transitions = crew.transitions();
    this.preparer = crew.preparer();
    this.policy = crew.policy();
    this.inFlight = crew.inFlight();
    this.lease = crew.lease();
    this.clock = crew.clock();
    this.checkpoints = crew.checkpoints();
  }

  /** How many rows this pass claimed. */
  int claimed() {
    return claimed.get();
  }

  void claimAndPrepare(Decision decision, BlockingQueue<PreparedRequest> ready) {
    String certificateId = decision.certificate().certificateId();
    long[] claimedId = {0};
    try {
      var claim =
          claims.claim(
              decision,
              policy,
              lease,
              clock.instant(),
              id -> {
                claimedId[0] = id;
                inFlight.add(id);
              });
      if (claim.isEmpty()) {
        return;
      }
      long id = claim.get().reissueId();
      claimed.incrementAndGet();
      checkpoints.reach(Checkpoints.Point.CLAIMED, id);
      PreparedRequest prepared;
      try {
        prepared = preparer.prepare(id, claim.get().decision());
      } catch (KeyException invalid) {
        Instant now = clock.instant();
        transitions.fail(
            new Observed(id, ReissueState.REQUESTED, null),
            Failure.terminal("reissued.CsrInvalid", invalid.getMessage(), null),
            SettledBy.PASS,
            now);
        inFlight.remove(id);
        log.error(
            "cannot make a CSR for certificate {} [row {}]: {}",
            certificateId,
            id,
            invalid.getMessage());
        return;
      }
      ready.put(prepared);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      release(claimedId[0]);
    } catch (RuntimeException failure) {
      // The row (if any) stays requested and unsent: no longer in flight, reconciliation fails
      // it harmlessly (never sent) at its next run.
      release(claimedId[0]);
      log.error(
          "cannot prepare the re-issue of certificate {}: {}", certificateId, failure.getMessage());
    }
  }

  private void release(long claimedId) {
    if (claimedId != 0) {
      inFlight.remove(claimedId);
    }
  }
}
