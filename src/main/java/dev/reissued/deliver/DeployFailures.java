package dev.reissued.deliver;

import dev.reissued.config.NotifyEvent;
import dev.reissued.notify.Event;
import dev.reissued.notify.EventSink;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reports a delivery step that failed as {@link NotifyEvent#DEPLOY_FAILED}. */
final class DeployFailures {
  private final EventSink events;

  DeployFailures(EventSink events) {
    this.events = events;
  }

  /** "certificate X for D cannot be {@code what}: {@code reason}". */
  void cannotBe(
      String what, DeliveryLedger.Row row, String reason, Map<String, String> extra, Instant now) {
    publish(
        row,
        "certificate "
            + row.certificateId()
            + " for "
            + row.domain()
            + " cannot be "
            + what
            + ": "
            + reason,
        extra,
        now);
  }

  void publish(DeliveryLedger.Row row, String summary, Map<String, String> extra, Instant now) {
    Map<String, String> details = new LinkedHashMap<>(extra);
    details.put("old_certificate_id", row.oldCertificateId());
    details.put("reissue_id", String.valueOf(row.reissueId()));
    events.publish(
        new Event(
            NotifyEvent.DEPLOY_FAILED,
            row.account(),
            row.certificateId(),
            row.domain(),
            summary,
            details,
            now));
  }
}
