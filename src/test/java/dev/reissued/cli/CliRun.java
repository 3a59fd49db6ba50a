package dev.reissued.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The outcome of one in-process command line: exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(exitCode, out.toString(), err.toString());
  }
}
