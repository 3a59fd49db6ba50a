package dev.reissued.cli;

import dev.reissued.Printable;
import java.io.BufferedWriter;
import java.io.PrintWriter;

/**
 * A table written a row at a time, for output too large to hold: every column but the last padded
 * to a fixed width, since widths worked out from the rows would need them all first (or would
 * change from one chunk to the next). A longer cell pushes the rest of its row right, one space on,
 * and is never cut. Cells are escaped ({@link Printable}), as {@link TextTable} escapes them.
 */
final class FixedColumns {
  private final PrintWriter out;
  private final int[] widths;

  /** The row being written, reused: one row at a time, on one thread. */
  private final StringBuilder line = new StringBuilder(160);

  /** {@code widths[i]} is the room column i takes, its separating space included. */
  FixedColumns(PrintWriter out, int... widths) {
    this.out = out;
    this.widths = widths.clone();
  }

  /**
   * {@code out} behind a 64 KiB buffer that only {@link PrintWriter#flush} empties: a command's
   * writer flushes on every line, a system call per row when a million rows stream.
   */
  static PrintWriter buffered(PrintWriter out) {
    return new PrintWriter(new BufferedWriter(out, 1 << 16), false);
  }

  void row(Object... cells) {
    line.setLength(0);
    for (int index = 0; index < cells.length; index++) {
      String cell = cells[index] == null ? "-" : Printable.escape(cells[index].toString());
      line.append(cell);
      if (index < widths.length && index < cells.length - 1) {
        for (int pad = Math.max(1, widths[index] - cell.length()); pad > 0; pad--) {
          line.append(' ');
        }
      }
    }
    int end = line.length();
    while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    line.setLength(end);
    out.append(line.append(System.lineSeparator()));
  }
}
