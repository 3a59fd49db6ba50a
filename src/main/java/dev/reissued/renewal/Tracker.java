package dev.reissued.renewal;

import dev.reissued.config.AccountConfig;
import dev.reissued.db.Jdbc;
import dev.reissued.deploy.Delivery;
import dev.reissued.inventory.InventorySync;
import dev.reissued.tencent.CertificateDetail;
import dev.reissued.tencent.DvAuth;
import dev.reissued.tencent.DvAuthDetail;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows each re-issued certificate until it is issued: its status and validity go into the
 * inventory, and for DNS or FILE validation the records an operator must publish go into {@code
 * v_validations}. Issued ones are then handed to {@link Delivery} (download, check, store, files,
 * deploy hook), which also picks up whatever an earlier pass left undone.
 */
public final class Tracker {
  private static final Logger log = LoggerFactory.getLogger(Tracker.class);

  private final Jdbc jdbc;
  private final InventorySync inventory;
  private final Delivery delivery;
  private final Clock clock;

  Tracker(Jdbc jdbc, InventorySync inventory, Delivery delivery, Clock clock) {
    this.jdbc = jdbc;
    this.inventory = inventory;
    this.delivery = delivery;
    this.clock = clock;
  }

  /** Certificates followed, found issued and still pending; then what delivery did. */
  public record Result(int followed, int issued, int pending, Delivery.Result delivery) {}

  private record Pending(long reissueId, String newCertificateId) {}

  public Result track(AccountConfig account, TencentClient client) {
    List<Pending> pending =
        jdbc.query(
            "SELECT id, new_certificate_id FROM reissue WHERE account = ? AND state = 'succeeded'"
                + " AND issued_at IS NULL AND new_certificate_id IS NOT NULL ORDER BY id",
            row -> new Pending(row.getLong(1), row.getString(2)),
            account.name());
    int issued = 0;
    for (Pending row : pending) {
      long id = row.reissueId();
      String newId = row.newCertificateId();
      try {
        CertificateDetail detail = client.describeCertificateDetail(newId);
        Instant now = clock.instant();
        boolean isIssued = detail.certificate().isIssued();
        jdbc.inTransaction(
            handle -> {
              inventory.upsertOne(handle, account.name(), detail.certificate());
              storeValidations(handle, newId, detail.dvAuthDetail(), now);
              handle.update(
                  "UPDATE reissue SET tracked_at = ?, issued_at = CASE WHEN ? THEN ? ELSE issued_at END WHERE id = ?",
                  now,
                  isIssued,
                  now,
                  id);
              return null;
            });
        if (isIssued) {
          issued++;
          log.info(
              "certificate {} (re-issue row {}) is issued, valid until {}",
              newId,
              id,
              detail.certificate().certEndTime());
        } else {
          log.debug(
              "certificate {} is not issued yet: {}", newId, detail.certificate().statusMsg());
        }
      } catch (TencentApiException unavailable) {
        log.warn(
            "cannot follow certificate {} (re-issue row {}): {}",
            newId,
            id,
            unavailable.getMessage());
      }
    }
    Delivery.Result delivered = delivery.run(account.name(), client::downloadCertificate);
    return new Result(pending.size(), issued, pending.size() - issued, delivered);
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
