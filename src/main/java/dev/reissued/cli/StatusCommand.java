package dev.reissued.cli;

import dev.reissued.db.Database;
import dev.reissued.db.DatabaseException;
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
    var loaded = config.load();
    try (Database database = Database.open(loaded.database())) {
      List<CertificateStatus> certificates;
      try {
        certificates = CertificateStatus.all(database.jdbc());
      } catch (DatabaseException failure) {
        if ("42P01".equals(failure.sqlState())) {
          spec.commandLine()
              .getErr()
              .println("reissued: the database has no schema yet; run: reissued migrate");
          return ExitCode.FAILURE;
        }
        throw failure;
      }
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
