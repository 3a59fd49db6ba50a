package dev.reissued.keys;

import dev.reissued.Printable;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a name before it goes into a CSR and turns it into the one form certificates carry: ASCII,
 * lower case, internationalized labels as punycode ({@code bücher.example} becomes {@code
 * xn--bcher-kva.example}).
 *
 * <p>Rules, each with its own message: at most 253 characters in all and 63 per label; labels are
 * letters, digits and hyphens, not starting or ending with a hyphen; at least two labels (public
 * certificates do not name single-label hosts); the last label is not numeric (IP addresses are not
 * domain names); a wildcard is a whole leftmost label ({@code *.example.com}) covering at least two
 * labels. One trailing dot is accepted and removed: {@code example.com.} is the absolute form of
 * {@code example.com} and certificates carry the relative one. Internationalized labels are
 * converted with the JDK's IDNA 2003 rules.
 */
public final class DomainNames {
  public static final int MAX_NAME_LENGTH = 253;
  public static final int MAX_LABEL_LENGTH = 63;
  private static final String WILDCARD = "*";

  private DomainNames() {}

  /**
   * The normalized name; a {@link KeyException} naming the input and the rule it breaks otherwise.
   */
  public static String normalize(String name) {
    if (name == null || name.isBlank()) {
      throw new KeyException("domain name is empty");
    }
    // IDNA treats these full stops as dots; accept them so a pasted Chinese name splits correctly.
    String text = name.strip().replace('\u3002', '.').replace('\uff0e', '.').replace('\uff61', '.');
    if (text.endsWith(".") && text.length() > 1) {
      text = text.substring(0, text.length() - 1);
    }
    String[] labels = text.split("\\.", -1);
    List<String> ascii = new ArrayList<>(labels.length);
    for (int index = 0; index < labels.length; index++) {
      ascii.add(label(name, labels[index], index));
    }
    boolean wildcard = ascii.get(0).equals(WILDCARD);
    int named = wildcard ? ascii.size() - 1 : ascii.size();
    if (wildcard && named == 0) {
      throw invalid(name, "a wildcard needs a domain after it, as in *.example.com");
    }
    if (named < 2) {
      throw invalid(
          name,
          wildcard
              ? "a wildcard must cover a name of at least two labels, as in *.example.com"
              : "a single label is not a public domain name; use a name like example.com");
    }
    if (ascii.get(ascii.size() - 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(name, "the last label is numeric; IP addresses are not domain names");
    }
    String normalized = String.join(".", ascii);
    if (normalized.length() > MAX_NAME_LENGTH) {
      throw invalid(
          name,
          normalized.length() + " characters long; at most " + MAX_NAME_LENGTH + " are allowed");
    }
    return normalized;
  }

  /** Every name normalized, duplicates (after normalization) dropped, order kept. */
  public static List<String> normalizeAll(List<String> names) {
    List<String> normalized = new ArrayList<>(names.size());
    for (String name : names) {
      String one = normalize(name);
      if (!normalized.contains(one)) {
        normalized.add(one);
      }
    }
    return List.copyOf(normalized);
  }

  private static String label(String name, String label, int index) {
    if (label.isEmpty()) {
      throw invalid(name, "empty label");
    }
    if (label.contains(WILDCARD)) {
      if (index > 0) {
        throw invalid(name, "a wildcard is allowed only as the leftmost label");
      }
      if (!label.equals(WILDCARD)) {
        throw invalid(name, "a wildcard must be a whole label, as in *.example.com");
      }
      return WILDCARD;
    }
    String ascii = label;
    if (!label.chars().allMatch(c -> c < 0x80)) {
      try {
        ascii = IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES);
      } catch (IllegalArgumentException notIdna) {
        // The JDK checks the 63-character limit itself once the label is punycode.
        String reason =
            String.valueOf(notIdna.getMessage()).contains("too long")
                ? "is more than "
                    + MAX_LABEL_LENGTH
                    + " characters long as punycode; at most "
                    + MAX_LABEL_LENGTH
                    + " are allowed"
                : "cannot be converted to punycode: " + notIdna.getMessage();
        throw invalid(name, "label '" + Printable.escape(label) + "' " + reason);
      }
    }
    ascii = ascii.toLowerCase(Locale.ROOT);
    for (int position = 0; position < ascii.length(); position++) {
      char c = ascii.charAt(position);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        throw invalid(
            name,
            "label '"
                + Printable.escape(label)
                + "' contains '"
                + Printable.escape(String.valueOf(c))
                + "'; only letters, digits and hyphens are allowed");
      }
    }
    if (ascii.startsWith("-") || ascii.endsWith("-")) {
      throw invalid(name, "label '" + Printable.escape(label) + "' starts or ends with a hyphen");
    }
    if (ascii.length() > MAX_LABEL_LENGTH) {
      throw invalid(
          name,
          "label '"
              + Printable.escape(label)
              + "' is "
              + ascii.length()
              + " characters long; at most "
              + MAX_LABEL_LENGTH
              + " are allowed");
    }
    return ascii;
  }

  private static KeyException invalid(String name, String rule) {
    return new KeyException("'" + Printable.escape(name) + "' is not a valid domain name: " + rule);
  }
}
