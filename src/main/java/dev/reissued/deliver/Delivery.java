package dev.reissued.deliver;

import dev.reissued.config.OutputConfig;
import dev.reissued.config.RetryPolicy;
import dev.reissued.db.Jdbc;
import dev.reissued.deliver.DeliveryLedger.Delivered;
import dev.reissued.deliver.DeliveryLedger.Undelivered;
import dev.reissued.keys.Sealer;
import dev.reissued.notify.EventSink;
import dev.reissued.renewal.SealedSecrets;
import dev.reissued.tencent.DownloadedCertificate;
import dev.reissued.track.Issued;
import dev.reissued.track.IssuedHandover;
import java.time.Clock;
import java.time.Instant;

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
public final class Delivery implements IssuedHandover {
  private final DeliveryLedger ledger;
  private final DownloadStep download;
  private final FilesStep files;
  private final HookStep hook;
  private final Clock clock;

  public Delivery(
      Jdbc jdbc,
      SealedSecrets secrets,
      Sealer sealer,
      OutputConfig output,
      RetryPolicy retry,
      Clock clock,
      EventSink events,
      String processName) {
    this.ledger = new DeliveryLedger(jdbc, secrets);
    this.clock = clock;
    KeyVault keys = new KeyVault(ledger, sealer);
    StepCrew crew = new StepCrew(ledger, keys, output, retry, new DeployFailures(events), clock);
    this.hook =
        output
            .deployHook()
            .map(
                command ->
                    new HookStep(
                        crew,
                        new HookClaims(jdbc),
                        new DeployHook(command, output.hookTimeout()),
                        processName))
            .orElse(null);
    this.download = new DownloadStep(crew, new KeyCheck(ledger, keys, sealer), hook != null);
    this.files = new FilesStep(crew);
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

  /** Takes over a certificate tracking found issued, in tracking's transaction. */
  @Override
  public void handOver(Jdbc.Handle handle, Issued issued) {
    ledger.expect(handle, issued, clock.instant());
  }

  public Result run(String account, Downloader downloader) {
    int delivered = 0;
    int deliveryFailures = 0;
    for (Undelivered row : ledger.undelivered(account, clock.instant())) {
      if (download.deliver(row, downloader)) {
        delivered++;
      } else {
        deliveryFailures++;
      }
    }
    int written = 0;
    for (Delivered row : ledger.filesDue(account)) {
      if (files.write(row)) {
        written++;
      }
    }
    int hooksSucceeded = 0;
    int hooksFailed = 0;
    if (hook != null) {
      Instant now = clock.instant();
      for (Delivered row : hook.due(account, now)) {
        switch (hook.run(row)) {
          case SUCCEEDED -> hooksSucceeded++;
          case FAILED -> hooksFailed++;
          case TAKEN -> {}
        }
      }
    }
    return new Result(delivered, deliveryFailures, written, hooksSucceeded, hooksFailed);
  }
}
