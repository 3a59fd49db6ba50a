package dev.reissued.cli;

import dev.reissued.Printable;
import dev.reissued.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what escapes a command into one readable line and an exit code: configuration problems are
 * usage errors (2), everything else a runtime failure (1). Stack traces only at DEBUG.
 */
final class ExceptionHandler implements IExecutionExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ExceptionHandler.class);

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    if (exception instanceof ConfigException configException) {
      // One line per problem, by design; each escaped on its own.
      configException
          .getMessage()
          .lines()
          .forEach(line -> commandLine.getErr().println(Printable.escape(line)));
      return ExitCode.USAGE;
    }
    if (exception instanceof CommandLine.ParameterException) {
      commandLine.getErr().println(Printable.escape(exception.getMessage()));
      return ExitCode.USAGE;
    }
    commandLine.getErr().println("reissued: " + describe(exception));
    log.debug("command failed", exception);
    return ExitCode.FAILURE;
  }

  /** The message, escaped: it may quote what the API answered. */
  static String describe(Throwable exception) {
    String message = exception.getMessage();
    return message == null ? exception.getClass().getSimpleName() : Printable.escape(message);
  }
}
