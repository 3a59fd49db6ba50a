package dev.reissued.cli;

import dev.reissued.Printable;
import dev.reissued.cloud.CloudException;
import dev.reissued.cloud.CloudResourceStatus;
import dev.reissued.config.AccountConfig;
import dev.reissued.tencent.TencentApiException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reissued cloud status|deploy|rollback}: the cloud resources of renewed certificates. */
@Command(
    name = "cloud",
    description =
        "Cloud resources (CLB, CDN, EdgeOne, WAF, COS, ...) and the certificates they hold.",
    subcommands = {
      CloudCommand.Status.class,
      CloudCommand.Deploy.class,
      CloudCommand.Rollback.class
    })
final class CloudCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(
      name = "status",
      description = {
        "What is bound where, on which member of its lineage, and what is left on a certificate"
            + " that expires (v_cloud_resources). Reads only.",
        "Exit 0, also when resources are left on an old certificate."
      })
  static final class Status implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "CERT",
        description = "only the lineage of this certificate (any member)")
    String certificateId;

    @Override
    public Integer call() {
      try (Services services = Services.openReadOnly(config.load())) {
        List<CloudResourceStatus> resources =
            CloudResourceStatus.of(services.database().jdbc(), certificateId);
        print(
            spec.commandLine().getOut(), resources, services.config().notifications().warnBefore());
      }
      return ExitCode.OK;
    }
  }

  /** The table, then a line on what will serve an expired certificate. */
  static void print(PrintWriter out, List<CloudResourceStatus> resources, Duration warnBefore) {
    if (resources.isEmpty()) {
      out.println("no cloud resource is recorded (yet): they are found when a renewal is issued");
      out.flush();
      return;
    }
    TextTable table =
        new TextTable(
            "TYPE",
            "REGION",
            "INSTANCE",
            "LISTENER",
            "DOMAINS",
            "HOLDS",
            "NEWEST",
            "DAYS",
            "STATE",
            "ERROR");
    for (CloudResourceStatus resource : resources) {
      table.row(
          resource.resourceType(),
          resource.region(),
          resource.instanceId(),
          resource.listenerId(),
          String.join(",", resource.domains()),
          resource.certificateId() + (resource.onNewest() ? " (newest)" : ""),
          resource.newestCertificateId(),
          resource.daysLeft(),
          resource.deployStatus(),
          resource.error());
    }
    table.print(out);
    long stale =
        resources.stream()
            .filter(
                resource ->
                    !resource.onNewest()
                        && resource.daysLeft() != null
                        && resource.daysLeft() <= warnBefore.toDays())
            .count();
    long behind = resources.stream().filter(resource -> !resource.onNewest()).count();
    out.println(
        resources.size()
            + " resource(s), "
            + behind
            + " not on their lineage's newest certificate, "
            + stale
            + " of them on one that expires within "
            + warnBefore.toDays()
            + " days");
    out.flush();
  }

  @Command(
      name = "deploy",
      description = {
        "Move every resource of CERT's lineage to its newest issued certificate now (also for a"
            + " certificate renewed outside reissued), then show where they stand.",
        "Exit 0 when the pass ran, 1 when it could not."
      })
  static final class Deploy implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CERT", description = "any certificate of the lineage")
    String certificateId;

    @Override
    public Integer call() throws InterruptedException {
      try (Services services = Services.open(config.load())) {
        String accountName = services.cloud().accountOf(certificateId);
        AccountConfig account = account(services, accountName);
        services.cloud().deploy(account, services.cloudActions(account), certificateId);
        print(
            spec.commandLine().getOut(),
            CloudResourceStatus.of(services.database().jdbc(), certificateId),
            services.config().notifications().warnBefore());
        return ExitCode.OK;
      } catch (CloudException | TencentApiException failure) {
        spec.commandLine().getErr().println("reissued: " + Printable.escape(failure.getMessage()));
        return ExitCode.FAILURE;
      }
    }
  }

  @Command(
      name = "rollback",
      description = {
        "Put the resources a move task moved back on the old certificate"
            + " (UpdateCertificateRecordRollback); followed like a move from then on.",
        "Exit 0 when the rollback was asked for, 1 when it could not be."
      })
  static final class Rollback implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "RECORD",
        description = "the move task's DeployRecordId (cloud status, v_cloud_resources)")
    long recordId;

    @Override
    public Integer call() {
      try (Services services = Services.open(config.load())) {
        AccountConfig account = account(services, services.cloud().accountOfRecord(recordId));
        long rollback = services.cloud().rollback(services.cloudActions(account), recordId);
        spec.commandLine()
            .getOut()
            .println("move task " + recordId + " is being rolled back as task " + rollback);
        return ExitCode.OK;
      } catch (CloudException | TencentApiException failure) {
        spec.commandLine().getErr().println("reissued: " + Printable.escape(failure.getMessage()));
        return ExitCode.FAILURE;
      }
    }
  }

  private static AccountConfig account(Services services, String name) {
    return services
        .config()
        .account(name)
        .orElseThrow(
            () ->
                new CloudException(
                    "account " + name + " is not in the configuration: add it to accounts"));
  }
}
