package dev.reissued.renewal;

import dev.reissued.config.RetryPolicy;
import dev.reissued.inventory.Inventory;
import dev.reissued.notify.EventSink;
import dev.reissued.tencent.ErrorClass;
import dev.reissued.tencent.TencentApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what ReplaceCertificate answered onto the row, per the API's error table: an answer with a
 * new id is {@code succeeded}; an answered error is {@code failed}, retryable with backoff or
 * terminal; no answer is {@code unknown}, for reconciliation. {@link OutcomeWriter} puts each
 * outcome on its row through a short database outage; {@link OutcomeEvents} tells notify.
 */
final class OutcomeRecorder {
  private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

  private final Transitions transitions;
  private final Inventory inventory;
  private final RetryPolicy retry;
  private final Clock clock;
  private final OutcomeWriter writer;
  private final OutcomeEvents outcomeEvents;

  OutcomeRecorder(
      Ledger ledger,
      Transitions transitions,
      Inventory inventory,
      RetryPolicy retry,
      Clock clock,
      EventSink events) {
    this.transitions = transitions;
    this.inventory = inventory;
    this.retry = retry;
    this.clock = clock;
    this.writer = new OutcomeWriter(ledger);
    this.outcomeEvents = new OutcomeEvents(ledger, events);
  }

  void succeeded(PreparedRequest request, Instant sentAt, PreparedRequest.Answer response) {
    Instant now = clock.instant();
    writer.answer(
        request,
        sentAt,
        "succeeded as " + response.certificateId(),
        from ->
            transitions.succeed(
                from, response.certificateId(), response.requestId(), SettledBy.API, now));
    boolean apply = request.decision().action() == Action.APPLY;
    log.atInfo()
        .addKeyValue("event", apply ? "apply_succeeded" : "reissue_succeeded")
        .addKeyValue("request_id", response.requestId())
        .addKeyValue("new_certificate_id", response.certificateId())
        .log(
            apply
                ? "applied for a new free certificate renewing {} ({}): {} [row {}, RequestId {}]"
                : "re-issued certificate {} ({}) as {} [row {}, RequestId {}]",
            request.decision().certificate().certificateId(),
            request.decision().certificate().domain(),
            response.certificateId(),
            request.reissueId(),
            response.requestId());
    outcomeEvents.succeeded(request, response, now);
  }

  /** Records an error answer or a lost one; returns true when the whole account should stop. */
  boolean failed(PreparedRequest request, Instant sentAt, TencentApiException error) {
    Instant now = clock.instant();
    long id = request.reissueId();
    String certificateId = request.decision().certificate().certificateId();
    int attempt = request.decision().attempt();
    switch (error.errorClass()) {
      case OUTCOME_UNKNOWN -> {
        writer.write(
            request,
            "unknown",
            () ->
                transitions.unknown(
                    Observed.sent(id, sentAt),
                    error.code(),
                    error.getMessage(),
                    error.requestId()));
        log.atWarn()
            .addKeyValue("event", "reissue_unknown")
            .addKeyValue("code", error.code())
            .log(
                "re-issue of certificate {} [row {}]: no answer ({}); it may have happened, so it is never re-sent:"
                    + " reconciliation will read the API",
                certificateId,
                id,
                error.code());
        return false;
      }
      case RETRYABLE, NOT_SENT, SKIP -> {
        // A request that never left, or that the API refused for its rate limit, uses up no attempt
        // (see RenewalPolicy): it may always be tried again.
        boolean free =
            error.errorClass() == ErrorClass.NOT_SENT || ErrorClass.isRateLimit(error.code());
        boolean again = free || attempt < retry.maxAttempts();
        Duration backoff = free ? retry.initialBackoff() : retry.backoffAfter(attempt);
        Instant next = now.plus(backoff);
        recordFailure(request, sentAt, error, error.getMessage(), again, next, now);
        log.atInfo()
            .addKeyValue("event", "reissue_failed")
            .addKeyValue("code", error.code())
            .addKeyValue("request_id", error.requestId())
            .log(
                "re-issue of certificate {} [row {}] failed with {} (attempt {} of {}); {}",
                certificateId,
                id,
                error.code(),
                attempt,
                retry.maxAttempts(),
                again ? "next attempt after " + next : "no attempts left");
        if (!again) {
          outcomeEvents.gaveUp(request, error, attempt, now);
        }
        return false;
      }
      case ACCOUNT -> {
        recordFailure(
            request,
            sentAt,
            error,
            error.getMessage(),
            true,
            now.plus(retry.initialBackoff()),
            now);
        log.error(
            "account {} was refused ({}): its credentials or permissions need fixing; stopping its re-issues [{}]",
            error.account(),
            error.code(),
            error.getMessage());
        outcomeEvents.accountRefused(request, error, now);
        return true;
      }
      case GONE -> {
        recordFailure(request, sentAt, error, "certificate no longer exists", false, null, now);
        inventory.markGone(certificateId, now);
        log.info("certificate {} no longer exists; marked gone [row {}]", certificateId, id);
        return false;
      }
      default -> {
        String message =
            error.quotaUsed()
                ? "free re-issue already used: " + error.getMessage()
                : error.getMessage();
        recordFailure(request, sentAt, error, message, false, null, now);
        log.atError()
            .addKeyValue("event", "reissue_failed_terminally")
            .addKeyValue("code", error.code())
            .addKeyValue("request_id", error.requestId())
            .log(
                "re-issue of certificate {} ({}) failed terminally with {} [row {}]: {}",
                certificateId,
                request.decision().certificate().domain(),
                error.code(),
                id,
                error.getMessage());
        if (ErrorClass.isQuota(error.code())) {
          outcomeEvents.quotaExhausted(request, error, now);
        } else {
          outcomeEvents.failedTerminally(request, error, message, now);
        }
        return false;
      }
    }
  }

  /**
   * Something other than the API went wrong after sending: the request may have left, so unknown.
   */
  void broken(PreparedRequest request, Instant sentAt, RuntimeException failure) {
    writer.write(
        request,
        "unknown",
        () ->
            transitions.unknown(
                Observed.sent(request.reissueId(), sentAt),
                "reissued.ClientError",
                String.valueOf(failure.getMessage()),
                null));
    log.warn(
        "re-issue of certificate {} [row {}] ended in an unexpected error; treated as unknown: {}",
        request.decision().certificate().certificateId(),
        request.reissueId(),
        failure.toString());
  }

  /** The request was prepared but will not be sent (the pass is stopping). */
  void released(PreparedRequest request, String why) {
    Instant now = clock.instant();
    writer.write(
        request,
        "released",
        () ->
            transitions.fail(
                new Observed(request.reissueId(), ReissueState.REQUESTED, null),
                Failure.retryable(Reconciler.NOT_SENT, "not sent: " + why, null, now),
                SettledBy.PASS,
                now));
  }

  /** The API answered with an error: the row is failed with its code and the RequestId. */
  private void recordFailure(
      PreparedRequest request,
      Instant sentAt,
      TencentApiException error,
      String message,
      boolean retryable,
      Instant nextAttemptAt,
      Instant now) {
    writer.answer(
        request,
        sentAt,
        "failed",
        from ->
            transitions.fail(
                from,
                new Failure(error.code(), message, error.requestId(), retryable, nextAttemptAt),
                SettledBy.API,
                now));
  }
}
