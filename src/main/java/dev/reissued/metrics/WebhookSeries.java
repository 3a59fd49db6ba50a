package dev.reissued.metrics;

import dev.reissued.notify.WebhookCounts;
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
  private final WebhookCounts webhooks;

  WebhookSeries(MeterRegistry registry, WebhookCounts webhooks) {
    this.webhooks = webhooks;
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
  public void refresh() {
    List<MultiGauge.Row<?>> waiting = new ArrayList<>();
    for (WebhookCounts.Count count : webhooks.all()) {
      messages.set(Tags.of("webhook", count.webhook(), "status", "sent"), count.sent());
      messages.set(Tags.of("webhook", count.webhook(), "status", "failed"), count.failed());
      waiting.add(MultiGauge.Row.of(Tags.of("webhook", count.webhook()), count.retrying()));
    }
    retrying.register(waiting, true);
  }
}
