package dev.reissued.deploy;

import dev.reissued.ReissuedException;
import dev.reissued.config.NotifyEvent;
import dev.reissued.config.OutputConfig;
import dev.reissued.config.RetryPolicy;
import dev.reissued.db.DatabaseException;
import dev.reissued.db.Jdbc;
import dev.reissued.deploy.DeliveryLedger.Checked;
import dev.reissued.deploy.DeliveryLedger.Delivered;
import dev.reissued.deploy.DeliveryLedger.Undelivered;
import dev.reissued.keys.KeyException;
import dev.reissued.keys.Pem;
import dev.reissued.keys.SealedBox;
import dev.reissued.keys.Sealer;
import dev.reissued.notify.Event;
import dev.reissued.notify.EventSink;
import dev.reissued.tencent.DownloadedCertificate;
import dev.reissued.tencent.TencentApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands issued certificates to the operator, in three steps that each move a {@code delivery} row
 * forward and are retried on the next track pass when they fail:
 *
 * <ol>
 *   <li><b>deliver</b>: download the archive, find the leaf and chain, check them against what was
 *       asked (the names; the key: the sealed local key for {@code Upload}, the archive's key
 *       opened with the sealed CsrkeyPassword for {@code Online}, which is then sealed in turn),
 *       store them;
 *   <li><b>write</b> {@code output.dir/<domain>/} (see {@link OutputWriter});
 *   <li><b>run the hook</b> once it succeeds, claimed in the database so that one process runs it.
 * </ol>
 *
 * <p>One certificate never holds up the others: each delivery's work is bounded (the download by
 * the client's call timeout, the archive by {@link CertificateArchive}'s limits, scanned in linear
 * time), and whatever goes wrong with it is recorded on its own row before the pass moves on to the
 * next.
 *
 * <p>Failures back off per {@code renewal.retry} (capped at its maximum) with no limit on attempts:
 * a certificate left undeployed is never the right end state, a hook an operator has fixed should
 * just start working, and each failure is reported as {@link NotifyEvent#DEPLOY_FAILED} meanwhile.
 *
 * <p>Without {@code output.dir} the hook still runs: it gets the files in a private temporary
 * directory (mode 0700) that is removed when it exits, so it must copy what it keeps.
 */
public final class Delivery {
  private static final Logger log = LoggerFactory.getLogger(Delivery.class);

  /** Past the timeout and the kill grace, a claimed hook run cannot still be running. */
  private static final Duration ABANDON_MARGIN = Duration.ofMinutes(1);

  private final DeliveryLedger ledger;
  private final Sealer sealer;
  private final OutputConfig output;
  private final RetryPolicy retry;
  private final Clock clock;
  private final EventSink events;
  private final String processName;
  private final DeployHook hook;

  public Delivery(
      Jdbc jdbc,
      Sealer sealer,
      OutputConfig output,
      RetryPolicy retry,
      Clock clock,
      EventSink events,
      String processName) {
    this.ledger = new DeliveryLedger(jdbc);
    this.sealer = sealer;
    this.output = output;
    this.retry = retry;
    this.clock = clock;
    this.events = events;
    this.processName = processName;
    this.hook =
        output
            .deployHook()
            .map(command -> new DeployHook(command, output.hookTimeout()))
            .orElse(null);
  }

  /**
   * Reads a new certificate's archive; {@code TencentClient::downloadCertificate} in production.
   */
  @FunctionalInterface
  public interface Downloader {
    DownloadedCertificate download(String certificateId);
  }

  /** One pass: certificates delivered (or failing to be), files written, hooks run (and failed). */
  public record Result(
      int delivered, int deliveryFailures, int written, int hooksSucceeded, int hooksFailed) {}

  public Result run(String account, Downloader downloader) {
    int delivered = 0;
    int deliveryFailures = 0;
    for (Undelivered row : ledger.undelivered(account, clock.instant())) {
      if (deliver(row, downloader)) {
        delivered++;
      } else {
        deliveryFailures++;
      }
    }
    int written = 0;
    for (Delivered row : ledger.filesDue(account)) {
      if (writeFiles(row)) {
        written++;
      }
    }
    int hooksSucceeded = 0;
    int hooksFailed = 0;
    if (hook != null) {
      Instant now = clock.instant();
      for (Delivered row : ledger.hooksDue(account, now, abandonedBefore(now))) {
        Optional<Boolean> ran = runHook(row);
        if (ran.isPresent()) {
          if (ran.get()) {
            hooksSucceeded++;
          } else {
            hooksFailed++;
          }
        }
      }
    }
    return new Result(delivered, deliveryFailures, written, hooksSucceeded, hooksFailed);
  }

  private boolean deliver(Undelivered row, Downloader downloader) {
    Instant now = clock.instant();
    try {
      DownloadedCertificate download = downloader.download(row.certificateId());
      Checked checked =
          check(row, CertificateArchive.read(row.certificateId(), download.content()));
      String filesStatus = output.dir().isPresent() ? "pending" : "none";
      String hookStatus = hook != null ? "pending" : "none";
      if (!ledger.delivered(row, checked, filesStatus, hookStatus, now)) {
        log.debug(
            "certificate {} [row {}] was delivered by another process",
            row.certificateId(),
            row.reissueId());
        return true;
      }
      log.info(
          "delivered certificate {} ({}) re-issuing {} [row {}]: valid until {}, serial {}, key"
              + " {}{}",
          row.certificateId(),
          row.domain(),
          row.oldCertificateId(),
          row.reissueId(),
          checked.certificate().notAfter(),
          checked.certificate().serial(),
          checked.keySource().sql(),
          checked.note() == null ? "" : " (" + checked.note() + ")");
      return true;
    } catch (TencentApiException unavailable) {
      Instant next = deliveryFailed(row, unavailable.getMessage(), now);
      log.warn(
          "cannot download certificate {} [row {}] yet: {}; next attempt at {}",
          row.certificateId(),
          row.reissueId(),
          unavailable.getMessage(),
          next);
      return false;
    } catch (DatabaseException databaseDown) {
      throw databaseDown;
    } catch (RuntimeException | StackOverflowError wrong) {
      // DeployException and KeyException say what is wrong without key material; anything else
      // is named by its type only, as its message could quote what it was parsing. A stack
      // overflow (a parser recursing into hostile nesting) has unwound by now: it is this row's
      // failure, recorded like any other, and never the pass's.
      String reason =
          wrong instanceof ReissuedException
              ? wrong.getMessage()
              : "unexpected " + wrong.getClass().getSimpleName();
      Instant next = deliveryFailed(row, reason, now);
      log.error(
          "cannot deliver certificate {} ({}) re-issuing {} [row {}]: {}; next attempt at {}",
          row.certificateId(),
          row.domain(),
          row.oldCertificateId(),
          row.reissueId(),
          reason,
          next);
      publish(
          row.account(),
          row.certificateId(),
          row.oldCertificateId(),
          row.domain(),
          row.reissueId(),
          "certificate "
              + row.certificateId()
              + " for "
              + row.domain()
              + " cannot be delivered: "
              + reason,
          Map.of("step", "download", "next_attempt_at", next.toString()),
          now);
      return false;
    }
  }

  private Instant deliveryFailed(Undelivered row, String reason, Instant now) {
    Instant next = now.plus(retry.backoffAfter(row.attempts() + 1));
    ledger.failed(row, reason, next, now);
    return next;
  }

  /**
   * The certificate against what was asked; for Online, the archive's key opened, checked and
   * sealed.
   */
  private Checked check(Undelivered row, CertificateArchive archive) {
    List<String> asked = new ArrayList<>();
    asked.add(row.domain());
    row.altNames().stream().filter(name -> !asked.contains(name)).forEach(asked::add);
    String binding = SealedBox.rowBinding(row.reissueId(), SealedBox.PRIVATE_KEY);
    switch (row.csrType()) {
      case Upload -> {
        PrivateKey local =
            openKey(row.reissueId(), "the sealed key of re-issue row " + row.reissueId());
        IssuedCertificate certificate =
            IssuedCertificate.find(archive, row.domain(), Optional.of(local));
        certificate.requireNames(asked);
        certificate.requireKey(local, "the key made here for re-issue row " + row.reissueId());
        return new Checked(certificate, KeySource.LOCAL, Optional.empty(), null);
      }
      case Online -> {
        IssuedCertificate certificate =
            IssuedCertificate.find(archive, row.domain(), Optional.empty());
        certificate.requireNames(asked);
        SealedBox sealedPassword =
            ledger
                .sealedPassword(row.reissueId())
                .orElseThrow(
                    () ->
                        new DeployException(
                            "re-issue row " + row.reissueId() + " has no sealed CsrkeyPassword"));
        char[] password =
            sealer.openPassword(
                sealedPassword, SealedBox.rowBinding(row.reissueId(), SealedBox.CSR_KEY_PASSWORD));
        try {
          PrivateKey key =
              matchingKey(archive, certificate, password)
                  .orElseThrow(
                      () ->
                          new DeployException(
                              "archive of certificate "
                                  + row.certificateId()
                                  + " holds "
                                  + (archive.keys().isEmpty()
                                      ? "no private key"
                                      : archive.keys().size()
                                          + " private key(s), none of which opens with the"
                                          + " sealed CsrkeyPassword and matches the certificate")
                                  + "; entries "
                                  + archive.describeEntries()));
          byte[] encoded = key.getEncoded();
          try {
            return new Checked(
                certificate, KeySource.TENCENT, Optional.of(sealer.seal(encoded, binding)), null);
          } finally {
            Arrays.fill(encoded, (byte) 0);
          }
        } finally {
          Arrays.fill(password, '\0');
        }
      }
      default -> {
        IssuedCertificate certificate =
            IssuedCertificate.find(archive, row.domain(), Optional.empty());
        certificate.requireNames(asked);
        // The original CSR's key is the original certificate's; the archive may still ship it
        // unencrypted (when Tencent made it), and then it is as good as an Online key.
        Optional<PrivateKey> shipped = matchingKey(archive, certificate, null);
        if (shipped.isPresent()) {
          byte[] encoded = shipped.get().getEncoded();
          try {
            return new Checked(
                certificate,
                KeySource.TENCENT,
                Optional.of(sealer.seal(encoded, binding)),
                "CsrType Original; the archive shipped the key");
          } finally {
            Arrays.fill(encoded, (byte) 0);
          }
        }
        return new Checked(
            certificate,
            KeySource.NONE,
            Optional.empty(),
            "no private key: CsrType Original keeps the original certificate's key, which reissued"
                + " does not hold");
      }
    }
  }

  private static Optional<PrivateKey> matchingKey(
      CertificateArchive archive, IssuedCertificate certificate, char[] password) {
    for (CertificateArchive.KeyBlock block : archive.keys()) {
      try {
        PrivateKey key = Pem.parsePrivateKey(block.pem(), password);
        if (certificate.matchesKey(key)) {
          return Optional.of(key);
        }
      } catch (KeyException doesNotOpen) {
        log.debug(
            "private key in {} of certificate {} does not open: {}",
            block.entry(),
            archive.certificateId(),
            doesNotOpen.getMessage());
      }
    }
    return Optional.empty();
  }

  private PrivateKey openKey(long reissueId, String what) {
    SealedBox sealed =
        ledger
            .sealedKey(reissueId)
            .orElseThrow(
                () ->
                    new DeployException(
                        "re-issue row " + reissueId + " has no sealed private key"));
    byte[] der = sealer.open(sealed, SealedBox.rowBinding(reissueId, SealedBox.PRIVATE_KEY));
    try {
      return KeyMatch.fromPkcs8(der, what);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  private Optional<PrivateKey> keyOf(Delivered row) {
    return row.keySource() == KeySource.NONE
        ? Optional.empty()
        : Optional.of(
            openKey(row.reissueId(), "the sealed key of re-issue row " + row.reissueId()));
  }

  private boolean writeFiles(Delivered row) {
    Instant now = clock.instant();
    if (output.dir().isEmpty()) {
      ledger.filesDropped(row.reissueId(), now);
      return false;
    }
    try {
      OutputWriter.Written written =
          OutputWriter.write(
              output.dir().get(), row.domain(), row.certificatePem(), row.chainPem(), keyOf(row));
      ledger.filesWritten(row.reissueId(), written.directory().toString(), written.note(), now);
      log.info(
          "wrote certificate {} ({}) to {}{}",
          row.certificateId(),
          row.domain(),
          written.directory(),
          written.note().map(note -> " (" + note + ")").orElse(""));
      return true;
    } catch (DatabaseException databaseDown) {
      throw databaseDown;
    } catch (ReissuedException failure) {
      ledger.filesFailed(row.reissueId(), failure.getMessage(), now);
      log.error(
          "cannot write certificate {} ({}) to {}: {}",
          row.certificateId(),
          row.domain(),
          output.dir().get(),
          failure.getMessage());
      publish(
          row.account(),
          row.certificateId(),
          row.oldCertificateId(),
          row.domain(),
          row.reissueId(),
          "certificate "
              + row.certificateId()
              + " for "
              + row.domain()
              + " cannot be written: "
              + failure.getMessage(),
          Map.of("step", "files"),
          now);
      return false;
    }
  }

  /** Empty when another process claimed it; otherwise whether the hook succeeded. */
  private Optional<Boolean> runHook(Delivered row) {
    Instant claimedAt = clock.instant();
    OptionalInt attempt =
        ledger.claimHook(row.reissueId(), processName, claimedAt, abandonedBefore(claimedAt));
    if (attempt.isEmpty()) {
      log.debug("deploy hook for certificate {} is run by another process", row.certificateId());
      return Optional.empty();
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
                temporary, row.domain(), row.certificatePem(), row.chainPem(), keyOf(row));
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
    if (!ledger.hookFinished(row.reissueId(), processName, claimedAt, run, next, now)) {
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
      return Optional.of(true);
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
    publish(
        row.account(),
        row.certificateId(),
        row.oldCertificateId(),
        row.domain(),
        row.reissueId(),
        "deploy hook failed for "
            + row.domain()
            + " (certificate "
            + row.certificateId()
            + "): "
            + run.describe(),
        details,
        now);
    return Optional.of(false);
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

  private void publish(
      String account,
      String certificateId,
      String oldCertificateId,
      String domain,
      long reissueId,
      String summary,
      Map<String, String> extra,
      Instant now) {
    Map<String, String> details = new LinkedHashMap<>(extra);
    details.put("old_certificate_id", oldCertificateId);
    details.put("reissue_id", String.valueOf(reissueId));
    events.publish(
        new Event(
            NotifyEvent.DEPLOY_FAILED, account, certificateId, domain, summary, details, now));
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
