package dev.reissued.renewal;

import dev.reissued.config.NotifyEvent;
import dev.reissued.notify.Event;
import dev.reissued.notify.EventSink;
import dev.reissued.tencent.TencentApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events an outcome raises for notify: a renewal that succeeded, one that failed or gave up, an
 * account refused, and the free certificate quota used up.
 */
final class OutcomeEvents {
  private final Ledger ledger;
  private final EventSink events;

  OutcomeEvents(Ledger ledger, EventSink events) {
    this.ledger = ledger;
    this.events = events;
  }

  void succeeded(PreparedRequest request, PreparedRequest.Answer response, Instant now) {
    boolean apply = request.decision().action() == Action.APPLY;
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

  void gaveUp(PreparedRequest request, TencentApiException error, int attempt, Instant now) {
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

  void accountRefused(PreparedRequest request, TencentApiException error, Instant now) {
    publish(
        NotifyEvent.ACCOUNT_REFUSED,
        request,
        "account " + error.account() + " was refused: " + error.code(),
        Map.of("code", error.code()),
        now);
  }

  void failedTerminally(
      PreparedRequest request, TencentApiException error, String message, Instant now) {
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

  /**
   * The free certificate quota is used up: one event for the account (the outbox keeps it to one
   * per notify.repeatEvery), with what the ledger knows, since Tencent publishes no numbers.
   */
  void quotaExhausted(PreparedRequest request, TencentApiException error, Instant now) {
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
}
