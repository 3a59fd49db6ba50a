package dev.reissued.notify;

import dev.reissued.config.NotifyConfig;
import dev.reissued.config.NotifyEvent;
import dev.reissued.config.Secret;
import dev.reissued.config.WebhookConfig;
import dev.reissued.config.WebhookKind;
import dev.reissued.db.Jdbc;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** What the notification tables hold, read through the operators' view; and test configurations. */
public final class WebhookMessageRows {
  private WebhookMessageRows() {}

  public record Row(
      long id,
      String eventType,
      String account,
      String certificateId,
      String domain,
      String summary,
      String webhook,
      String status,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      Instant sentAt) {}

  public static List<Row> all(Jdbc jdbc) {
    return jdbc.query(
        "SELECT * FROM v_notifications ORDER BY id",
        row ->
            new Row(
                row.getLong("id"),
                row.getString("event_type"),
                row.getString("account"),
                row.getString("certificate_id"),
                row.getString("domain"),
                row.getString("summary"),
                row.getString("webhook"),
                row.getString("status"),
                row.getInt("attempts"),
                Jdbc.instant(row, "next_attempt_at"),
                row.getString("last_error"),
                Jdbc.instant(row, "sent_at")));
  }

  public static Row only(Jdbc jdbc) {
    List<Row> rows = all(jdbc);
    if (rows.size() != 1) {
      throw new AssertionError("expected one delivery, got " + rows);
    }
    return rows.get(0);
  }

  public static WebhookConfig webhook(
      String name, WebhookKind kind, String url, NotifyEvent... events) {
    return new WebhookConfig(
        name,
        kind,
        Secret.of(url),
        events.length == 0 ? EnumSet.allOf(NotifyEvent.class) : EnumSet.of(events[0], events));
  }

  public static NotifyConfig config(WebhookConfig... webhooks) {
    return new NotifyConfig(List.of(webhooks), Duration.ofDays(14), Duration.ofHours(24));
  }

  public static Event event(NotifyEvent type, String certificateId, Instant at) {
    return new Event(
        type,
        "main",
        certificateId,
        certificateId == null ? null : certificateId.toLowerCase() + ".example.com",
        "re-issue of " + certificateId + " failed: FailedOperation.CertificateInvalid",
        Map.of("code", "FailedOperation.CertificateInvalid", "reissue_id", "7"),
        at);
  }
}
