package dev.reissued.renewal;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.NotifyEvent;
import dev.reissued.config.RetryPolicy;
import dev.reissued.inventory.Inventory;
import dev.reissued.notify.Event;
import dev.reissued.notify.EventSink;
import dev.reissued.renewal.Ledger.OpenRow;
import dev.reissued.tencent.Certificate;
import dev.reissued.tencent.CertificateDetail;
import dev.reissued.tencent.DescribeCertificatesRequest;
import dev.reissued.tencent.ErrorClass;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Settles ledger rows whose outcome nobody knows — {@code unknown} rows, and {@code requested} rows
 * whose process is gone — by reading the API, never by sending the request again.
 *
 * <ul>
 *   <li>A row that was never sent ({@code sent_at} empty) and whose process is gone failed
 *       harmlessly: nothing left this host.
 *   <li>A sent row is {@code succeeded} as soon as the API shows the re-issue (the original's
 *       {@code ReplacedFor}, or a certificate whose {@code ReplacedBy} names it).
 *   <li>It is {@code failed} only when the API still shows none once the settling period after
 *       sending is over, so that no request can still be on its way.
 * </ul>
 */
public final class Reconciler {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Reconciler.class);
  static final String NOT_SENT = "reissued.NotSent";
  static final String NO_REISSUE_FOUND = "reissued.NoReissueFound";

  private final Ledger ledger;
  private final Inventory inventory;
  private final InFlight inFlight;
  private final ProcessLease lease;
  private final RetryPolicy retry;
  private final Clock clock;
  private final EventSink events;

  public Reconciler(
      Ledger ledger,
      Inventory inventory,
      InFlight inFlight,
      ProcessLease lease,
      RetryPolicy retry,
      Clock clock,
      EventSink events) {
    this.events = events;
    this.ledger = ledger;
    this.inventory = inventory;
    this.inFlight = inFlight;
    this.lease = lease;
    this.retry = retry;
    this.clock = clock;
  }

  /** What one reconciliation did. */
  public record Result(int settledSucceeded, int settledFailed, int stillOpen) {}

  public Result reconcile(AccountConfig account, TencentClient client) {
    int succeeded = 0;
    int failed = 0;
    int open = 0;
    Duration settling = Settling.period(account);
    for (OpenRow row : ledger.open(account.name())) {
      ReissueRecord record = row.record();
      if (inFlight.contains(record.id())) {
        open++;
        continue;
      }
      // A row of this very process that is not in flight was left by a pass that died: orphaned.
      boolean ours = row.ownerLease() == lease.lease();
      boolean ownerAlive = !ours && ProcessLease.isHeld(ledger.jdbc(), row.ownerLease());
      if (record.state() == ReissueState.REQUESTED && ownerAlive) {
        // Its process is alive and may be about to send: leave it to that process.
        open++;
        continue;
      }
      Instant now = clock.instant();
      if (record.sentAt() == null) {
        if (ledger.fail(
            record.id(),
            NOT_SENT,
            "never sent: the process that claimed it ("
                + record.claimedBy()
                + ") stopped before sending",
            null,
            true,
            now,
            "reconcile",
            now)) {
          log.info(
              "re-issue {} of certificate {} was never sent; free to try again",
              record.id(),
              record.certificateId());
          failed++;
        }
        continue;
      }
      switch (settle(record, client, now, settling)) {
        case SUCCEEDED -> succeeded++;
        case FAILED -> failed++;
        default -> open++;
      }
    }
    if (succeeded + failed > 0) {
      log.info(
          "reconciled account {}: {} succeeded, {} failed, {} still open",
          account.name(),
          succeeded,
          failed,
          open);
    }
    if (succeeded + failed == 0 && open > 0) {
      log.debug(
          "account {}: {} re-issues still open (in flight or settling)", account.name(), open);
    }
    return new Result(succeeded, failed, open);
  }

  private ReissueState settle(
      ReissueRecord record, TencentClient client, Instant now, Duration settling) {
    Optional<String> newId;
    try {
      newId = findReissue(record, client);
    } catch (TencentApiException unavailable) {
      if (unavailable.errorClass() == ErrorClass.GONE) {
        ledger.fail(
            record.id(),
            unavailable.code(),
            "certificate no longer exists",
            unavailable.requestId(),
            false,
            null,
            "reconcile",
            now);
        inventory.markGone(record.certificateId(), now);
        return ReissueState.FAILED;
      }
      log.warn(
          "cannot reconcile re-issue {} of certificate {} yet: {}",
          record.id(),
          record.certificateId(),
          unavailable.getMessage());
      if (unavailable.errorClass() == ErrorClass.ACCOUNT) {
        events.publish(
            new Event(
                NotifyEvent.ACCOUNT_REFUSED,
                record.account(),
                record.certificateId(),
                null,
                "account "
                    + record.account()
                    + " was refused while reconciling re-issue "
                    + record.id()
                    + ": "
                    + unavailable.code(),
                java.util.Map.of(
                    "reissue_id", String.valueOf(record.id()), "code", unavailable.code()),
                now));
      }
      if (!now.isBefore(record.sentAt().plus(settling))) {
        // Past the settling period and the API still cannot tell us: a human may want to look.
        events.publish(
            new Event(
                NotifyEvent.OUTCOME_UNKNOWN,
                record.account(),
                record.certificateId(),
                null,
                "re-issue "
                    + record.id()
                    + " of certificate "
                    + record.certificateId()
                    + " has an unknown outcome and cannot be reconciled yet: "
                    + unavailable.code(),
                java.util.Map.of(
                    "reissue_id", String.valueOf(record.id()), "code", unavailable.code()),
                now));
      }
      return ReissueState.UNKNOWN;
    }
    if (newId.isPresent()) {
      if (ledger.succeed(record.id(), newId.get(), null, "reconcile", now)) {
        log.info(
            "reconciled re-issue {}: certificate {} was re-issued as {} (the answer had been lost)",
            record.id(),
            record.certificateId(),
            newId.get());
        return ReissueState.SUCCEEDED;
      }
      return ReissueState.UNKNOWN;
    }
    Instant settledAt = record.sentAt().plus(settling);
    if (now.isBefore(settledAt)) {
      log.debug("re-issue {} is settling until {}", record.id(), settledAt);
      return ReissueState.UNKNOWN;
    }
    boolean retryable = record.attempt() < retry.maxAttempts();
    if (ledger.fail(
        record.id(),
        NO_REISSUE_FOUND,
        "the API shows no re-issue "
            + settling.toSeconds()
            + " s after the request: it was not carried out",
        null,
        retryable,
        now,
        "reconcile",
        now)) {
      log.info(
          "reconciled re-issue {}: certificate {} was not re-issued; {}",
          record.id(),
          record.certificateId(),
          retryable ? "it may be tried again" : "no attempts left");
      return ReissueState.FAILED;
    }
    return ReissueState.UNKNOWN;
  }

  /** The id of the certificate that re-issues the row's certificate, if the API shows one. */
  private Optional<String> findReissue(ReissueRecord record, TencentClient client) {
    CertificateDetail detail = client.describeCertificateDetail(record.certificateId());
    String replacedFor = detail.certificate().certificateExtra().replacedFor();
    if (replacedFor != null && !replacedFor.isBlank()) {
      return Optional.of(replacedFor);
    }
    String domain = detail.certificate().domain();
    if (domain == null || domain.isBlank()) {
      return Optional.empty();
    }
    return client
        .describeCertificates(
            DescribeCertificatesRequest.page(0, DescribeCertificatesRequest.MAX_LIMIT)
                .withSearchKey(domain))
        .certificates()
        .stream()
        .filter(
            candidate -> record.certificateId().equals(candidate.certificateExtra().replacedBy()))
        .map(Certificate::certificateId)
        .findFirst();
  }
}
