package dev.reissued.cli;

import dev.reissued.sandbox.ArchiveFault;
import dev.reissued.sandbox.ReissueValidity;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxCloudOptions;
import dev.reissued.sandbox.SandboxInventory;
import dev.reissued.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a local stand-in for the Tencent Cloud SSL API on 127.0.0.1 until stopped.",
      "Point an account's endpoint at http://127.0.0.1:PORT with the sandbox's SecretId and key."
    })
public final class SandboxCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(SandboxCommand.class);

  @Spec CommandSpec spec;

  @Option(names = "--port", description = "TCP port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int port = 9180;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description = "Load the sandbox from FILE if it exists, and keep saving it there.")
  Path stateFile;

  @Option(
      names = "--secret-id",
      paramLabel = "ID",
      description = "The SecretId to accept (default ${DEFAULT-VALUE}).")
  String secretId = SandboxOptions.DEFAULT_SECRET_ID;

  @Option(
      names = "--secret-key",
      paramLabel = "KEY",
      description = "The secret key to accept (default sandbox-secret-key).")
  String secretKey = SandboxOptions.DEFAULT_SECRET_KEY;

  @Option(
      names = "--rate-limit",
      paramLabel = "N",
      description = "Requests per second per SecretId; 0 for none (default ${DEFAULT-VALUE}).")
  int rateLimit = SandboxOptions.DEFAULT_RATE_LIMIT;

  @Option(
      names = "--busy-rate",
      paramLabel = "X",
      description =
          "Share of re-issues and applications (ReplaceCertificate, ApplyCertificate) answered"
              + " FailedOperation.NetworkError, with nothing done (0..1).")
  double busyRate;

  @Option(
      names = "--lost-answer-rate",
      paramLabel = "Y",
      description =
          "Share of re-issues, applications (the certificate made, quota used) and cloud moves"
              + " (UpdateCertificateInstance) carried out whose answer is dropped (0..1).")
  double lostAnswerRate;

  @Option(
      names = "--issue-delay",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Time from re-issue to issued: 90s, 5m, 1h, or ISO-8601 (default 0).")
  Duration issueDelay = Duration.ZERO;

  @Option(
      names = "--reissue-validity",
      paramLabel = "keep|fresh",
      description =
          "What a re-issued certificate ends with: keep (the original's end date, as CAs"
              + " generally do; the default) or fresh (90 days from issue for free certificates,"
              + " 365 for paid).")
  ReissueValidity reissueValidity = ReissueValidity.KEEP;

  @Option(
      names = "--free-quota",
      paramLabel = "N",
      description =
          "ApplyCertificate calls accepted per account, then FailedOperation.ExceedsFreeLimit; 0"
              + " for no limit (default ${DEFAULT-VALUE}; the sandbox's own number, Tencent"
              + " publishes none).")
  int freeQuota = SandboxOptions.DEFAULT_FREE_QUOTA;

  @Option(
      names = "--domain-quota",
      paramLabel = "N",
      description =
          "ApplyCertificate calls accepted per main domain (e.g. example.com), then"
              + " FailedOperation.MainDomainCertificateCountLimit; 0 for no limit (the default).")
  int domainQuota;

  @Option(
      names = "--archive-fault",
      paramLabel = "KIND",
      description =
          "Serve a hostile DownloadCertificate archive for every certificate: UNCLOSED_PEM (1 MiB"
              + " of BEGIN lines that never end), DEEP_ASN1 (100,000 nested SEQUENCEs) or"
              + " OVERSIZED (16 MiB as base64).")
  ArchiveFault archiveFault = ArchiveFault.NONE;

  @Option(
      names = "--repeat-page",
      paramLabel = "TOTAL",
      description =
          "Answer every DescribeCertificates with the first page and TotalCount TOTAL, whatever"
              + " the Offset: a pager that never ends.")
  long repeatedPageTotal;

  @Option(
      names = "--deploy-fail-rate",
      paramLabel = "X",
      description =
          "Share of cloud resources whose first move to a new certificate fails (detail Status 2"
              + " with an ErrorMsg; a retry succeeds) (0..1).")
  double deployFailRate;

  @Option(
      names = "--deploy-pending-rate",
      paramLabel = "X",
      description =
          "Share of new move tasks first answered DeployRecordId 0 (still being created); the"
              + " next UpdateCertificateInstance for the pair creates it (0..1).")
  double deployPendingRate;

  @Option(
      names = "--deploy-duration",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "Time one resource's move takes: pending, then deploying, then done, like --issue-delay"
              + " (default 0).")
  Duration deployDuration = Duration.ZERO;

  @Option(
      names = "--bind-task-delay",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Time a bind-resource query takes before its result is ready (default 0).")
  Duration bindTaskDelay = Duration.ZERO;

  @Option(
      names = "--no-service-role",
      description =
          "Act as an account that has not authorised the SSL service role:"
              + " UpdateCertificateInstance answers FailedOperation.RoleNotFoundAuthorization.")
  boolean noServiceRole;

  @Option(
      names = "--seed",
      description = "Seed for ids and fault decisions (default ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(
      names = "--synthetic",
      paramLabel = "N",
      description = "Start with N made-up certificates instead of the sample inventory.")
  Integer synthetic;

  @Option(
      names = "--ca-out",
      paramLabel = "FILE",
      description = "Write the sandbox CA's root certificate (PEM) to FILE.")
  Path caOut;

  @Override
  public Integer call() throws IOException {
    Clock clock = Clock.systemUTC();
    List<SandboxCertificate> inventory =
        synthetic == null
            ? SandboxInventory.sample(clock)
            : SandboxInventory.synthetic(synthetic, seed, clock);
    SandboxOptions options;
    try {
      options =
          SandboxOptions.defaults()
              .withPort(port)
              .withCredentials(secretId, secretKey)
              .withRateLimit(rateLimit)
              .withBusyRate(busyRate)
              .withLostAnswerRate(lostAnswerRate)
              .withIssueDelay(issueDelay)
              .withClock(clock)
              .withSeed(seed)
              .withStateFile(stateFile)
              .withInventory(inventory)
              .withArchiveFault(archiveFault)
              .withRepeatedPage(repeatedPageTotal)
              .withReissueValidity(reissueValidity)
              .withFreeQuota(freeQuota)
              .withDomainQuota(domainQuota)
              .withCloud(
                  new SandboxCloudOptions(
                      deployFailRate,
                      deployPendingRate,
                      deployDuration,
                      bindTaskDelay,
                      !noServiceRole));
    } catch (IllegalArgumentException invalid) {
      throw new ParameterException(spec.commandLine(), "sandbox: " + invalid.getMessage());
    }
    Sandbox sandbox = Sandbox.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              sandbox.close();
              stopped.countDown();
            },
            "sandbox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (caOut != null) {
        Files.writeString(caOut, sandbox.caCertificatePem(), StandardCharsets.US_ASCII);
      }
      log.info(
          "sandbox listening on {} (SecretId {}, {} certificates{}, rate limit {}/s, busy rate {},"
              + " lost-answer rate {}, issue delay {}, re-issues {}, free quota {}, per main"
              + " domain {}, {} cloud resources, deploy fail rate {}, deploy pending rate {},"
              + " deploy duration {}{}{}{}{})",
          sandbox.endpoint(),
          sandbox.secretId(),
          sandbox.certificates().size(),
          stateFile == null ? "" : " in " + stateFile,
          rateLimit,
          busyRate,
          lostAnswerRate,
          issueDelay,
          reissueValidity == ReissueValidity.KEEP ? "keep the end date" : "get a fresh validity",
          freeQuota == 0 ? "none" : freeQuota,
          domainQuota == 0 ? "none" : domainQuota,
          sandbox.cloud().holders().size(),
          deployFailRate,
          deployPendingRate,
          deployDuration,
          noServiceRole ? ", no service role" : "",
          archiveFault == ArchiveFault.NONE ? "" : ", archive fault " + archiveFault,
          repeatedPageTotal == 0
              ? ""
              : ", every page repeated with TotalCount " + repeatedPageTotal,
          caOut == null ? "" : ", CA in " + caOut);
      stopped.await();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
        sandbox.close();
      } catch (IllegalStateException shuttingDown) {
        // The hook is already closing the sandbox.
      }
      log.info(
          "sandbox on {} stopped after {} requests", sandbox.endpoint(), sandbox.requestsServed());
    }
    return ExitCode.OK;
  }

  /**
   * Reads {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code 500ms}, {@code 0} or ISO-8601.
   */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    @Override
    public Duration convert(String value) {
      String text = value.strip().toLowerCase(Locale.ROOT);
      Matcher matcher = SHORT.matcher(text);
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          case "d" -> Duration.ofDays(amount);
          default -> Duration.ofSeconds(amount);
        };
      }
      try {
        return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration; write e.g. 90s, 5m, 1h or PT90S");
      }
    }
  }
}
