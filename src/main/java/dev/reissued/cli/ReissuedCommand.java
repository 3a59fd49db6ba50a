package dev.reissued.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "reissued",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Keeps Tencent Cloud SSL certificates from expiring.",
    subcommands = {
      MigrateCommand.class,
      CheckConfigCommand.class,
      StatusCommand.class,
      SyncCommand.class,
      PlanCommand.class,
      RenewCommand.class,
      TrackCommand.class,
      ResolveCommand.class,
      ValidateCommand.class,
      CloudCommand.class,
      RunCommand.class,
      DemoCommand.class,
      CsrCommand.class,
      SandboxCommand.class,
      NotifyTestCommand.class,
    })
public final class ReissuedCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
