package dev.reissued.cli;

import dev.reissued.renewal.Decision;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    description = "Every certificate's renewal decision and its reason; changes nothing.")
final class PlanCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(names = "--account", paramLabel = "NAME", description = "only this account")
  String account;

  @Override
  public Integer call() {
    try (Services services = Services.open(config.load())) {
      List<Decision> decisions = new ArrayList<>();
      for (var selected : services.accounts(account)) {
        decisions.addAll(services.engine().plan(selected.name()));
      }
      Map<Decision.Kind, List<Decision>> groups = PlanReport.group(decisions);
      PrintWriter out = spec.commandLine().getOut();
      for (String warning : services.config().warnings()) {
        out.println("warning: " + warning);
      }
      PlanReport.print(out, groups);
    }
    return ExitCode.OK;
  }
}
