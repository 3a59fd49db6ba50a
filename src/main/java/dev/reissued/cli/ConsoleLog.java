package dev.reissued.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The console log, set up in code as logback's service loader finds it ({@code META-INF/services}):
 * logs to stderr so that stdout stays the command's output, every field and exception message with
 * control characters escaped ({@link EscapedConverter}), since text from the API must not forge log
 * lines or reach a terminal as escape sequences. Read from logback.xml this took 0.2 s of every
 * command's start (logback's XML configurator and what it loads), a fifth of {@code status}'s time
 * to its first line. {@code REISSUED_LOG_LEVEL} sets the level (INFO), and {@code
 * -Dlogback.configurationFile} still replaces all of it.
 */
public final class ConsoleLog extends ContextAwareBase implements Configurator {
  /** The empty {} after %escaped(...) ends its options: without it logback prints %n as text. */
  static final String PATTERN =
      "%escaped(%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg){}%n"
          + "%escapedException";

  /** Libraries that say too much at INFO for a command's stderr. */
  private static final String[] QUIET = {
    "com.zaxxer.hikari", "org.flywaydb", "org.quartz", "io.zonky", "okhttp3"
  };

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.getInstanceConverterMap().put("escaped", EscapedConverter::new);
    layout.getInstanceConverterMap().put("escapedException", EscapedThrowableConverter::new);
    layout.setPattern(PATTERN);
    layout.start();
    ConsoleAppender<ILoggingEvent> appender = toStderr(context, "STDERR", layout);
    for (String name : QUIET) {
      context.getLogger(name).setLevel(Level.WARN);
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getenv("REISSUED_LOG_LEVEL"), Level.INFO));
    root.addAppender(appender);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** A started appender writing {@code layout}'s lines to stderr. */
  static ConsoleAppender<ILoggingEvent> toStderr(
      LoggerContext context, String name, Layout<ILoggingEvent> layout) {
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(name);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
