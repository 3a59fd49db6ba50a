package dev.reissued.deliver;

import dev.reissued.ReissuedException;
import dev.reissued.config.OutputConfig;
import dev.reissued.config.RetryPolicy;
import dev.reissued.db.DatabaseException;
import dev.reissued.deliver.DeliveryLedger.Checked;
import dev.reissued.deliver.DeliveryLedger.Undelivered;
import dev.reissued.tencent.DownloadedCertificate;
import dev.reissued.tencent.TencentApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads an issued certificate's archive, checks it against the ask ({@link KeyCheck}) and
 * stores it. Whatever goes wrong is recorded on the row, which is tried again after {@code
 * renewal.retry}'s backoff.
 */
final class DownloadStep {
  private static final Logger log = LoggerFactory.getLogger(DownloadStep.class);

  private final DeliveryLedger ledger;
  private final KeyCheck check;
  private final OutputConfig output;
  private final boolean hasHook;
  private final RetryPolicy retry;
  private final DeployFailures failures;
  private final Clock clock;

  DownloadStep(StepCrew crew, KeyCheck check, boolean hasHook) {
    this.ledger = crew.ledger();
    this.check = check;
    this.output = crew.output();
    this.hasHook = hasHook;
    this.retry = crew.retry();
    this.failures = crew.failures();
    this.clock = crew.clock();
  }

  boolean deliver(Undelivered row, Delivery.Downloader downloader) {
    Instant now = clock.instant();
    try {
      DownloadedCertificate download = downloader.download(row.certificateId());
      Checked checked =
          check.check(row, CertificateArchive.read(row.certificateId(), download.content()));
      String filesStatus = output.dir().isPresent() ? "pending" : "none";
      String hookStatus = hasHook ? "pending" : "none";
      if (!ledger.delivered(row, checked, filesStatus, hookStatus, now)) {
        log.debug(
            "certificate {} [row {}] was delivered by another process",
            row.certificateId(),
            row.reissueId());
        return true;
      }
      log.info(
          "delivered certificate {} ({}) replacing {} [row {}]: valid until {}, serial {}, key"
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
          "cannot deliver certificate {} ({}) replacing {} [row {}]: {}; next attempt at {}",
          row.certificateId(),
          row.domain(),
          row.oldCertificateId(),
          row.reissueId(),
          reason,
          next);
      failures.cannotBe(
          "delivered",
          row,
          reason,
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
}
