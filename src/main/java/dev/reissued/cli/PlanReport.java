package dev.reissued.cli;

import dev.reissued.renewal.Decision;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Decisions grouped for a reader: due now, needing attention, later, not eligible. */
final class PlanReport {
  private PlanReport() {}

  static Map<Decision.Kind, List<Decision>> group(List<Decision> decisions) {
    Map<Decision.Kind, List<Decision>> groups = new EnumMap<>(Decision.Kind.class);
    for (Decision decision : decisions) {
      groups.computeIfAbsent(decision.kind(), kind -> new ArrayList<>()).add(decision);
    }
    return groups;
  }

  static void print(PrintWriter out, Map<Decision.Kind, List<Decision>> groups) {
    print(out, "Due now", groups.get(Decision.Kind.DUE));
    print(
        out,
        "Needs attention (outcome unknown or in progress)",
        groups.get(Decision.Kind.ATTENTION));
    print(out, "Later", groups.get(Decision.Kind.LATER));
    print(out, "Not eligible", groups.get(Decision.Kind.NOT_ELIGIBLE));
    if (groups.isEmpty()) {
      out.println("no certificates in the inventory; run: reissued sync");
    }
    out.flush();
  }

  static void printGroup(PrintWriter out, String title, List<Decision> decisions) {
    print(out, title, decisions);
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
