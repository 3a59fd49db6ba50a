package dev.reissued.cli;

import com.fasterxml.jackson.core.SerializableString;
import dev.reissued.inventory.CertificateStatus;
import java.io.IOException;
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

  /** One element of {@code status --json}: the view's columns under the view's names. */
  record Element(
      String certificateId,
      String account,
      String domain,
      String notAfter,
      Integer daysLeft,
      boolean free,
      Integer status,
      String renewalState,
      String reissuedTo)
      implements JsonStream.Element {
    private static final SerializableString NOT_AFTER = JsonStream.name("not_after");
    private static final SerializableString DAYS_LEFT = JsonStream.name("days_left");
    private static final SerializableString IS_FREE = JsonStream.name("is_free");
    private static final SerializableString STATUS = JsonStream.name("status");
    private static final SerializableString RENEWAL_STATE = JsonStream.name("renewal_state");
    private static final SerializableString REISSUED_TO = JsonStream.name("reissued_to");

    @Override
    public void writeFields(JsonStream.Fields fields) throws IOException {
      JsonStream.certificate(fields, certificateId, account, domain)
          .string(NOT_AFTER, notAfter)
          .number(DAYS_LEFT, daysLeft)
          .bool(IS_FREE, free)
          .number(STATUS, status)
          .string(RENEWAL_STATE, renewalState)
          .string(REISSUED_TO, reissuedTo);
    }
  }
}
