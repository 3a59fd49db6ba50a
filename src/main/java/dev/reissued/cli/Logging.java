package dev.reissued.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.reissued.config.LoggingConfig;
import org.slf4j.LoggerFactory;

/** Switches the console log to one JSON object per line when the configuration asks for it. */
final class Logging {
  private Logging() {}

  static void configure(LoggingConfig config) {
    if (config.format() != LoggingConfig.Format.json) {
      return;
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    JsonLineLayout layout = new JsonLineLayout();
    layout.setContext(context);
    layout.start();
    ConsoleAppender<ILoggingEvent> appender = ConsoleLog.toStderr(context, "JSON", layout);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
  }
}
