package dev.reissued.cli;

import dev.reissued.config.AccountConfig;
import dev.reissued.renewal.Decision;
import dev.reissued.renewal.Planner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code plan} for a reader, written as it is decided. What needs doing comes first and is small:
 * the due certificates (read from the due window) and those needing attention. The rest — later and
 * not eligible, the bulk of a large inventory — follows in expiry order as each chunk is decided,
 * with the decision in a column, so the first lines appear at once whatever the size of the account
 * and memory holds one chunk.
 */
final class PlanStream {
  /** Wide enough for most domains and reasons; a longer cell pushes its row out, nothing more. */
  private static final int[] WIDTHS = {35, 11, 11, 6, 14};

  private final PrintWriter out;
  private final FixedColumns table;

  PlanStream(PrintWriter out) {
    this.out = out;
    this.table = new FixedColumns(out, WIDTHS);
  }

  void print(Planner planner, List<AccountConfig> accounts, boolean dueOnly) {
    List<Decision> due = new ArrayList<>();
    accounts.forEach(account -> due.addAll(planner.due(account.name())));
    if (dueOnly) {
      PlanReport.print(out, PlanReport.group(due));
      return;
    }
    PlanReport.printGroup(out, "Due now", due);
    List<Decision> attention = new ArrayList<>();
    accounts.forEach(account -> attention.addAll(planner.attention(account.name())));
    PlanReport.printGroup(out, "Needs attention (outcome unknown or in progress)", attention);
    int[] counts = new int[Decision.Kind.values().length];
    out.println("Later and not eligible, soonest expiry first:");
    table.row("  DOMAIN", "ID", "ACCOUNT", "FREE", "DECISION", "REASON");
    for (AccountConfig account : accounts) {
      planner.each(
          account.name(),
          decision -> {
            counts[decision.kind().ordinal()]++;
            switch (decision.kind()) {
              case LATER, NOT_ELIGIBLE ->
                  table.row(
                      "  " + decision.certificate().domain(),
                      decision.certificate().certificateId(),
                      decision.certificate().account(),
                      decision.certificate().free() ? "free" : "paid",
                      decision.kind() == Decision.Kind.LATER ? "later" : "not eligible",
                      decision.reason());
              case DUE, ATTENTION -> {}
            }
          });
    }
    out.println(
        "  ("
            + counts[Decision.Kind.LATER.ordinal()]
            + " later, "
            + counts[Decision.Kind.NOT_ELIGIBLE.ordinal()]
            + " not eligible)");
    out.println();
    int total = 0;
    for (int count : counts) {
      total += count;
    }
    if (total == 0) {
      out.println("no certificates in the inventory; run: reissued sync");
    }
    out.flush();
  }
}
