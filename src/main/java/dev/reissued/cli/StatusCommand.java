package dev.reissued.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.reissued.inventory.CertificateStatus;
import java.io.PrintWriter;
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

  static Element toJson(CertificateStatus certificate) {
    return new Element(
        certificate.certificateId(),
        certificate.account(),
        certificate.domain(),
        certificate.notAfter() == null ? null : certificate.notAfter().toString(),
        certificate.daysLeft(),
        certificate.free(),
        certificate.status(),
        certificate.renewalState(),
        certificate.reissuedTo());
  }

  /**
   * One element of {@code status --json}: the view's columns under the view's names. A record, not
   * a map: Jackson escapes a bean's field names once, a map's keys once per element (a sixth of the
   * CPU of a million elements, with the map's own building).
   */
  @JsonPropertyOrder({
    "certificate_id",
    "account",
    "domain",
    "not_after",
    "days_left",
    "is_free",
    "status",
    "renewal_state",
    "reissued_to"
  })
  record Element(
      @JsonProperty("certificate_id") String certificateId,
      @JsonProperty("account") String account,
      @JsonProperty("domain") String domain,
      @JsonProperty("not_after") String notAfter,
      @JsonProperty("days_left") Integer daysLeft,
      @JsonProperty("is_free") boolean free,
      @JsonProperty("status") Integer status,
      @JsonProperty("renewal_state") String renewalState,
      @JsonProperty("reissued_to") String reissuedTo) {}
}
