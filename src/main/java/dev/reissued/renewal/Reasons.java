package dev.reissued.renewal;

import dev.reissued.inventory.InventoryCertificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** The words of the policy's reasons. Dates are in the clock's zone: the operator's local time. */
final class Reasons {
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final Clock clock;

  Reasons(Clock clock) {
    this.clock = clock;
  }

  String day(Instant instant) {
    return instant == null ? "an unknown date" : DAY.format(instant.atZone(clock.getZone()));
  }

  String minute(Instant instant) {
    return instant == null ? "an unknown time" : MINUTE.format(instant.atZone(clock.getZone()));
  }

  static long daysLeft(Instant notAfter, Instant now) {
    return Math.floorDiv(Duration.between(now, notAfter).getSeconds(), 86_400);
  }

  String open(ReissueRecord open) {
    String what = open.action() == Action.APPLY ? "apply" : "re-issue";
    if (open.state() == ReissueState.UNKNOWN) {
      return what
          + " outcome unknown since "
          + minute(open.sentAt() == null ? open.requestedAt() : open.sentAt())
          + " (ledger row "
          + open.id()
          + "): never re-sent; reconciliation reads the API to settle it";
    }
    return what
        + " in progress since "
        + minute(open.requestedAt())
        + " (ledger row "
        + open.id()
        + ", by "
        + open.claimedBy()
        + ")";
  }

  /** A succeeded row: what it did, and whether that renewed the lineage. */
  String done(InventoryCertificate certificate, ReissueRecord done) {
    if (done.action() == Action.APPLY) {
      return "renewed on "
          + day(done.finishedAt())
          + " by a new free certificate (new id "
          + done.newCertificateId()
          + ")";
    }
    String head =
        (certificate.free() ? "free re-issue already used" : "already re-issued")
            + " on "
            + day(done.finishedAt())
            + " (new id "
            + done.newCertificateId()
            + ")";
    if (Boolean.FALSE.equals(done.extended())) {
      return "re-issued on "
          + day(done.finishedAt())
          + " as "
          + done.newCertificateId()
          + ", but it still expires on "
          + day(done.issuedNotAfter())
          + ": not renewed; "
          + done.newCertificateId()
          + " carries the lineage on";
    }
    return head;
  }

  static String status(InventoryCertificate certificate) {
    Integer status = certificate.status();
    String name =
        certificate.statusName() == null || certificate.statusName().isBlank()
            ? ""
            : " (" + certificate.statusName() + ")";
    if (status == null) {
      return "status unknown: only issued certificates (status 1) can be re-issued";
    }
    return switch (status) {
      case 0, 4, 5, 8, 13 ->
          "not issued yet: status " + status + name + "; only issued certificates can be re-issued";
      case 3 -> "expired: apply for a new certificate";
      case 11 -> "being re-issued already (status 11" + name + ")";
      default ->
          "status " + status + name + ": only issued certificates (status 1) can be re-issued";
    };
  }

  static String message(ReissueRecord record) {
    return record.errorMessage() == null || record.errorMessage().isBlank()
        ? ""
        : " (" + record.errorMessage() + ")";
  }
}
