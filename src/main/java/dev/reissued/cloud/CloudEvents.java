package dev.reissued.cloud;

import dev.reissued.config.NotifyEvent;
import dev.reissued.notify.Event;
import dev.reissued.notify.EventSink;
import dev.reissued.tencent.CloudCodes;
import dev.reissued.tencent.TencentApiException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the cloud stage tells operators, as events (never secrets: ids, types, errors). */
final class CloudEvents {
  private final EventSink events;
  private final Clock clock;

  CloudEvents(EventSink events, Clock clock) {
    this.events = EventSink.guarded(events);
    this.clock = clock;
  }

  void deployed(Deploy deploy, int resources) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("new_certificate_id", deploy.newCertificateId());
    details.put("resources", String.valueOf(resources));
    details.put("deploy_record_id", String.valueOf(deploy.recordId()));
    events.publish(
        new Event(
            NotifyEvent.CLOUD_DEPLOYED,
            deploy.account(),
            deploy.oldCertificateId(),
            null,
            resources
                + " cloud resource(s) moved from "
                + deploy.oldCertificateId()
                + " to "
                + deploy.newCertificateId(),
            details,
            clock.instant()));
  }

  /** Resources left on the old certificate, each named with its error. */
  void failed(Deploy deploy, List<CloudResources.ResourceRow> left, String why) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("new_certificate_id", deploy.newCertificateId());
    if (deploy.recordId() != null) {
      details.put("deploy_record_id", String.valueOf(deploy.recordId()));
    }
    details.put(
        "resources",
        left.stream()
            .map(
                row ->
                    row.type()
                        + " "
                        + (row.region() == null ? "" : row.region() + " ")
                        + row.instanceId()
                        + (row.listenerId() == null ? "" : "/" + row.listenerId())
                        + (row.errorMsg() == null ? "" : ": " + row.errorMsg()))
            .collect(Collectors.joining("; ")));
    details.put("reason", why);
    events.publish(
        new Event(
            NotifyEvent.CLOUD_DEPLOY_FAILED,
            deploy.account(),
            deploy.oldCertificateId(),
            null,
            (left.isEmpty() ? "cloud resources" : left.size() + " cloud resource(s)")
                + " still on "
                + deploy.oldCertificateId()
                + " instead of "
                + deploy.newCertificateId()
                + ": "
                + why,
            details,
            clock.instant()));
  }

  /** Once per account and notify.repeatEvery (the outbox counts it by account). */
  void roleMissing(String account, TencentApiException refusal) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("code", refusal.code());
    details.put("fix", CloudCodes.SERVICE_ROLE_FIX);
    if (refusal.requestId() != null) {
      details.put("request_id", refusal.requestId());
    }
    events.publish(
        new Event(
            NotifyEvent.CLOUD_ROLE_MISSING,
            account,
            null,
            null,
            "account "
                + account
                + " has not authorised the SSL service role: no cloud resource can be moved to a"
                + " renewed certificate until it is",
            details,
            clock.instant()));
  }
}
