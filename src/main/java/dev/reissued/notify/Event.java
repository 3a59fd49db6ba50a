package dev.reissued.notify;

import dev.reissued.config.NotifyEvent;
import java.time.Instant;
import java.util.Map;

/**
 * Something an operator should hear about: what happened, to which certificate of which account, a
 * one-line summary, and details for the message (ids, codes, dates — never secrets).
 */
public record Event(
    NotifyEvent type,
    String account,
    String certificateId,
    String domain,
    String summary,
    Map<String, String> details,
    Instant at) {

  public Event {
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
