package dev.reissued;

/**
 * Text from outside (domain names and messages from the API, names inside an archive) made safe to
 * print to a terminal or a log line. Every human output and every log field goes through {@link
 * #escape}; JSON output keeps the real value and escapes the same characters the JSON way.
 *
 * <p>Escaped are the code points a terminal or a log reader acts on instead of showing: C0 controls
 * (ESC starts the sequences that clear a screen or retitle a window; CR and LF forge log lines),
 * DEL, C1 controls (0x9B is an 8-bit CSI), the line and paragraph separators, and the invisible
 * format characters, among them the bidirectional overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) that make text read in an order other than its own. Everything else, non-Latin
 * scripts included, is kept.
 */
public final class Printable {
  private Printable() {}

  /** Whether {@code codePoint} is shown escaped. */
  public static boolean isUnsafe(int codePoint) {
    // Printable ASCII first: nearly every character of every line takes this branch, and
    // Character.getType costs a table walk per call (a quarter of plan's CPU at 1M rows).
    if (codePoint >= 0x20 && codePoint < 0x7F) {
      return false;
    }
    if (Character.isISOControl(codePoint)) {
      return true;
    }
    int type = Character.getType(codePoint);
    return type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }

  /**
   * {@code text} with every unsafe code point written as an escape: {@code \n}, {@code \r}, {@code
   * \t}, else {@code \u001b} ({@code \U000e0041} past the BMP). Null stays null.
   */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
    text.substring(first).codePoints().forEach(codePoint -> append(escaped, codePoint));
    return escaped.toString();
  }

  /** The index of the first unsafe code point of {@code text}, -1 when there is none. */
  private static int firstUnsafe(String text) {
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      if (c >= 0x20 && c < 0x7F) {
        continue;
      }
      int codePoint = text.codePointAt(index);
      if (isUnsafe(codePoint)) {
        return index;
      }
      if (Character.isSupplementaryCodePoint(codePoint)) {
        index++;
      }
    }
    return -1;
  }

  /** As {@link #escape(String)}, at most {@code maxCodePoints} of the text, then "...". */
  public static String escape(String text, int maxCodePoints) {
    if (text == null) {
      return null;
    }
    if (text.codePointCount(0, text.length()) <= maxCodePoints) {
      return escape(text);
    }
    return escape(text.substring(0, text.offsetByCodePoints(0, maxCodePoints))) + "...";
  }

  /** The escape for one unsafe code point, as {@link #escape(String)} writes it. */
  public static String escapeOf(int codePoint) {
    return switch (codePoint) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default ->
          codePoint <= 0xFFFF
              ? String.format("\\u%04x", codePoint)
              : String.format("\\U%08x", codePoint);
    };
  }

  private static void append(StringBuilder escaped, int codePoint) {
    if (isUnsafe(codePoint)) {
      escaped.append(escapeOf(codePoint));
    } else {
      escaped.appendCodePoint(codePoint);
    }
  }
}
