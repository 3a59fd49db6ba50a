package dev.reissued.cli;

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
    try (Services services = Services.open(config.load())) {
      return account.forEach(
          services,
          spec,
          "renewal",
          "could not run",
          selected -> {
            var result = services.renewal().renew(selected, services.client(selected));
            return "account "
                + selected.name()
                + ": "
                + result.due()
                + " due, "
                + result.claimed()
                + " claimed, "
                + result.sent()
                + " sent";
          });
    }
  }
}
