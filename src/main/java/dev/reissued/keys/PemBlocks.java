package dev.reissued.keys;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds PEM blocks ({@code -----BEGIN LABEL----- ... -----END LABEL-----}) anywhere in a text, in
 * one pass: every character is looked at a bounded number of times, whatever the text holds.
 *
 * <p>A regular expression with a lazy {@code (.*?)} and DOTALL searches to the end of the text for
 * every BEGIN whose END never comes, which made 1 MiB of repeated {@code -----BEGIN
 * CERTIFICATE-----} lines cost minutes of CPU. Blocks cannot nest, so here a block's END is looked
 * for only up to the next BEGIN; a block without one is counted as unclosed and skipped. The number
 * of BEGIN markers looked at is capped by the caller, so the work after the scan (parsing each
 * block) is bounded too.
 */
public final class PemBlocks {
  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";
  private static final int MAX_LABEL = 40;

  private PemBlocks() {}

  /**
   * One complete block.
   *
   * @param label e.g. {@code CERTIFICATE}, {@code ENCRYPTED PRIVATE KEY}
   * @param pem the whole block, BEGIN and END lines included
   * @param body what lies between the two lines: headers (if any) and base64
   */
  public record Block(String label, String pem, String body) {
    @Override
    public String toString() {
      // A block may be an unencrypted private key.
      return "Block[label=" + label + ", pem=<masked>]";
    }
  }

  /**
   * What a scan found.
   *
   * @param markers BEGIN markers looked at (complete, unclosed or malformed)
   * @param unclosed BEGIN markers with a well-formed label whose END never came before the next
   *     BEGIN or the end of the text
   * @param exceeded true when the text held more than the allowed number of markers; the scan
   *     stopped there and {@code blocks} holds only what came before
   */
  public record Scan(List<Block> blocks, int markers, int unclosed, boolean exceeded) {
    public Scan {
      blocks = List.copyOf(blocks);
    }
  }

  /** Scans {@code text}, looking at no more than {@code maxMarkers} BEGIN markers. */
  public static Scan scan(String text, int maxMarkers) {
    List<Block> blocks = new ArrayList<>();
    int markers = 0;
    int unclosed = 0;
    int begin = text.indexOf(BEGIN);
    while (begin >= 0) {
      if (++markers > maxMarkers) {
        return new Scan(blocks, markers - 1, unclosed, true);
      }
      int next = text.indexOf(BEGIN, begin + 1);
      int limit = next < 0 ? text.length() : next;
      int labelStart = begin + BEGIN.length();
      int labelEnd = labelEnd(text, labelStart, limit);
      if (labelEnd < 0) {
        begin = next;
        continue;
      }
      String label = text.substring(labelStart, labelEnd);
      int bodyStart = labelEnd + DASHES.length();
      String endMarker = "-----END " + label + DASHES;
      int end = indexOf(text, endMarker, bodyStart, limit);
      if (end < 0) {
        unclosed++;
      } else {
        blocks.add(
            new Block(
                label,
                text.substring(begin, end + endMarker.length()),
                text.substring(bodyStart, end)));
      }
      begin = next;
    }
    return new Scan(blocks, markers, unclosed, false);
  }

  /**
   * Where a label of 1 to 40 of {@code [A-Z0-9 ]} followed by five dashes ends, or -1 when there is
   * none.
   */
  private static int labelEnd(String text, int from, int limit) {
    int at = from;
    while (at < limit && at - from <= MAX_LABEL && isLabelCharacter(text.charAt(at))) {
      at++;
    }
    int length = at - from;
    boolean closed = at + DASHES.length() <= limit && text.startsWith(DASHES, at);
    return length >= 1 && length <= MAX_LABEL && closed ? at : -1;
  }

  private static boolean isLabelCharacter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
  }

  /**
   * {@code needle} in {@code text} between {@code from} and {@code limit} only: String.indexOf
   * would search on to the end of the text, which is what made the regular expression quadratic.
   */
  private static int indexOf(String text, String needle, int from, int limit) {
    char first = needle.charAt(0);
    for (int at = from; at + needle.length() <= limit; at++) {
      if (text.charAt(at) == first && text.startsWith(needle, at)) {
        return at;
      }
    }
    return -1;
  }
}
