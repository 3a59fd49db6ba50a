package dev.reissued.track;

import dev.reissued.config.AccountConfig;
import dev.reissued.db.Jdbc;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.inventory.InventorySync;
import dev.reissued.notify.EventSink;
import dev.reissued.renewal.Action;
import dev.reissued.renewal.Ledger;
import dev.reissued.renewal.Ledger.AwaitingIssue;
import dev.reissued.tencent.CertificateDetail;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows each re-issued certificate until it is issued: its status and validity go into the
 * inventory, and for DNS or FILE validation the records an operator must publish go into {@code
 * v_validations} (this stage's table, {@code validation}). An issued one is handed over to delivery
 * in the same transaction that records it issued.
 */
public final class Tracker {
  private static final Logger log = LoggerFactory.getLogger(Tracker.class);

  private final Jdbc jdbc;
  private final Ledger ledger;
  private final Inventory inventory;
  private final InventorySync sync;
  private final IssuedHandover handover;
  private final Extension extension;
  private final Clock clock;

  public Tracker(
      Jdbc jdbc,
      Ledger ledger,
      Inventory inventory,
      InventorySync sync,
      IssuedHandover handover,
      EventSink events,
      Clock clock) {
    this.jdbc = jdbc;
    this.ledger = ledger;
    this.inventory = inventory;
    this.sync = sync;
    this.handover = handover;
    this.extension = new Extension(ledger, events);
    this.clock = clock;
  }

  /** Certificates followed, found issued and still pending. */
  public record Result(int followed, int issued, int pending) {}

  public Result track(AccountConfig account, TencentClient client) {
    List<AwaitingIssue> pending = ledger.awaitingIssue(account.name());
    int issued = 0;
    for (AwaitingIssue row : pending) {
      String newId = row.newCertificateId();
      try {
        CertificateDetail detail = client.describeCertificateDetail(newId);
        Instant now = clock.instant();
        boolean isIssued = detail.certificate().isIssued();
        Instant notAfter = detail.certificate().certEndTime();
        Optional<InventoryCertificate> original = inventory.find(row.oldCertificateId());
        jdbc.inTransaction(
            handle -> {
              sync.upsertOne(handle, account.name(), detail.certificate());
              Validations.store(handle, newId, detail.dvAuthDetail(), now);
              if (!isIssued) {
                ledger.recordTracked(handle, row.reissueId(), now);
                return null;
              }
              Boolean extended = extension.extended(original, notAfter);
              ledger.recordIssued(handle, row.reissueId(), notAfter, extended, now);
              extension.recordNotExtended(handle, row, extended, notAfter, now);
              handover.handOver(handle, issued(row, original));
              return null;
            });
        if (isIssued) {
          issued++;
          log.info(
              "certificate {} ({} row {}) is issued, valid until {}",
              newId,
              row.action().sql(),
              row.reissueId(),
              notAfter);
          extension.reportNotExtended(row, original, notAfter, now);
        } else {
          log.debug(
              "certificate {} is not issued yet: {}", newId, detail.certificate().statusMsg());
        }
      } catch (TencentApiException unavailable) {
        log.warn(
            "cannot follow certificate {} (re-issue row {}): {}",
            newId,
            row.reissueId(),
            unavailable.getMessage());
      }
    }
    return new Result(pending.size(), issued, pending.size() - issued);
  }

  private static Issued issued(AwaitingIssue row, Optional<InventoryCertificate> original) {
    return new Issued(
        row.reissueId(),
        row.account(),
        row.oldCertificateId(),
        row.newCertificateId(),
        row.csrType(),
        original.map(InventoryCertificate::domain).orElse(""),
        // A new free certificate names its domain only (ApplyCertificate's DnsNames is not open).
        row.action() == Action.APPLY
            ? List.of()
            : original.map(InventoryCertificate::altNames).orElse(List.of()));
  }
}
