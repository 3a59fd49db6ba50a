package dev.reissued.cli;

import dev.reissued.Printable;
import java.io.IOException;
import java.io.Writer;

/**
 * The net under every command's stdout and stderr: whatever a command prints, a control character
 * other than the line breaks and tabs of its own layout reaches the terminal as an escape ({@link
 * Printable#escapeOf}), never as ESC or CSI. Fields from outside are escaped where they are printed
 * (a newline in a domain name must not start a table row); this catches what a new print forgets.
 * The escapes are JSON's own, so {@code --json} output stays valid and means the same.
 */
final class TerminalSafeWriter extends Writer {
  private final Writer out;

  TerminalSafeWriter(Writer out) {
    this.out = out;
  }

  @Override
  public void write(char[] buffer, int offset, int length) throws IOException {
    StringBuilder safe = null;
    for (int index = offset; index < offset + length; index++) {
      char c = buffer[index];
      // Surrogates pass: a pair may be split across two writes, and one unit says nothing alone.
      boolean keep = c == '\n' || c == '\t' || Character.isSurrogate(c) || !Printable.isUnsafe(c);
      if (!keep && safe == null) {
        safe = new StringBuilder(length + 16).append(buffer, offset, index - offset);
      }
      if (safe != null) {
        if (keep) {
          safe.append(c);
        } else {
          safe.append(Printable.escapeOf(c));
        }
      }
    }
    if (safe == null) {
      out.write(buffer, offset, length);
    } else {
      out.write(safe.toString());
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
