package dev.reissued.cli;

import dev.reissued.renewal.ReissueRecord;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "resolve",
    description = {
      "Settle an open (requested or unknown) re-issue by hand, recorded as the operator's.",
      "Check the certificate in the Tencent Cloud console first: --failed allows another attempt."
    })
final class ResolveCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "the re-issue's id (v_reissues.id)")
  long id;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Outcome outcome;

  @Option(names = "--note", paramLabel = "TEXT", description = "why, for the record")
  String note;

  static final class Outcome {
    @Option(names = "--failed", required = true, description = "no re-issue happened")
    boolean failed;

    @Option(
        names = "--succeeded",
        required = true,
        paramLabel = "NEW_ID",
        description = "it was re-issued as NEW_ID")
    String newCertificateId;
  }

  @Override
  public Integer call() {
    try (Services services = Services.open(config.load())) {
      var ledger = services.engine().ledger();
      Optional<ReissueRecord> record = ledger.find(id);
      if (record.isEmpty()) {
        spec.commandLine().getErr().println("reissued: no re-issue with id " + id);
        return ExitCode.USAGE;
      }
      if (!record.get().state().isOpen()) {
        spec.commandLine()
            .getErr()
            .println(
                "reissued: re-issue "
                    + id
                    + " is settled already ("
                    + record.get().state().sql()
                    + ")");
        return ExitCode.FAILURE;
      }
      String why = note == null ? "resolved by an operator" : note;
      boolean settled =
          ledger.resolveByOperator(
              id, Optional.ofNullable(outcome.newCertificateId), why, services.clock().instant());
      if (!settled) {
        spec.commandLine()
            .getErr()
            .println("reissued: re-issue " + id + " was settled meanwhile; nothing changed");
        return ExitCode.FAILURE;
      }
      spec.commandLine()
          .getOut()
          .println(
              "re-issue "
                  + id
                  + " of certificate "
                  + record.get().certificateId()
                  + " settled as "
                  + (outcome.newCertificateId == null
                      ? "failed"
                      : "succeeded (" + outcome.newCertificateId + ")"));
    }
    return ExitCode.OK;
  }
}
