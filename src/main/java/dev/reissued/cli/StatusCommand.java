package dev.reissued.cli;

import dev.reissued.inventory.CertificateStatus;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    description = "Show every certificate in the inventory, soonest expiry first.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @picocli.CommandLine.Option(names = "--json", description = "one JSON array, for scripts")
  boolean json;

  @Override
  public Integer call() {
    try (Services services = Services.openReadOnly(config.load())) {
      List<CertificateStatus> certificates = CertificateStatus.all(services.database().jdbc());
      if (json) {
        JsonOutput.print(
            spec.commandLine().getOut(), certificates.stream().map(StatusCommand::toJson).toList());
      } else {
        StatusReport.print(spec.commandLine().getOut(), certificates);
      }
    }
    return ExitCode.OK;
  }

  static java.util.Map<String, Object> toJson(CertificateStatus certificate) {
    java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
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
