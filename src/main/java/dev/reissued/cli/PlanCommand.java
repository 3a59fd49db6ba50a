package dev.reissued.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.reissued.config.AccountConfig;
import dev.reissued.renewal.Decision;
import dev.reissued.renewal.Planner;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
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

  static Element toJson(Decision decision) {
    boolean due = decision.isDue();
    return new Element(
        decision.certificate().certificateId(),
        decision.certificate().account(),
        decision.certificate().domain(),
        decision.certificate().free(),
        decision.certificate().notAfter() == null
            ? null
            : decision.certificate().notAfter().toString(),
        decision.kind().name().toLowerCase(Locale.ROOT),
        decision.reason(),
        due ? decision.settings().csrType().name() : null,
        due ? decision.settings().validType().name() : null,
        due ? decision.key().toString() : null,
        due ? decision.attempt() : null);
  }

  /**
   * One element of {@code plan --json}; what a re-issue would send only for a due certificate. A
   * record, not a map, as {@link StatusCommand.Element} says why.
   */
  @JsonPropertyOrder({
    "certificate_id",
    "account",
    "domain",
    "is_free",
    "not_after",
    "decision",
    "reason",
    "csr_type",
    "valid_type",
    "key",
    "attempt"
  })
  record Element(
      @JsonProperty("certificate_id") String certificateId,
      @JsonProperty("account") String account,
      @JsonProperty("domain") String domain,
      @JsonProperty("is_free") boolean free,
      @JsonProperty("not_after") String notAfter,
      @JsonProperty("decision") String decision,
      @JsonProperty("reason") String reason,
      @JsonProperty("csr_type") @JsonInclude(JsonInclude.Include.NON_NULL) String csrType,
      @JsonProperty("valid_type") @JsonInclude(JsonInclude.Include.NON_NULL) String validType,
      @JsonProperty("key") @JsonInclude(JsonInclude.Include.NON_NULL) String key,
      @JsonProperty("attempt") @JsonInclude(JsonInclude.Include.NON_NULL) Integer attempt) {}
}
