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

@Command(name = "status", description = "Show every certificate in the inventory, soonest expiry first.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var loaded = config.load();
    try (Database database = Database.open(loaded.database())) {
      List<CertificateStatus> certificates;
      try {
        certificates = CertificateStatus.all(database.jdbc());
      } catch (DatabaseException failure) {
        if ("42P01".equals(failure.sqlState())) {
          spec.commandLine().getErr().println("reissued: the database has no schema yet; run: reissued migrate");
          return ExitCode.FAILURE;
        }
        throw failure;
      }
      StatusReport.print(spec.commandLine().getOut(), certificates);
    }
    return ExitCode.OK;
  }
}
