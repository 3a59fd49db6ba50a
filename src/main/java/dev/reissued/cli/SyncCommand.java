package dev.reissued.cli;

import dev.reissued.Printable;
import dev.reissued.inventory.InventorySync;
import dev.reissued.tencent.TencentApiException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "sync",
    description = "Refresh the inventory from DescribeCertificates, per account.")
final class SyncCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Mixin AccountOption account;

  @Override
  public Integer call() {
    int exitCode = ExitCode.OK;
    try (Services services = Services.open(config.load())) {
      InventorySync sync = services.sync();
      for (var selected : services.accounts(account.name)) {
        try {
          spec.commandLine().getOut().println(sync.sync(services.client(selected)));
        } catch (TencentApiException failure) {
          spec.commandLine()
              .getErr()
              .println(
                  "reissued: sync of account "
                      + selected.name()
                      + " failed, nothing written: "
                      + Printable.escape(failure.getMessage()));
          exitCode = ExitCode.FAILURE;
        }
      }
    }
    return exitCode;
  }
}
