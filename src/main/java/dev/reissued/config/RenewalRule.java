package dev.reissued.config;

import dev.reissued.keys.KeySpec;
import java.util.ArrayList;
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
    Optional<Boolean> enabled,
    Optional<RenewalMode> mode) {

  public RenewalRule {
    Complaints complaints = new Complaints();
    if (complaints.present(
        "domains", domains, "is required: list the domain globs this rule applies to")) {
      if (domains.isEmpty()) {
        complaints.add("domains", "lists no domain");
      }
      List<String> stripped = new ArrayList<>();
      for (int index = 0; index < domains.size(); index++) {
        if (complaints.text("domains[" + index + "]", domains.get(index))) {
          stripped.add(domains.get(index).strip());
        }
      }
      domains = List.copyOf(stripped);
    }
    csrType = csrType == null ? Optional.empty() : csrType;
    validType = validType == null ? Optional.empty() : validType;
    key = key == null ? Optional.empty() : key;
    enabled = enabled == null ? Optional.empty() : enabled;
    mode = mode == null ? Optional.empty() : mode;
    // A rule that sets both owns the clash; one that inherits either is RenewalConfig's to judge.
    if (csrType.isPresent() && key.isPresent()) {
      csrType.get().keyProblem(key.get()).ifPresent(problem -> complaints.add("key", problem));
    }
    complaints.throwIfAny(RenewalRule.class);
  }

  /** A rule that leaves the renewal mode as configured. */
  public RenewalRule(
      List<String> domains,
      Optional<CsrType> csrType,
      Optional<ValidType> validType,
      Optional<KeySpec> key,
      Optional<Boolean> enabled) {
    this(domains, csrType, validType, key, enabled, Optional.empty());
  }

  /** A rule with nothing but domains only keeps later rules from matching them. */
  public boolean setsNothing() {
    return csrType.isEmpty()
        && validType.isEmpty()
        && key.isEmpty()
        && enabled.isEmpty()
        && mode.isEmpty();
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
