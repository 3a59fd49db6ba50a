package dev.reissued.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the engine reports events. Implementations must be quick and must not throw: a notification
 * problem never delays or blocks a renewal (delivery happens elsewhere, later).
 */
@FunctionalInterface
public interface EventSink {
  EventSink NONE = event -> {};

  void publish(Event event);

  /** This sink, with anything it throws logged and swallowed. */
  static EventSink guarded(EventSink sink) {
    Logger log = LoggerFactory.getLogger(EventSink.class);
    return event -> {
      try {
        sink.publish(event);
      } catch (RuntimeException failure) {
        log.warn(
            "could not record {} event for certificate {}: {}",
            event.type().key(),
            event.certificateId(),
            failure.getMessage());
      }
    };
  }
}
