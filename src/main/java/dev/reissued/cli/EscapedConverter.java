package dev.reissued.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;
import dev.reissued.Printable;

/**
 * {@code %escaped(...)} in the console log's pattern ({@link ConsoleLog}): whatever the enclosed
 * pattern renders (message, thread, every field) with control characters escaped ({@link
 * Printable}), so a domain name from the API holding a newline cannot forge a log line nor an ESC
 * sequence reach the terminal of whoever reads the journal.
 */
public final class EscapedConverter extends CompositeConverter<ILoggingEvent> {
  @Override
  protected String transform(ILoggingEvent event, String rendered) {
    return Printable.escape(rendered);
  }
}
