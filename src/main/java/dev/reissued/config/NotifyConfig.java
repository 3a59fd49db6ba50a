package dev.reissued.config;

import java.time.Duration;
import java.util.List;

/** Notifications: the webhooks, how early to warn, and how often an event may repeat. */
public record NotifyConfig(
    List<WebhookConfig> webhooks, Duration warnBefore, Duration repeatEvery) {
  public static final NotifyConfig NONE =
      new NotifyConfig(List.of(), Duration.ofDays(14), Duration.ofHours(24));

  public NotifyConfig {
    webhooks = List.copyOf(webhooks);
  }
}
