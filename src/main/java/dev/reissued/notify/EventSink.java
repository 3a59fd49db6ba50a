package dev.reissued.notify;

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
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventSink.class);
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
