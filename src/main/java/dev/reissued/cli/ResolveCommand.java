package dev.reissued.cli;

import dev.reissued.config.AccountConfig;
import dev.reissued.renewal.ReissueRecord;
import dev.reissued.renewal.Resolution;
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
      "Settle a re-issue by hand, recorded as the operator's: an open (requested or unknown) row as"
          + " you say, or a failed one as succeeded when the API shows the re-issue.",
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
        description = "it was re-issued as NEW_ID (for a failed row, the API must show it)")
    String newCertificateId;

    @Option(
        names = "--from-api",
        required = true,
        description = "settle it as the API shows: succeeded with the re-issue it finds")
    boolean fromApi;
  }

  @Override
  public Integer call() {
    try (Services services = Services.open(config.load())) {
      Resolution resolution = services.resolution();
      Optional<ReissueRecord> record = resolution.find(id);
      if (record.isEmpty()) {
        spec.commandLine().getErr().println("reissued: no re-issue with id " + id);
        return ExitCode.USAGE;
      }
      Optional<AccountConfig> account = services.config().account(record.get().account());
      if (account.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println(
                "reissued: re-issue "
                    + id
                    + " belongs to account '"
                    + record.get().account()
                    + "', which the configuration does not name");
        return ExitCode.USAGE;
      }
      Resolution.Ruling ruling =
          outcome.failed
              ? new Resolution.Failed()
              : outcome.fromApi
                  ? new Resolution.FromApi()
                  : new Resolution.Succeeded(outcome.newCertificateId);
      var result =
          resolution.resolve(
              id,
              ruling,
              note == null ? "resolved by an operator" : note,
              services.client(account.get()));
      if (!result.settled()) {
        spec.commandLine().getErr().println("reissued: " + result.message());
        return ExitCode.FAILURE;
      }
      spec.commandLine().getOut().println(result.message());
    }
    return ExitCode.OK;
  }
}
