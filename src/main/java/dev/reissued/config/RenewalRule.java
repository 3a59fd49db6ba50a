package dev.reissued.config;

import dev.reissued.keys.KeySpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings for the certificates whose domain matches one of {@code domains}. Globs: {@code *}
 * matches any run of characters (dots included), {@code ?} one character, case-insensitively.
 */
public record RenewalRule(
    List<String> domains,
    Optional<CsrType> csrType,
    Optional<ValidType> validType,
    Optional<KeySpec> key,
    Optional<Boolean> enabled) {

  public RenewalRule {
    domains = List.copyOf(domains);
  }

  public boolean matches(String domain) {
    String candidate = domain == null ? "" : domain.toLowerCase(Locale.ROOT);
    for (String glob : domains) {
      if (toPattern(glob).matcher(candidate).matches()) {
        return true;
      }
    }
    return false;
  }

  static Pattern toPattern(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
