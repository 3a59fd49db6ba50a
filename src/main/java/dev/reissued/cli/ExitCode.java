package dev.reissued.cli;

/** The exit codes every command keeps to. */
public final class ExitCode {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  private ExitCode() {}
}
