package dev.reissued.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the runnable jar. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line and returns its exit code; tests call this instead of main. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = commandLine();
    commandLine.setOut(out);
    commandLine.setErr(err);
    try {
      return commandLine.execute(args);
    } finally {
      // An auto-flush PrintWriter flushes on println only; whatever a command wrote with print
      // would be lost to System.exit.
      out.flush();
      err.flush();
    }
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new ReissuedCommand());
    commandLine.setExecutionExceptionHandler(new ExceptionHandler());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }
}
