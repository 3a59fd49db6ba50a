package dev.reissued.config;

import java.time.Duration;
import java.util.List;

/** Notifications: the webhooks, how early to warn, and how often an event may repeat. */
public record NotifyConfig(
    List<WebhookConfig> webhooks, Duration warnBefore, Duration repeatEvery) {
  public static final DurationRange WARN_BEFORE =
      new DurationRange(Duration.ofHours(1), Duration.ofDays(365));
  public static final DurationRange REPEAT_EVERY =
      new DurationRange(Duration.ofMinutes(1), Duration.ofDays(30));

  public static final Duration DEFAULT_WARN_BEFORE = Duration.ofDays(14);
  public static final Duration DEFAULT_REPEAT_EVERY = Duration.ofHours(24);
  public static final NotifyConfig NONE =
      new NotifyConfig(List.of(), DEFAULT_WARN_BEFORE, DEFAULT_REPEAT_EVERY);

  public NotifyConfig {
    Complaints complaints = new Complaints();
    if (complaints.present("webhooks", webhooks)) {
      webhooks = List.copyOf(webhooks);
      complaints.addAll(
          "webhooks", nameClashes(webhooks.stream().map(WebhookConfig::name).toList()));
    }
    complaints.within("warnBefore", warnBefore, WARN_BEFORE);
    complaints.within("repeatEvery", repeatEvery, REPEAT_EVERY);
    complaints.throwIfAny(NotifyConfig.class);
  }

  /**
   * Webhooks are named in logs, metrics and the outbox, so a name must say which one: the entries
   * ({@code [1].name}) that repeat an earlier one.
   */
  static List<ConfigException.Complaint> nameClashes(List<String> names) {
    return Complaints.nameClashes(names, "webhook");
  }
}
