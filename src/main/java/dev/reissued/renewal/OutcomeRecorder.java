package dev.reissued.renewal;

import dev.reissued.config.NotifyEvent;
import dev.reissued.config.RetryPolicy;
import dev.reissued.db.DatabaseException;
import dev.reissued.inventory.Inventory;
import dev.reissued.notify.Event;
import dev.reissued.notify.EventSink;
import dev.reissued.tencent.ErrorClass;
import dev.reissued.tencent.TencentApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what ReplaceCertificate answered onto the row, per the API's error table: an answer with a
 * new id is {@code succeeded}; an answered error is {@code failed}, retryable with backoff or
 * terminal; no answer is {@code unknown}, for reconciliation. A database that is down while the
 * outcome is written is retried briefly; if it stays down, the outcome goes to the log at ERROR so
 * that nothing the API said is lost, and reconciliation settles the row later.
 */
final class OutcomeRecorder {
  private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);
  private static final int WRITE_ATTEMPTS = 5;

  private final Ledger ledger;
  private final Transitions transitions;
  private final Inventory inventory;
  private final RetryPolicy retry;
  private final Clock clock;
  private final EventSink events;

  OutcomeRecorder(
      Ledger ledger,
      Transitions transitions,
      Inventory inventory,
      RetryPolicy retry,
      Clock clock,
      EventSink events) {
    this.ledger = ledger;
    this.transitions = transitions;
    this.inventory = inventory;
    this.retry = retry;
    this.clock = clock;
    this.events = events;
  }

  private void publish(
      NotifyEvent type,
      PreparedRequest request,
      String summary,
      Map<String, String> details,
      Instant now) {
    var certificate = request.decision().certificate();
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("reissue_id", String.valueOf(request.reissueId()));
    events.publish(
        new Event(
            type,
            certificate.account(),
            certificate.certificateId(),
            certificate.domain(),
            summary,
            all,
            now));
  }

  void succeeded(PreparedRequest request, Instant sentAt, PreparedRequest.Answer response) {
    Instant now = clock.instant();
    writeAnswer(
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
    publish(
        NotifyEvent.REISSUE_SUCCEEDED,
        request,
        (apply ? "renewed " : "re-issued ")
            + request.decision().certificate().domain()
            + (apply ? " with a new free certificate, " : " as ")
            + response.certificateId(),
        Map.of(
            "new_certificate_id",
            response.certificateId(),
            "request_id",
            String.valueOf(response.requestId()),
            "kind",
            request.decision().action().sql()),
        now);
  }

  /** Records an error answer or a lost one; returns true when the whole account should stop. */
  boolean failed(PreparedRequest request, Instant sentAt, TencentApiException error) {
    Instant now = clock.instant();
    long id = request.reissueId();
    String certificateId = request.decision().certificate().certificateId();
    int attempt = request.decision().attempt();
    switch (error.errorClass()) {
      case OUTCOME_UNKNOWN -> {
        write(
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
          publish(
              NotifyEvent.REISSUE_FAILED,
              request,
              "re-issue of "
                  + request.decision().certificate().domain()
                  + " gave up after "
                  + attempt
                  + " attempts: "
                  + error.code(),
              Map.of("code", error.code()),
              now);
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
        publish(
            NotifyEvent.ACCOUNT_REFUSED,
            request,
            "account " + error.account() + " was refused: " + error.code(),
            Map.of("code", error.code()),
            now);
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
          quotaExhausted(request, error, now);
        } else {
          publish(
              NotifyEvent.REISSUE_FAILED,
              request,
              (request.decision().action() == Action.APPLY ? "apply for " : "re-issue of ")
                  + request.decision().certificate().domain()
                  + " failed: "
                  + error.code(),
              Map.of("code", error.code(), "message", message),
              now);
        }
        return false;
      }
    }
  }

  /**
   * The free certificate quota is used up: one event for the account (the outbox keeps it to one
   * per notify.repeatEvery), with what the ledger knows, since Tencent publishes no numbers.
   */
  private void quotaExhausted(PreparedRequest request, TencentApiException error, Instant now) {
    String account = request.decision().certificate().account();
    Ledger.QuotaCounts counts = ledger.quotaCounts(account, now.minus(Duration.ofDays(90)));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("code", error.code());
    details.put("reissue_id", String.valueOf(request.reissueId()));
    details.put("applies_last_90_days", String.valueOf(counts.appliedRecently()));
    details.put("renewals_refused", String.valueOf(counts.refused()));
    events.publish(
        new Event(
            NotifyEvent.QUOTA_EXHAUSTED,
            account,
            null,
            null,
            "account "
                + account
                + ": Tencent refused a new free certificate for "
                + request.decision().certificate().domain()
                + " ("
                + error.code()
                + "); "
                + counts.appliedRecently()
                + " applied in the last 90 days, "
                + counts.refused()
                + " renewal(s) refused for quota: free quota in the console or buy certificates",
            details,
            now));
  }

  /**
   * Something other than the API went wrong after sending: the request may have left, so unknown.
   */
  void broken(PreparedRequest request, Instant sentAt, RuntimeException failure) {
    write(
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
    write(
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
    writeAnswer(
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

  /**
   * Writes what the API answered. The answer is the best evidence there is, so it settles the row
   * whether it is still requested or was made unknown meanwhile (reconciliation on another node
   * took this process for dead): each try is a compare-and-set on the state read just before.
   */
  private void writeAnswer(
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

  private void write(PreparedRequest request, String outcome, BooleanSupplier update) {
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
