package dev.reissued.cli;

import dev.reissued.Printable;
import dev.reissued.config.AccountConfig;
import dev.reissued.tencent.TencentApiException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The {@code --account} option of the commands that work account by account. */
final class AccountOption {
  @Option(names = "--account", paramLabel = "NAME", description = "only this account")
  String name;

  /** One account's work; what it returns is printed as its line. */
  @FunctionalInterface
  interface Work {
    Object run(AccountConfig account);
  }

  /**
   * Runs {@code work} for each selected account. An account the API refuses is reported on standard
   * error ("reissued: {@code what} of account A {@code consequence}: why") and makes the exit code
   * 1; the other accounts still run.
   */
  int forEach(Services services, CommandSpec spec, String what, String consequence, Work work) {
    int exitCode = ExitCode.OK;
    for (AccountConfig selected : services.accounts(name)) {
      try {
        spec.commandLine().getOut().println(work.run(selected));
      } catch (TencentApiException failure) {
        spec.commandLine()
            .getErr()
            .println(
                "reissued: "
                    + what
                    + " of account "
                    + selected.name()
                    + " "
                    + consequence
                    + ": "
                    + Printable.escape(failure.getMessage()));
        exitCode = ExitCode.FAILURE;
      }
    }
    return exitCode;
  }
}
