package dev.reissued.config;

import java.net.URI;
import java.net.URISyntaxException;
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

  /**
   * Why the sender could not post to {@code url}, or empty. Never quotes the URL: it is a secret.
   * Plain http is for a receiver on this machine only, since the URL and the message would cross
   * the network readable.
   */
  static Optional<String> urlProblem(String url) {
    if (url.isBlank()) {
      return Optional.of("must not be empty");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException malformed) {
      return Optional.of("is not a URL (" + malformed.getReason() + ")");
    }
    // Lower case only, as the sender checks it.
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    boolean allowed =
        scheme.equals("https") || scheme.equals("http") && Loopback.isLoopback(uri.getHost());
    if (!allowed) {
      return Optional.of("must be an https:// URL (http:// only for loopback hosts)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("has no host; write it as https://host/path");
    }
    return Optional.empty();
  }
}
