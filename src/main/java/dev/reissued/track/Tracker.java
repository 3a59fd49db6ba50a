package dev.reissued.track;

import dev.reissued.config.AccountConfig;
import dev.reissued.db.Jdbc;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.inventory.InventorySync;
import dev.reissued.renewal.Ledger;
import dev.reissued.renewal.Ledger.AwaitingIssue;
import dev.reissued.tencent.CertificateDetail;
import dev.reissued.tencent.DvAuth;
import dev.reissued.tencent.DvAuthDetail;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
  private final Clock clock;

  public Tracker(
      Jdbc jdbc,
      Ledger ledger,
      Inventory inventory,
      InventorySync sync,
      IssuedHandover handover,
      Clock clock) {
    this.jdbc = jdbc;
    this.ledger = ledger;
    this.inventory = inventory;
    this.sync = sync;
    this.handover = handover;
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
        Optional<InventoryCertificate> original = inventory.find(row.oldCertificateId());
        jdbc.inTransaction(
            handle -> {
              sync.upsertOne(handle, account.name(), detail.certificate());
              storeValidations(handle, newId, detail.dvAuthDetail(), now);
              ledger.recordTracked(handle, row.reissueId(), isIssued, now);
              if (isIssued) {
                handover.handOver(handle, issued(row, original));
              }
              return null;
            });
        if (isIssued) {
          issued++;
          log.info(
              "certificate {} (re-issue row {}) is issued, valid until {}",
              newId,
              row.reissueId(),
              detail.certificate().certEndTime());
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
        original.map(InventoryCertificate::altNames).orElse(List.of()));
  }

  private static void storeValidations(
      Jdbc.Handle handle, String certificateId, DvAuthDetail detail, Instant now) {
    handle.update("DELETE FROM validation WHERE certificate_id = ?", certificateId);
    if (detail == null) {
      return;
    }
    List<Object[]> rows = new ArrayList<>();
    if (detail.dvAuths().isEmpty()) {
      if (detail.dvAuthKey() != null || detail.dvAuthValue() != null) {
        rows.add(
            new Object[] {
              certificateId,
              0,
              detail.dvAuthDomain(),
              null,
              detail.dvAuthKey(),
              detail.dvAuthValue(),
              detail.dvAuthPath(),
              detail.dvAuthKeySubDomain(),
              now
            });
      }
    } else {
      int position = 0;
      for (DvAuth auth : detail.dvAuths()) {
        rows.add(
            new Object[] {
              certificateId,
              position++,
              auth.dvAuthDomain(),
              auth.dvAuthVerifyType(),
              auth.dvAuthKey(),
              auth.dvAuthValue(),
              auth.dvAuthPath(),
              auth.dvAuthSubDomain(),
              now
            });
      }
    }
    handle.batch(
        "INSERT INTO validation (certificate_id, position, domain, verify_type, auth_key, auth_value, auth_path,"
            + " sub_domain, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows);
  }
}
