package dev.reissued.cli;

import dev.reissued.config.AccountConfig;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.tencent.ApplyActions;
import dev.reissued.tencent.CheckCertificateDomainVerificationResponse;
import dev.reissued.tencent.DomainValidationResult;
import dev.reissued.tencent.TencentApiException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    description = {
      "Check a new certificate's DNS or FILE validation (CheckCertificateDomainVerification):"
          + " what is missing, per domain; once every record is in place, ask the CA to check"
          + " now (CompleteCertificate).",
      "The records to publish are in v_validations. Exit 0 when the CA was asked, 1 when"
          + " something is still missing."
    })
final class ValidateCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CERT", description = "the new certificate's id")
  String certificateId;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Services services = Services.open(config.load())) {
      Optional<AccountConfig> account =
          new Inventory(services.database().jdbc())
              .find(certificateId)
              .map(InventoryCertificate::account)
              .flatMap(name -> services.config().account(name));
      if (account.isEmpty()) {
        err.println(
            "reissued: certificate "
                + certificateId
                + " is not in the inventory of a configured account; run reissued sync first");
        return ExitCode.USAGE;
      }
      ApplyActions actions = new ApplyActions(services.client(account.get()));
      try {
        CheckCertificateDomainVerificationResponse check =
            actions.checkCertificateDomainVerification(certificateId);
        TextTable table = new TextTable("DOMAIN", "TYPE", "TENCENT'S CHECK", "CA");
        for (DomainValidationResult result : check.verificationResults()) {
          table.row(
              result.domain(),
              result.verifyType(),
              result.localCheckPassed()
                  ? "in place"
                  : result.localCheckExplained()
                      + (result.localCheckFailReason() == null
                          ? ""
                          : " (" + result.localCheckFailReason() + ")"),
              result.caCheckPassed() ? "passed" : "not yet");
        }
        table.print(out);
        if (!check.allPassed()) {
          err.println(
              "reissued: "
                  + (check.verificationResults().isEmpty()
                      ? "the API reported no validation for " + certificateId
                      : check.failing().size() + " domain(s) not ready")
                  + "; publish what v_validations lists for "
                  + certificateId
                  + ", then run this again");
          return ExitCode.FAILURE;
        }
        actions.completeCertificate(certificateId);
        out.println("every record is in place: asked the CA to check " + certificateId + " now");
        return ExitCode.OK;
      } catch (TencentApiException refused) {
        err.println("reissued: " + refused.getMessage());
        return ExitCode.FAILURE;
      }
    }
  }
}
