package dev.reissued.config;

import dev.reissued.keys.KeySpec;
import java.time.Duration;
import java.util.List;

/** When and how certificates are re-issued; rules refine the defaults by domain. */
public record RenewalConfig(
    Duration renewBefore,
    CsrType csrType,
    ValidType validType,
    KeySpec key,
    RetryPolicy retry,
    List<RenewalRule> rules) {

  public RenewalConfig {
    rules = List.copyOf(rules);
  }

  /** The settings for one domain: the first matching rule over the defaults. */
  public EffectiveSettings settingsFor(String domain) {
    for (int index = 0; index < rules.size(); index++) {
      RenewalRule rule = rules.get(index);
      if (rule.matches(domain)) {
        return new EffectiveSettings(
            rule.csrType().orElse(csrType),
            rule.validType().orElse(validType),
            rule.key().orElse(key),
            rule.enabled().orElse(true),
            index);
      }
    }
    return new EffectiveSettings(csrType, validType, key, true, -1);
  }

  /** What applies to one domain; {@code ruleIndex} is -1 when no rule matched. */
  public record EffectiveSettings(
      CsrType csrType, ValidType validType, KeySpec key, boolean enabled, int ruleIndex) {
    /** How a free certificate is renewed. */
    public RenewalMode mode() {
      return RenewalMode.auto;
    }
  }
}
