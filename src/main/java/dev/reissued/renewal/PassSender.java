package dev.reissued.renewal;

import dev.reissued.config.AccountConfig;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.Turn;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one prepared request of a pass, at most once: it waits for the account's rate limit, marks
 * the row sent (a compare-and-set: a row settled by someone else meanwhile is not sent), calls the
 * API and hands the answer to the {@link OutcomeRecorder}. An account the API refused stops its
 * pass: the requests still queued are released unsent.
 */
final class PassSender {
  private static final Logger log = LoggerFactory.getLogger(PassSender.class);

  private final Transitions transitions;
  private final OutcomeRecorder outcomes;
  private final Clock clock;
  private final Checkpoints checkpoints;
  private final BooleanSupplier stopping;
  private final AccountConfig account;
  private final TencentClient client;
  private final AtomicBoolean accountStopped = new AtomicBoolean();
  private final AtomicInteger sent = new AtomicInteger();

  PassSender(RenewalPass.Crew crew, AccountConfig account, TencentClient client) {
    this.transitions = crew.transitions();
    this.outcomes = crew.outcomes();
    this.clock = crew.clock();
    this.checkpoints = crew.checkpoints();
    this.stopping = crew.stopping();
    this.account = account;
    this.client = client;
  }

  /** Whether the API refused the account, so that nothing more of this pass is sent. */
  boolean accountStopped() {
    return accountStopped.get();
  }

  /** How many requests this pass marked sent. */
  int sent() {
    return sent.get();
  }

  void send(PreparedRequest request) {
    if (accountStopped.get()) {
      outcomes.released(request, "account " + account.name() + " was refused by the API");
      return;
    }
    if (stopping.getAsBoolean()) {
      outcomes.released(request, "the daemon is stopping");
      return;
    }
    // Queue for the account's rate limit before the row says "sent": the settling period counts
    // from sent_at and allows a call only the short lead before its slot.
    Turn turn;
    try {
      turn = client.awaitTurn();
    } catch (TencentApiException noSlot) {
      outcomes.released(request, noSlot.getMessage());
      return;
    }
    Instant sentAt;
    try {
      Optional<Instant> marked = transitions.markSending(request.reissueId(), clock.instant());
      if (marked.isEmpty()) {
        log.warn(
            "re-issue row {} was settled by someone else before sending; not sent",
            request.reissueId());
        return;
      }
      sentAt = marked.get();
    } catch (RuntimeException databaseDown) {
      log.error(
          "cannot mark re-issue row {} as sending; not sent: {}",
          request.reissueId(),
          databaseDown.getMessage());
      return;
    }
    sent.incrementAndGet();
    checkpoints.reach(Checkpoints.Point.SENDING, request.reissueId());
    PreparedRequest.Answer response;
    try {
      response = request.send(client, turn);
    } catch (TencentApiException error) {
      checkpoints.reach(Checkpoints.Point.ANSWERED, request.reissueId());
      if (outcomes.failed(request, sentAt, error)) {
        accountStopped.set(true);
      }
      return;
    } catch (RuntimeException broken) {
      checkpoints.reach(Checkpoints.Point.ANSWERED, request.reissueId());
      outcomes.broken(request, sentAt, broken);
      return;
    }
    checkpoints.reach(Checkpoints.Point.ANSWERED, request.reissueId());
    outcomes.succeeded(request, sentAt, response);
  }
}
