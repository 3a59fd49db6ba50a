package dev.reissued.cli;

import dev.reissued.db.Jdbc;
import dev.reissued.inventory.CertificateStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;

/**
 * The status table, one line per certificate as it is read, soonest expiry first. Columns have
 * fixed widths ({@link FixedColumns}): the first line is out before the database has read the rest,
 * and the columns stay put from the first chunk to the last. The output is flushed after the first
 * row and then once a chunk.
 */
final class StatusReport implements Consumer<CertificateStatus> {
  /** Room for most domains; ids are 8 characters, states at most 9 ("succeeded"). */
  private static final int[] WIDTHS = {35, 10, 13, 11, 6, 8, 11};

  private final PrintWriter out;
  private final FixedColumns table;
  private long rows;

  StatusReport(PrintWriter out) {
    this.out = out;
    this.table = new FixedColumns(out, WIDTHS);
  }

  /** The table of certificates already read (the demo's handful). */
  static void print(PrintWriter out, List<CertificateStatus> certificates) {
    StatusReport report = new StatusReport(out);
    certificates.forEach(report);
    report.finish();
  }

  @Override
  public void accept(CertificateStatus certificate) {
    if (rows == 0) {
      table.row("DOMAIN", "ID", "ACCOUNT", "DAYS LEFT", "FREE", "STATUS", "STATE", "REISSUED TO");
    }
    table.row(
        certificate.domain(),
        certificate.certificateId(),
        certificate.account(),
        certificate.daysLeft(),
        certificate.free() ? "free" : "paid",
        certificate.status(),
        certificate.renewalState(),
        certificate.reissuedTo());
    if (++rows == 1 || rows % Jdbc.FETCH_SIZE == 0) {
      out.flush();
    }
  }

  /** Ends the table: says so when there was nothing to show. */
  void finish() {
    if (rows == 0) {
      out.println("no certificates in the inventory yet");
    }
    out.flush();
  }
}
