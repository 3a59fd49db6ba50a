package dev.reissued.cli;

import dev.reissued.Printable;
import dev.reissued.tencent.TencentApiException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "renew",
    description = {
      "Reconcile unknown outcomes, then run one renewal pass, then exit.",
      "Exit 0 when the pass ran (individual failures are recorded in v_reissues), 1 when it could not run."
    })
final class RenewCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(
      names = "--once",
      required = true,
      description = "run one pass and exit (the daemon is 'reissued run')")
  boolean once;

  @Mixin AccountOption account;

  @Override
  public Integer call() {
    int exitCode = ExitCode.OK;
    try (Services services = Services.open(config.load())) {
      for (var selected : services.accounts(account.name)) {
        try {
          var result = services.renewal().renew(selected, services.client(selected));
          spec.commandLine()
              .getOut()
              .println(
                  "account "
                      + selected.name()
                      + ": "
                      + result.due()
                      + " due, "
                      + result.claimed()
                      + " claimed, "
                      + result.sent()
                      + " sent");
        } catch (TencentApiException failure) {
          spec.commandLine()
              .getErr()
              .println(
                  "reissued: renewal of account "
                      + selected.name()
                      + " could not run: "
                      + Printable.escape(failure.getMessage()));
          exitCode = ExitCode.FAILURE;
        }
      }
    }
    return exitCode;
  }
}
