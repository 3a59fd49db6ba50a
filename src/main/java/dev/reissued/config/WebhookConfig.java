package dev.reissued.config;

import java.util.Set;

/** One webhook: where (the URL is a secret: it usually embeds a token) and which events. */
public record WebhookConfig(String name, WebhookKind kind, Secret url, Set<NotifyEvent> events) {
  public WebhookConfig {
    events = Set.copyOf(events);
  }

  public boolean wants(NotifyEvent event) {
    return events.contains(event);
  }
}
