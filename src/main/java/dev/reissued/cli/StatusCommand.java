package dev.reissued.cli;

import dev.reissued.inventory.CertificateStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    description = "Show every certificate in the inventory, soonest expiry first, as it is read.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "one JSON array, written element by element")
  boolean json;

  @Option(names = "--jsonl", description = "one JSON object per certificate and line (JSON Lines)")
  boolean jsonl;

  @Override
  public Integer call() {
    try (Services services = Services.openReadOnly(config.load())) {
      PrintWriter out = FixedColumns.buffered(spec.commandLine().getOut());
      if (json || jsonl) {
        try (JsonStream stream = JsonStream.on(out, jsonl)) {
          CertificateStatus.forEach(
              services.database().jdbc(), certificate -> stream.write(toJson(certificate)));
        }
      } else {
        StatusReport report = new StatusReport(out);
        CertificateStatus.forEach(services.database().jdbc(), report);
        report.finish();
      }
    }
    return ExitCode.OK;
  }

  static Map<String, Object> toJson(CertificateStatus certificate) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("certificate_id", certificate.certificateId());
    row.put("account", certificate.account());
    row.put("domain", certificate.domain());
    row.put("not_after", certificate.notAfter() == null ? null : certificate.notAfter().toString());
    row.put("days_left", certificate.daysLeft());
    row.put("is_free", certificate.free());
    row.put("status", certificate.status());
    row.put("renewal_state", certificate.renewalState());
    row.put("reissued_to", certificate.reissuedTo());
    return row;
  }
}
