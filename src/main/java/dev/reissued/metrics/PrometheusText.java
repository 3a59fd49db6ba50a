package dev.reissued.metrics;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes the Prometheus text exposition format (version 0.0.4) for series rendered without
 * Micrometer meters: a family's {@code # HELP} and {@code # TYPE} lines, then its samples, each
 * family in one group. Label values are escaped as the format asks (backslash, double quote and
 * line feed); everything else, UTF-8 included, is written as it is.
 */
final class PrometheusText {
  private final Writer out;

  PrometheusText(Writer out) {
    this.out = out;
  }

  /** Starts a family: its samples must follow before the next family starts. */
  void family(String name, String type, String help) throws IOException {
    out.write("# HELP ");
    out.write(name);
    out.write(' ');
    escape(help, false);
    out.write("\n# TYPE ");
    out.write(name);
    out.write(' ');
    out.write(type);
    out.write('\n');
  }

  /** One sample; {@code labels} alternate name and value. */
  void sample(String name, long value, String... labels) throws IOException {
    labels(name, labels);
    out.write(Long.toString(value));
    out.write('\n');
  }

  /** One sample with a floating-point value; NaN and infinities as the format spells them. */
  void sample(String name, double value, String... labels) throws IOException {
    labels(name, labels);
    out.write(format(value));
    out.write('\n');
  }

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private void labels(String name, String... labels) throws IOException {
    out.write(name);
    if (labels.length > 0) {
      out.write('{');
      for (int index = 0; index < labels.length; index += 2) {
        if (index > 0) {
          out.write(',');
        }
        out.write(labels[index]);
        out.write("=\"");
        escape(labels[index + 1] == null ? "" : labels[index + 1], true);
        out.write('"');
      }
      out.write('}');
    }
    out.write(' ');
  }

  /**
   * Writes the text escaped character by character, without building a string per value. HELP
   * escapes backslash and line feed; label values also the double quote.
   */
  private void escape(String text, boolean quote) throws IOException {
    int start = 0;
    for (int index = 0; index < text.length(); index++) {
      char character = text.charAt(index);
      String replacement =
          switch (character) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '"' -> quote ? "\\\"" : null;
            default -> null;
          };
      if (replacement != null) {
        out.write(text, start, index - start);
        out.write(replacement);
        start = index + 1;
      }
    }
    out.write(text, start, text.length() - start);
  }
}
