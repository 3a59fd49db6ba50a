package dev.reissued.notify;

import dev.reissued.db.Jdbc;
import java.util.List;

/**
 * Webhook messages from the outbox, per webhook: sent, failed for good, and waiting for a retry
 * after a failed attempt (a webhook failing right now).
 */
public final class WebhookCounts {
  private final Jdbc jdbc;

  public WebhookCounts(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public record Count(String webhook, long sent, long failed, long retrying) {}

  public List<Count> all() {
    return jdbc.query(
        """
        SELECT webhook,
               count(*) FILTER (WHERE status = 'sent'),
               count(*) FILTER (WHERE status = 'failed'),
               count(*) FILTER (WHERE status = 'pending' AND last_error IS NOT NULL)
        FROM notification_delivery
        GROUP BY webhook
        """,
        row -> new Count(row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4)));
  }
}
