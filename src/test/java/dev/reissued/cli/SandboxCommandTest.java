package dev.reissued.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.sandbox.ReissueValidity;
import dev.reissued.tencent.ClientSettings;
import dev.reissued.tencent.DescribeCertificatesRequest;
import dev.reissued.tencent.TencentClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SandboxCommandTest {
  @TempDir Path directory;

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (Exception notYet) {
      return false;
    }
  }

  @Test
  void the_sandbox_command_serves_the_sample_until_stopped_and_keeps_its_state() throws Exception {
    int port = freePort();
    Path state = directory.resolve("state.json");
    Path ca = directory.resolve("ca.pem");
    AtomicInteger exit = new AtomicInteger(-1);
    StringWriter err = new StringWriter();
    Thread command =
        new Thread(
            () ->
                exit.set(
                    Main.run(
                        new String[] {
                          "sandbox",
                          "--port",
                          String.valueOf(port),
                          "--state",
                          state.toString(),
                          "--ca-out",
                          ca.toString(),
                          "--secret-id",
                          "AKIDcli",
                          "--secret-key",
                          "cli-key",
                          "--issue-delay",
                          "90s"
                        },
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(err))));
    command.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!accepts(port) || !Files.exists(ca)) {
      assertThat(System.nanoTime()).as("sandbox started within 20 s").isLessThan(deadline);
      assertThat(command.isAlive()).as("command still running; stderr: %s", err).isTrue();
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    TencentClient client =
        TencentClient.create(
            ClientSettings.of("cli-test", "AKIDcli", "cli-key")
                .withEndpoint(URI.create("http://127.0.0.1:" + port)));
    long total = client.describeCertificates(DescribeCertificatesRequest.page(0, 100)).totalCount();
    assertThat(total).isBetween(20L, 40L);
    assertThat(Files.readString(ca)).startsWith("-----BEGIN CERTIFICATE-----");

    command.interrupt();
    command.join(Duration.ofSeconds(20).toMillis());
    assertThat(command.isAlive()).isFalse();
    assertThat(exit.get()).isEqualTo(ExitCode.OK);
    assertThat(Files.readString(state))
        .contains("\"format\" : 1", "sFree001", "\"bindings\"", "lb-5xk2m9qa");
  }

  @Test
  void an_impossible_rate_is_a_usage_error() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"sandbox", "--port", "0", "--busy-rate", "1.5"},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertThat(code).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("busy rate");
  }

  @Test
  void help_describes_the_cloud_faults_and_an_impossible_deploy_rate_is_a_usage_error() {
    StringWriter out = new StringWriter();
    assertThat(
            Main.run(
                new String[] {"sandbox", "--help"},
                new PrintWriter(out),
                new PrintWriter(new StringWriter())))
        .isEqualTo(ExitCode.OK);
    assertThat(out.toString())
        .contains(
            "--deploy-fail-rate",
            "--deploy-pending-rate",
            "--deploy-duration",
            "--bind-task-delay",
            "--no-service-role",
            "RoleNotFoundAuthorization",
            "DeployRecordId 0");

    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"sandbox", "--port", "0", "--deploy-pending-rate", "2"},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertThat(code).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("deploy pending rate");
  }

  @Test
  void help_describes_reissue_validity_and_the_quotas_and_says_faults_cover_applications() {
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new String[] {"sandbox", "--help"},
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));
    String help = out.toString().replaceAll("\\s+", " ");
    assertThat(code).isEqualTo(ExitCode.OK);
    assertThat(help)
        .contains(
            "--reissue-validity=keep|fresh",
            "the original's end date, as CAs generally do; the default")
        .contains("--free-quota=N", "FailedOperation.ExceedsFreeLimit", "(default 50;")
        .contains("--domain-quota=N", "MainDomainCertificateCountLimit")
        .contains("Share of re-issues and applications (ReplaceCertificate, ApplyCertificate)")
        .contains(
            "Share of re-issues, applications (the certificate made, quota used) and cloud moves");
  }

  @Test
  void the_new_flags_reach_the_sandbox_options_and_bad_values_are_usage_errors() {
    CommandLine reissued = Main.commandLine();
    reissued.parseArgs(
        "sandbox", "--reissue-validity", "fresh", "--free-quota", "0", "--domain-quota", "3");
    SandboxCommand parsed = reissued.getSubcommands().get("sandbox").getCommand();
    assertThat(parsed.reissueValidity).isEqualTo(ReissueValidity.FRESH);
    assertThat(parsed.freeQuota).isZero();
    assertThat(parsed.domainQuota).isEqualTo(3);

    for (String[] args :
        List.of(
            new String[] {"sandbox", "--port", "0", "--reissue-validity", "sideways"},
            new String[] {"sandbox", "--port", "0", "--free-quota", "-1"})) {
      StringWriter err = new StringWriter();
      assertThat(Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err)))
          .as(String.join(" ", args))
          .isEqualTo(ExitCode.USAGE);
      assertThat(err.toString()).containsAnyOf("sideways", "quota");
    }
  }

  @Test
  void durations_read_short_and_iso_forms() {
    SandboxCommand.DurationConverter converter = new SandboxCommand.DurationConverter();
    assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(converter.convert("0")).isEqualTo(Duration.ZERO);
    assertThat(converter.convert("PT2H")).isEqualTo(Duration.ofHours(2));
  }
}
