package dev.reissued.config;

import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** One webhook: where (the URL is a secret: it usually embeds a token) and which events. */
public record WebhookConfig(String name, WebhookKind kind, Secret url, Set<NotifyEvent> events) {
  /** A webhook that lists no events gets every one. */
  public static final Set<NotifyEvent> DEFAULT_EVENTS =
      Set.copyOf(EnumSet.allOf(NotifyEvent.class));

  public WebhookConfig {
    Complaints complaints = new Complaints();
    complaints.text("name", name);
    complaints.present("kind", kind, "is required: one of " + WebhookKind.allowed());
    if (complaints.present("url", url, "is required (or give urlFile)")) {
      urlProblem(url.reveal()).ifPresent(problem -> complaints.add("url", problem));
    }
    events = events == null ? DEFAULT_EVENTS : Set.copyOf(events);
    complaints.throwIfAny(WebhookConfig.class);
  }

  public boolean wants(NotifyEvent event) {
    return events.contains(event);
  }

  /** Why {@code url} is not allowed, or empty. Never quotes the URL: it is a secret. */
  static Optional<String> urlProblem(String url) {
    if (url.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (!url.startsWith("https://")
        && !(url.startsWith("http://") && Loopback.isLoopback(hostOf(url)))) {
      return Optional.of("must be an https:// URL (http:// only for loopback hosts)");
    }
    return Optional.empty();
  }

  private static String hostOf(String url) {
    try {
      String host = URI.create(url).getHost();
      return host == null ? "" : host;
    } catch (IllegalArgumentException malformed) {
      return "";
    }
  }
}
