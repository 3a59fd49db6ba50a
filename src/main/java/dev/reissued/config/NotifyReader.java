package dev.reissued.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Maps {@code notify} to a {@link NotifyConfig} and its webhooks. */
final class NotifyReader {
  private NotifyReader() {}

  static Optional<NotifyConfig> read(ConfigNode node) {
    node.expectObject("webhooks", "warnBefore", "repeatEvery");
    Duration warnBefore =
        node.get("warnBefore").duration().orElse(NotifyConfig.DEFAULT_WARN_BEFORE);
    Duration repeatEvery =
        node.get("repeatEvery").duration().orElse(NotifyConfig.DEFAULT_REPEAT_EVERY);
    List<WebhookConfig> webhooks =
        NamedElements.read(node.get("webhooks"), NotifyReader::webhook, NotifyConfig::nameClashes);
    return node.build(() -> new NotifyConfig(webhooks, warnBefore, repeatEvery));
  }

  private static Optional<WebhookConfig> webhook(ConfigNode node, String name) {
    if (!node.expectObject("name", "kind", "url", "urlFile", "events") && node.isPresent()) {
      return Optional.empty();
    }
    WebhookKind kind = node.get("kind").enumValue(WebhookKind.class).orElse(null);
    Secrets.Read url = Secrets.read(node, "url", "urlFile");
    Set<NotifyEvent> events = events(node.get("events"));
    return node.build(() -> new WebhookConfig(name, kind, url.value(), events), url.keys());
  }

  /** The events listed, or null when the key is absent (every event). */
  private static Set<NotifyEvent> events(ConfigNode node) {
    if (!node.isPresent()) {
      return null;
    }
    Set<NotifyEvent> events = EnumSet.noneOf(NotifyEvent.class);
    for (ConfigNode element : node.elements()) {
      Optional<String> text = element.requiredText();
      if (text.isEmpty()) {
        continue;
      }
      Optional<NotifyEvent> event = NotifyEvent.ofKey(text.get());
      if (event.isPresent()) {
        events.add(event.get());
      } else {
        element.error("'" + text.get() + "' is not an event; use " + NotifyEvent.keys());
      }
    }
    return events;
  }
}
