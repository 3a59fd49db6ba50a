package dev.reissued.cli;

import dev.reissued.inventory.CertificateStatus;
import dev.reissued.keys.MasterKey;
import dev.reissued.metrics.HealthCheck;
import dev.reissued.metrics.MetricsServer;
import dev.reissued.metrics.ReissuedMetrics;
import dev.reissued.renewal.Decision;
import dev.reissued.renewal.Planner;
import dev.reissued.renewal.Renewal;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxInventory;
import dev.reissued.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

@Command(
    name = "demo",
    description = {
      "The whole flow on a throw-away setup: an embedded PostgreSQL and a local sandbox of the SSL API",
      "with a sample inventory; runs migrate, sync, plan, renew and track, and shows the result."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--wait",
      description = "keep the database and sandbox running afterwards, for psql, until Ctrl-C")
  boolean waitForInterrupt;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path directory = Files.createTempDirectory("reissued-demo-");
    Clock clock = Clock.systemDefaultZone();
    try (Sandbox sandbox =
            Sandbox.start(SandboxOptions.defaults().withInventory(SandboxInventory.sample(clock)));
        DemoWebhook webhook = DemoWebhook.start()) {
      Path config = writeConfig(directory, sandbox, webhook);
      out.println(
          "== reissued demo: sandbox of the SSL API at "
              + sandbox.endpoint()
              + ", config "
              + config);
      try (Services services = Services.open(new ConfigOption().withFile(config).load())) {
        ReissuedMetrics metrics = new ReissuedMetrics(services.database().jdbc());
        services.database().bindMetrics(metrics.registry());
        services.observeApi(metrics);
        Renewal renewal = services.renewal();
        Planner planner = services.planner();
        var account = services.config().accounts().get(0);
        var client = services.client(account);

        step(out, "sync: read the inventory from DescribeCertificates");
        out.println(services.sync().sync(client));

        step(out, "plan: what is due and why");
        PlanReport.print(out, PlanReport.group(planner.plan(account.name())));

        step(out, "renew: re-issue what is due (keys and CSRs made here, sealed in the database)");
        var renewed = renewal.renew(account, client);
        out.println(
            renewed.due() + " due, " + renewed.claimed() + " claimed, " + renewed.sent() + " sent");

        step(
            out,
            "track: follow the new certificates until issued, then download, check and deploy them");
        out.println(services.track(account).describe());
        services.sync().sync(client);

        step(
            out,
            "renew again: those re-issues kept their end dates (the sandbox does as CAs generally"
                + " do), so the free lineages are renewed with new free certificates"
                + " (ApplyCertificate); paid ones are reported: renew or buy");
        var applied = renewal.renew(account, client);
        out.println(
            applied.due() + " due, " + applied.claimed() + " claimed, " + applied.sent() + " sent");
        out.println(services.track(account).describe());
        services.sync().sync(client);
        DemoReport.renewals(out, services);

        step(
            out,
            "deployed: files in "
                + directory.resolve("certs")
                + ", checked with openssl against the sandbox CA");
        DemoReport.deliveries(out, services, directory, sandbox);

        step(
            out,
            "cloud: move the CLB listeners, CDN, EdgeOne, WAF and COS resources of each renewed"
                + " lineage to its newest certificate (UpdateCertificateInstance, followed per"
                + " resource); resources of certificates not due stay where they are");
        var held = sandbox.cloud().holders();
        var moved = services.cloud().run(account, services.cloudActions(account));
        out.println(moved.describe());
        DemoReport.cloudMoves(out, held, sandbox.cloud().holders());

        step(out, "cloud status: what is bound where (v_cloud_resources)");
        CloudCommand.print(
            out,
            dev.reissued.cloud.CloudResourceStatus.of(services.database().jdbc(), null),
            services.config().notifications().warnBefore());

        step(out, "status");
        List<CertificateStatus> statuses = CertificateStatus.all(services.database().jdbc());
        StatusReport.print(out, statuses);

        step(out, "re-issued");
        TextTable reissued = new TextTable("DOMAIN", "ID", "NEW ID", "KEY", "REQUEST ID");
        services
            .database()
            .jdbc()
            .query(
                "SELECT domain, certificate_id, new_certificate_id, key_algorithm, key_parameter, request_id"
                    + " FROM v_reissues WHERE state = 'succeeded' ORDER BY id",
                row ->
                    reissued.row(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4) + " " + row.getString(5),
                        row.getString(6)));
        reissued.print(out);

        step(out, "not re-issued, and why");
        List<Decision> rest =
            planner.plan(account.name()).stream().filter(d -> !d.isDue()).toList();
        TextTable why = new TextTable("DOMAIN", "ID", "REASON");
        rest.forEach(
            decision ->
                why.row(
                    decision.certificate().domain(),
                    decision.certificate().certificateId(),
                    decision.reason()));
        why.print(out);

        step(
            out,
            "notify: what a webhook (here a local stand-in for WeCom, DingTalk, Feishu or Slack) was sent");
        services.expiryWatch().scan(account.name());
        int delivered;
        do {
          delivered = services.webhooks().deliverDue().attempted();
        } while (delivered > 0);
        TextTable messages = new TextTable("EVENT", "CERTIFICATE", "SUMMARY");
        webhook.messages().stream()
            .sorted(
                java.util.Comparator.comparing(
                        (com.fasterxml.jackson.databind.JsonNode message) ->
                            message.path("event").asText())
                    .thenComparing(message -> message.path("certificate_id").asText()))
            .forEach(
                message ->
                    messages.row(
                        message.path("event").asText(),
                        message.path("certificate_id").asText(),
                        message.path("summary").asText()));
        messages.print(out);

        try (HealthCheck health = HealthCheck.of(services.database());
            MetricsServer server =
                MetricsServer.start("127.0.0.1", 0, metrics, () -> health.check(true, true))) {
          step(
              out,
              "metrics: reissued's own series on http://127.0.0.1:"
                  + server.port()
                  + "/metrics (a few of them)");
          DemoReport.metrics(out, server.port());
        }

        step(out, "query it with SQL");
        String psql = services.database().embedded().map(embedded -> embedded.psqlUrl()).orElse("");
        out.println("psql '" + psql + "' -c 'SELECT * FROM v_certificates'");
        out.println("(the demo database lives while the demo runs: add --wait to keep it up)");
        if (waitForInterrupt) {
          CountDownLatch stop = new CountDownLatch(1);
          Signal.handle(new Signal("INT"), signal -> stop.countDown());
          Signal.handle(new Signal("TERM"), signal -> stop.countDown());
          out.println("waiting; Ctrl-C to stop");
          out.flush();
          stop.await();
        }
      }
    } finally {
      deleteRecursively(directory);
    }
    return ExitCode.OK;
  }

  private static void step(PrintWriter out, String title) {
    out.println();
    out.println("== " + title);
    out.flush();
  }

  private static Path writeConfig(Path directory, Sandbox sandbox, DemoWebhook webhook)
      throws IOException {
    Path masterKey = directory.resolve("master.key");
    Files.createFile(
        masterKey,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(masterKey, MasterKey.generateBase64());
    Path config = directory.resolve("reissued.yaml");
    Files.writeString(
        config,
        """
        database:
          embedded: { dataDir: pgdata }
        accounts:
          - name: demo
            secretId: %s
            secretKey: %s
            endpoint: %s
        renewal:
          renewBefore: 30d
          csrType: Upload
          rules:
            - domains: ["*.shop.example.com"]
              key: { algorithm: ECC, parameter: prime256v1 }
            - domains: ["legacy.example.com"]
              enabled: false
        keys:
          masterKeyFile: master.key
        notify:
          webhooks:
            - { name: demo, kind: generic, url: "%s" }
        output:
          dir: certs
          # $VAR, not ${VAR}: the configuration loader expands ${...} itself when it reads the file.
          deployHook: >-
            echo "$REISSUED_DOMAIN $REISSUED_CERTIFICATE_ID (was $REISSUED_OLD_CERTIFICATE_ID)
            key_source=$REISSUED_KEY_SOURCE fullchain=$REISSUED_FULLCHAIN_PATH" >> '%s'
        """
            .formatted(
                SandboxOptions.DEFAULT_SECRET_ID,
                SandboxOptions.DEFAULT_SECRET_KEY,
                sandbox.endpoint(),
                webhook.url(),
                directory.resolve("deploy-hook.log")));
    return config;
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a temporary directory; the system cleans it eventually
    }
  }
}
