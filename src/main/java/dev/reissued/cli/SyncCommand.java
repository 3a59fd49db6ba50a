package dev.reissued.cli;

import dev.reissued.inventory.InventorySync;
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
    try (Services services = Services.open(config.load())) {
      InventorySync sync = services.sync();
      return account.forEach(
          services,
          spec,
          "sync",
          "failed, nothing written",
          selected -> sync.sync(services.client(selected)));
    }
  }
}
