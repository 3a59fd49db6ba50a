package dev.reissued.track;

import dev.reissued.config.NotifyEvent;
import dev.reissued.db.Jdbc;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.notify.Event;
import dev.reissued.notify.EventSink;
import dev.reissued.renewal.Action;
import dev.reissued.renewal.Ledger;
import dev.reissued.renewal.Ledger.AwaitingIssue;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Did a renewal really extend validity? Tencent's documents do not say whether a re-issue gets a
 * fresh validity, and CAs generally keep the original's end date. So when a new certificate is
 * issued, its end date is compared with the one it renews: not later by {@link #MARGIN} means the
 * lineage was re-issued, not renewed. That is recorded on the row (and for the account: renewal
 * mode auto then applies straight away) and reported as {@link NotifyEvent#RENEWAL_NOT_EXTENDED};
 * the policy then treats the lineage as still due.
 */
final class Extension {
  private static final Logger log = LoggerFactory.getLogger(Extension.class);

  /** A re-issue that keeps the end date ends on the same second; a fresh one months later. */
  static final Duration MARGIN = Duration.ofDays(1);

  private final Ledger ledger;
  private final EventSink events;

  Extension(Ledger ledger, EventSink events) {
    this.ledger = ledger;
    this.events = EventSink.guarded(events);
  }

  /** Null when either end date is unknown. */
  Boolean extended(Optional<InventoryCertificate> original, Instant notAfter) {
    Instant before = original.map(InventoryCertificate::notAfter).orElse(null);
    if (before == null || notAfter == null) {
      return null;
    }
    return notAfter.isAfter(before.plus(MARGIN));
  }

  /** In tracking's transaction: a re-issue that kept the end date teaches the account. */
  void recordNotExtended(
      Jdbc.Handle handle, AwaitingIssue row, Boolean extended, Instant notAfter, Instant now) {
    if (row.action() == Action.REISSUE && Boolean.FALSE.equals(extended)) {
      ledger.observeReissueKeepsEndDate(
          handle,
          row.account(),
          "re-issue row "
              + row.reissueId()
              + ": "
              + row.oldCertificateId()
              + " re-issued as "
              + row.newCertificateId()
              + ", still ending "
              + notAfter,
          now);
    }
  }

  /** After the commit: the event, and a line at WARN an operator will see in the journal. */
  void reportNotExtended(
      AwaitingIssue row, Optional<InventoryCertificate> original, Instant notAfter, Instant now) {
    if (!Boolean.FALSE.equals(extended(original, notAfter))) {
      return;
    }
    String domain = original.map(InventoryCertificate::domain).orElse(null);
    String summary =
        (row.action() == Action.APPLY ? "renewed " : "re-issued ")
            + row.oldCertificateId()
            + (domain == null ? "" : " (" + domain + ")")
            + " as "
            + row.newCertificateId()
            + ", but it still expires on "
            + notAfter
            + ": not renewed"
            + (row.action() == Action.REISSUE
                ? "; a new free certificate will be applied for where the rules allow"
                : "");
    log.warn("{} [row {}]", summary, row.reissueId());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("reissue_id", String.valueOf(row.reissueId()));
    details.put("new_certificate_id", row.newCertificateId());
    details.put("not_after", String.valueOf(notAfter));
    details.put("kind", row.action().sql());
    events.publish(
        new Event(
            NotifyEvent.RENEWAL_NOT_EXTENDED,
            row.account(),
            row.oldCertificateId(),
            domain,
            summary,
            details,
            now));
  }
}
