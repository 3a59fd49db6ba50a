package dev.reissued.cli;

import dev.reissued.config.ConfigPrinter;
import dev.reissued.config.ReissuedConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "check-config",
    description =
        "Validate the configuration and print it with defaults filled in and secrets masked.")
final class CheckConfigCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ReissuedConfig loaded = config.load();
    PrintWriter out = spec.commandLine().getOut();
    out.print(ConfigPrinter.toYaml(loaded));
    out.flush();
    for (String warning : loaded.warnings()) {
      spec.commandLine().getErr().println("warning: " + warning);
    }
    spec.commandLine().getErr().println("configuration " + config.path() + " is valid");
    return ExitCode.OK;
  }
}
