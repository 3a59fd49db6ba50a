package dev.reissued.cli;

import com.fasterxml.jackson.core.SerializableString;
import dev.reissued.config.AccountConfig;
import dev.reissued.renewal.Decision;
import dev.reissued.renewal.Planner;
import java.io.IOException;
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

  /** One element of {@code plan --json}; what a re-issue would send only for a due certificate. */
  record Element(
      String certificateId,
      String account,
      String domain,
      boolean free,
      String notAfter,
      String decision,
      String reason,
      String csrType,
      String validType,
      String key,
      Integer attempt)
      implements JsonStream.Element {
    private static final SerializableString IS_FREE = JsonStream.name("is_free");
    private static final SerializableString NOT_AFTER = JsonStream.name("not_after");
    private static final SerializableString DECISION = JsonStream.name("decision");
    private static final SerializableString REASON = JsonStream.name("reason");
    private static final SerializableString CSR_TYPE = JsonStream.name("csr_type");
    private static final SerializableString VALID_TYPE = JsonStream.name("valid_type");
    private static final SerializableString KEY = JsonStream.name("key");
    private static final SerializableString ATTEMPT = JsonStream.name("attempt");

    @Override
    public void writeFields(JsonStream.Fields fields) throws IOException {
      JsonStream.certificate(fields, certificateId, account, domain)
          .bool(IS_FREE, free)
          .string(NOT_AFTER, notAfter)
          .string(DECISION, decision)
          .string(REASON, reason);
      if (attempt != null) {
        fields
            .string(CSR_TYPE, csrType)
            .string(VALID_TYPE, validType)
            .string(KEY, key)
            .number(ATTEMPT, attempt);
      }
    }
  }
}
