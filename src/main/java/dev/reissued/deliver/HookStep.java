package dev.reissued.deliver;

import dev.reissued.ReissuedException;
import dev.reissued.config.OutputConfig;
import dev.reissued.config.RetryPolicy;
import dev.reissued.db.DatabaseException;
import dev.reissued.deliver.DeliveryLedger.Delivered;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the deploy hook once per delivered certificate, claimed in the database so that one process
 * runs it, retried with backoff until it succeeds. Without {@code output.dir} the hook gets the
 * files in a private temporary directory (mode 0700) that is removed when it exits.
 */
final class HookStep {
  private static final Logger log = LoggerFactory.getLogger(HookStep.class);

  /** Past the timeout and the kill grace, a claimed hook run cannot still be running. */
  private static final Duration ABANDON_MARGIN = Duration.ofMinutes(1);

  /** What became of one due hook. */
  enum Outcome {
    SUCCEEDED,
    FAILED,
    /** Another process claimed it first. */
    TAKEN
  }

  private final HookClaims claims;
  private final KeyVault keys;
  private final DeployHook hook;
  private final OutputConfig output;
  private final RetryPolicy retry;
  private final DeployFailures failures;
  private final String processName;
  private final Clock clock;

  HookStep(StepCrew crew, HookClaims claims, DeployHook hook, String processName) {
    this.claims = claims;
    this.keys = crew.keys();
    this.hook = hook;
    this.output = crew.output();
    this.retry = crew.retry();
    this.failures = crew.failures();
    this.processName = processName;
    this.clock = crew.clock();
  }

  /** The account's delivered certificates whose hook is due now. */
  List<Delivered> due(String account, Instant now) {
    return claims.due(account, now, abandonedBefore(now));
  }

  Outcome run(Delivered row) {
    Instant claimedAt = clock.instant();
    OptionalInt attempt =
        claims.claim(row.reissueId(), processName, claimedAt, abandonedBefore(claimedAt));
    if (attempt.isEmpty()) {
      log.debug("deploy hook for certificate {} is run by another process", row.certificateId());
      return Outcome.TAKEN;
    }
    DeployHook.Run run;
    Path temporary = null;
    try {
      OutputWriter.Written files;
      if ("written".equals(row.filesStatus()) && row.filesPath() != null) {
        files =
            OutputWriter.existing(
                Path.of(row.filesPath()), row.certificatePem(), row.keySource() != KeySource.NONE);
      } else {
        temporary =
            Files.createTempDirectory(
                "reissued-deploy-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        files =
            OutputWriter.write(
                temporary, row.domain(), row.certificatePem(), row.chainPem(), keys.keyOf(row));
      }
      log.info(
          "running deploy hook for certificate {} ({}), attempt {}",
          row.certificateId(),
          row.domain(),
          attempt.getAsInt());
      run = hook.run(environment(row, files), files.directory());
    } catch (DatabaseException databaseDown) {
      throw databaseDown;
    } catch (IOException | ReissuedException cannotPrepare) {
      run =
          new DeployHook.Run(
              null, false, "", Duration.ZERO, "not run: " + cannotPrepare.getMessage());
    } finally {
      deleteRecursively(temporary);
    }
    Instant now = clock.instant();
    Instant next = now.plus(retry.backoffAfter(attempt.getAsInt()));
    if (!claims.finished(row.reissueId(), processName, claimedAt, run, next, now)) {
      log.warn(
          "deploy hook for certificate {} finished ({}) after its claim was taken over",
          row.certificateId(),
          run.describe());
    }
    if (run.succeeded()) {
      log.info(
          "deploy hook for certificate {} ({}) succeeded in {} ms",
          row.certificateId(),
          row.domain(),
          run.duration().toMillis());
      return Outcome.SUCCEEDED;
    }
    log.warn(
        "deploy hook for certificate {} ({}) failed: {}; next attempt at {}",
        row.certificateId(),
        row.domain(),
        run.describe(),
        next);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("step", "hook");
    details.put("result", run.describe());
    details.put("attempt", String.valueOf(attempt.getAsInt()));
    details.put("next_attempt_at", next.toString());
    failures.publish(
        row,
        "deploy hook failed for "
            + row.domain()
            + " (certificate "
            + row.certificateId()
            + "): "
            + run.describe(),
        details,
        now);
    return Outcome.FAILED;
  }

  /**
   * The hook's documented environment. {@code REISSUED_KEY_PATH} is empty when there is no key to
   * deploy.
   */
  static Map<String, String> environment(Delivered row, OutputWriter.Written files) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("REISSUED_DOMAIN", row.domain());
    environment.put("REISSUED_CERTIFICATE_ID", row.certificateId());
    environment.put("REISSUED_OLD_CERTIFICATE_ID", row.oldCertificateId());
    environment.put("REISSUED_ACCOUNT", row.account());
    environment.put("REISSUED_CERT_PATH", files.cert().toString());
    environment.put("REISSUED_CHAIN_PATH", files.chain().toString());
    environment.put("REISSUED_FULLCHAIN_PATH", files.fullchain().toString());
    environment.put("REISSUED_KEY_PATH", files.key().map(Path::toString).orElse(""));
    environment.put("REISSUED_KEY_SOURCE", row.keySource().sql());
    environment.put("REISSUED_NOT_AFTER", String.valueOf(row.notAfter()));
    return environment;
  }

  private Instant abandonedBefore(Instant now) {
    return now.minus(output.hookTimeout())
        .minus(DeployHook.DEFAULT_KILL_GRACE)
        .minus(ABANDON_MARGIN);
  }

  private static void deleteRecursively(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException ignored) {
                  // Best effort; reported below if the directory stays.
                }
              });
    } catch (IOException | RuntimeException failure) {
      log.warn(
          "cannot remove the deploy hook's temporary directory {}: {}",
          directory,
          failure.getMessage());
    }
  }
}
