package dev.reissued.cli;

import dev.reissued.inventory.CertificateStatus;
import java.io.PrintWriter;
import java.util.List;

/** The status table: one line per certificate, soonest expiry first. */
final class StatusReport {
  private StatusReport() {}

  static void print(PrintWriter out, List<CertificateStatus> certificates) {
    if (certificates.isEmpty()) {
      out.println("no certificates in the inventory yet");
      out.flush();
      return;
    }
    TextTable table =
        new TextTable(
            "DOMAIN", "ID", "ACCOUNT", "DAYS LEFT", "FREE", "STATUS", "STATE", "REISSUED TO");
    for (CertificateStatus certificate : certificates) {
      table.row(
          certificate.domain(),
          certificate.certificateId(),
          certificate.account(),
          certificate.daysLeft(),
          certificate.free() ? "free" : "paid",
          certificate.status(),
          certificate.renewalState(),
          certificate.reissuedTo());
    }
    table.print(out);
  }
}
