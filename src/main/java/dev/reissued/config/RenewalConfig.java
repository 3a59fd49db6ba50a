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
    List<RenewalRule> rules,
    RenewalMode mode) {
  public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofDays(30);
  public static final RenewalMode DEFAULT_MODE = RenewalMode.auto;
  public static final CsrType DEFAULT_CSR_TYPE = CsrType.Upload;
  public static final ValidType DEFAULT_VALID_TYPE = ValidType.DNS_AUTO;

  /** Also the only key Tencent re-issues free certificates with, whatever is configured. */
  public static final KeySpec DEFAULT_KEY = KeySpec.RSA_2048;

  public static final DurationRange RENEW_BEFORE =
      new DurationRange(Duration.ofHours(1), Duration.ofDays(365));

  public RenewalConfig {
    Complaints complaints = new Complaints();
    complaints.within("renewBefore", renewBefore, RENEW_BEFORE);
    complaints.present("csrType", csrType);
    complaints.present("validType", validType);
    complaints.present("key", key);
    complaints.present("retry", retry);
    mode = mode == null ? DEFAULT_MODE : mode;
    if (complaints.present("rules", rules)) {
      rules = List.copyOf(rules);
    }
    if (csrType != null && key != null) {
      csrType.keyProblem(key).ifPresent(problem -> complaints.add("key", problem));
      for (int index = 0; rules != null && index < rules.size(); index++) {
        // A rule that sets one of the two inherits the other; one that sets both judges itself,
        // and one that sets neither has the defaults' clash, reported once above.
        RenewalRule rule = rules.get(index);
        if (rule.csrType().isPresent() != rule.key().isPresent()) {
          String field = "rules[" + index + "].key";
          rule.csrType()
              .orElse(csrType)
              .keyProblem(rule.key().orElse(key))
              .ifPresent(problem -> complaints.add(field, problem));
        }
      }
    }
    complaints.throwIfAny(RenewalConfig.class);
  }

  /** The same with the default renewal mode. */
  public RenewalConfig(
      Duration renewBefore,
      CsrType csrType,
      ValidType validType,
      KeySpec key,
      RetryPolicy retry,
      List<RenewalRule> rules) {
    this(renewBefore, csrType, validType, key, retry, rules, DEFAULT_MODE);
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
            rule.mode().orElse(mode),
            index);
      }
    }
    return new EffectiveSettings(csrType, validType, key, true, mode, -1);
  }

  /**
   * What applies to one domain; {@code mode} is how a free certificate is renewed; {@code
   * ruleIndex} is -1 when no rule matched.
   */
  public record EffectiveSettings(
      CsrType csrType,
      ValidType validType,
      KeySpec key,
      boolean enabled,
      RenewalMode mode,
      int ruleIndex) {}
}
