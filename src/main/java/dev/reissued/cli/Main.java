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
    PrintWriter safeOut = new PrintWriter(new TerminalSafeWriter(out), true);
    PrintWriter safeErr = new PrintWriter(new TerminalSafeWriter(err), true);
    commandLine.setOut(safeOut);
    commandLine.setErr(safeErr);
    try {
      return commandLine.execute(args);
    } finally {
      // An auto-flush PrintWriter flushes on println only; whatever a command wrote with print
      // would be lost to System.exit.
      safeOut.flush();
      safeErr.flush();
    }
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new ReissuedCommand());
    commandLine.setExecutionExceptionHandler(new ExceptionHandler());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // Plain help text: ANSI styles are escape sequences, which the output writers would escape.
    commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    return commandLine;
  }
}
