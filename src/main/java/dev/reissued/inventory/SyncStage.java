package dev.reissued.inventory;

import dev.reissued.db.DatabaseException;
import dev.reissued.db.Jdbc;
import dev.reissued.tencent.Certificate;
import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The temporary tables one sync stages its pages in, filled with COPY (PgJDBC's {@link
 * CopyManager}): every listed id in {@value #SEEN}, for the anti-join that finds the gone; the
 * page's new and changed certificates in {@value #CHANGED}, merged into {@code certificate} and
 * cleared page by page. Temporary tables write no WAL, and {@code ON COMMIT DROP} removes them
 * however the sync's transaction ends.
 */
final class SyncStage {
  static final String SEEN = "sync_seen";
  static final String CHANGED = "sync_changed";

  private final Jdbc.Handle handle;
  private final CopyManager copy;

  private SyncStage(Jdbc.Handle handle, CopyManager copy) {
    this.handle = handle;
    this.copy = copy;
  }

  /** Creates the stage in the handle's transaction. */
  static SyncStage create(Jdbc.Handle handle) {
    handle.update("CREATE TEMP TABLE " + SEEN + " (certificate_id text NOT NULL) ON COMMIT DROP");
    handle.update(
        "CREATE TEMP TABLE "
            + CHANGED
            + " ON COMMIT DROP AS SELECT "
            + InventorySync.COLUMNS
            + " FROM certificate WITH NO DATA");
    try {
      return new SyncStage(handle, handle.connection().unwrap(PGConnection.class).getCopyAPI());
    } catch (SQLException failure) {
      throw new DatabaseException(
          "cannot COPY on this connection: " + failure.getMessage(), failure);
    }
  }

  void seen(List<Certificate> page) {
    StringBuilder text = new StringBuilder(page.size() * 10);
    for (Certificate certificate : page) {
      appendValue(text, certificate.certificateId());
      text.append('\n');
    }
    copyIn("COPY " + SEEN + " (certificate_id) FROM STDIN", text);
  }

  /** Stages rows of values for {@link InventorySync#COLUMNS}. */
  void changed(List<Object[]> rows) {
    StringBuilder text = new StringBuilder(rows.size() * 2048);
    for (Object[] row : rows) {
      for (int index = 0; index < row.length; index++) {
        if (index > 0) {
          text.append('\t');
        }
        appendValue(text, row[index]);
      }
      text.append('\n');
    }
    copyIn("COPY " + CHANGED + " (" + InventorySync.COLUMNS + ") FROM STDIN", text);
  }

  void clearChanged() {
    handle.update("TRUNCATE " + CHANGED);
  }

  /** Temporary tables are never analysed on their own; the anti-join wants the real count. */
  void analyzeSeen() {
    handle.update("ANALYZE " + SEEN);
  }

  private void copyIn(String sql, StringBuilder text) {
    try {
      copy.copyIn(sql, new StringReader(text.toString()));
    } catch (SQLException failure) {
      throw new DatabaseException(failure.getMessage() + " [" + sql + "]", failure);
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** One value in COPY's text format: {@code \N} for null, arrays as literals, specials escaped. */
  static void appendValue(StringBuilder text, Object value) {
    if (value == null) {
      text.append("\\N");
    } else if (value instanceof String[] strings) {
      StringBuilder literal = new StringBuilder("{");
      for (int index = 0; index < strings.length; index++) {
        if (index > 0) {
          literal.append(',');
        }
        literal
            .append('"')
            .append(strings[index].replace("\\", "\\\\").replace("\"", "\\\""))
            .append('"');
      }
      appendEscaped(text, literal.append('}'));
    } else if (value instanceof Boolean flag) {
      text.append(flag ? 't' : 'f');
    } else if (value instanceof Instant instant) {
      // As Jdbc binds instants: PostgreSQL keeps microseconds.
      text.append(instant.truncatedTo(ChronoUnit.MICROS));
    } else {
      appendEscaped(text, value.toString());
    }
  }

  private static void appendEscaped(StringBuilder text, CharSequence value) {
    for (int index = 0; index < value.length(); index++) {
      char character = value.charAt(index);
      switch (character) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> text.append(character);
      }
    }
  }
}
