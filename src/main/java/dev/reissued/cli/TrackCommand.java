package dev.reissued.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "track",
    description =
        "Follow re-issued certificates until issued, then deliver and deploy them (one pass).")
final class TrackCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Mixin AccountOption account;

  @Override
  public Integer call() {
    try (Services services = Services.open(config.load())) {
      for (var selected : services.accounts(account.name)) {
        Services.Tracked result = services.track(selected);
        spec.commandLine()
            .getOut()
            .println("account " + selected.name() + ": " + result.describe());
      }
    }
    return ExitCode.OK;
  }
}
