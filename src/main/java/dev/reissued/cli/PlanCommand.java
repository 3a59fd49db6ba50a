package dev.reissued.cli;

import dev.reissued.renewal.Decision;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
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
      Map<Decision.Kind, List<Decision>> groups = new EnumMap<>(Decision.Kind.class);
      for (var selected : services.accounts(account)) {
        for (Decision decision : services.engine().plan(selected.name())) {
          groups.computeIfAbsent(decision.kind(), kind -> new ArrayList<>()).add(decision);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      for (String warning : services.config().warnings()) {
        out.println("warning: " + warning);
      }
      print(out, "Due now", groups.get(Decision.Kind.DUE));
      print(out, "Needs attention (outcome unknown or in progress)", groups.get(Decision.Kind.ATTENTION));
      print(out, "Later", groups.get(Decision.Kind.LATER));
      print(out, "Not eligible", groups.get(Decision.Kind.NOT_ELIGIBLE));
      if (groups.isEmpty()) {
        out.println("no certificates in the inventory; run: reissued sync");
      }
    }
    return ExitCode.OK;
  }

  private static void print(PrintWriter out, String title, List<Decision> decisions) {
    if (decisions == null || decisions.isEmpty()) {
      return;
    }
    out.println(title + " (" + decisions.size() + "):");
    TextTable table = new TextTable("  DOMAIN", "ID", "ACCOUNT", "FREE", "REASON");
    for (Decision decision : decisions) {
      table.row(
          "  " + decision.certificate().domain(),
          decision.certificate().certificateId(),
          decision.certificate().account(),
          decision.certificate().free() ? "free" : "paid",
          decision.reason());
    }
    table.print(out);
    out.println();
  }
}
