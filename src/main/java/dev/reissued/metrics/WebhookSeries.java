package dev.reissued.metrics;

import dev.reissued.db.Jdbc;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * Webhook messages from the outbox: how many each webhook took or gave up on, and how many are
 * waiting for a retry after a failed attempt (a webhook failing right now).
 */
final class WebhookSeries implements DatabaseSeries {
  private final TallyCounters messages;
  private final MultiGauge retrying;

  WebhookSeries(MeterRegistry registry) {
    messages =
        new TallyCounters(
            registry,
            "reissued_webhook_messages",
            "Webhook messages by final status: sent, or failed (given up after every attempt)");
    retrying =
        MultiGauge.builder("reissued_webhook_messages_retrying")
            .description("Webhook messages whose last attempt failed and that wait for a retry")
            .register(registry);
  }

  @Override
  public void refresh(Jdbc jdbc) {
    List<MultiGauge.Row<?>> waiting = new ArrayList<>();
    jdbc.query(
        """
        SELECT webhook,
               count(*) FILTER (WHERE status = 'sent'),
               count(*) FILTER (WHERE status = 'failed'),
               count(*) FILTER (WHERE status = 'pending' AND last_error IS NOT NULL)
        FROM notification_delivery
        GROUP BY webhook
        """,
        row -> {
          String webhook = row.getString(1);
          messages.set(Tags.of("webhook", webhook, "status", "sent"), row.getLong(2));
          messages.set(Tags.of("webhook", webhook, "status", "failed"), row.getLong(3));
          waiting.add(MultiGauge.Row.of(Tags.of("webhook", webhook), row.getLong(4)));
          return null;
        });
    retrying.register(waiting, true);
  }
}
