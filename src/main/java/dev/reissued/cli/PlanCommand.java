package dev.reissued.cli;

import dev.reissued.config.AccountConfig;
import dev.reissued.renewal.Decision;
import dev.reissued.renewal.Planner;
import java.io.PrintWriter;
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

  @Mixin AccountOption account;

  @Option(names = "--json", description = "a JSON array of decisions, written as they are made")
  boolean json;

  @Option(names = "--jsonl", description = "one JSON object per decision and line (JSON Lines)")
  boolean jsonl;

  @Option(names = "--due", description = "only what a renew pass would do now")
  boolean due;

  @Override
  public Integer call() {
    try (Services services = Services.openReadOnly(config.load())) {
      Planner planner = services.planner();
      List<AccountConfig> accounts = services.accounts(account.name);
      PrintWriter out = FixedColumns.buffered(spec.commandLine().getOut());
      if (json || jsonl) {
        try (JsonStream stream = JsonStream.on(out, jsonl)) {
          for (AccountConfig selected : accounts) {
            if (due) {
              planner.due(selected.name()).forEach(d -> stream.write(toJson(d)));
            } else {
              planner.each(selected.name(), d -> stream.write(toJson(d)));
            }
          }
        }
        return ExitCode.OK;
      }
      for (String warning : services.config().warnings()) {
        out.println("warning: " + warning);
      }
      new PlanStream(out).print(planner, accounts, due);
    }
    return ExitCode.OK;
  }

  static Map<String, Object> toJson(Decision decision) {
    Map<String, Object> row = new java.util.LinkedHashMap<>();
    row.put("certificate_id", decision.certificate().certificateId());
    row.put("account", decision.certificate().account());
    row.put("domain", decision.certificate().domain());
    row.put("is_free", decision.certificate().free());
    row.put(
        "not_after",
        decision.certificate().notAfter() == null
            ? null
            : decision.certificate().notAfter().toString());
    row.put("decision", decision.kind().name().toLowerCase(java.util.Locale.ROOT));
    row.put("reason", decision.reason());
    if (decision.isDue()) {
      row.put("csr_type", decision.settings().csrType().name());
      row.put("valid_type", decision.settings().validType().name());
      row.put("key", decision.key().toString());
      row.put("attempt", decision.attempt());
    }
    return row;
  }
}
