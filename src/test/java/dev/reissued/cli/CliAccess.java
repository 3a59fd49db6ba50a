package dev.reissued.cli;

/** Runs the CLI in-process from tests in other packages. */
public final class CliAccess {
  private CliAccess() {}

  public record Result(int exitCode, String out, String err) {}

  public static Result run(String... args) {
    CliRun run = CliRun.of(args);
    return new Result(run.exitCode(), run.out(), run.err());
  }
}
