package dev.reissued.config;

import dev.reissued.keys.KeyAlgorithm;
import dev.reissued.keys.KeyException;
import dev.reissued.keys.KeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Maps {@code renewal} to a {@link RenewalConfig}: defaults, retry and rules. */
final class RenewalReader {
  private RenewalReader() {}

  static Optional<RenewalConfig> read(ConfigNode node) {
    node.expectObject("renewBefore", "csrType", "validType", "key", "retry", "rules", "mode");
    Duration renewBefore =
        node.get("renewBefore").duration().orElse(RenewalConfig.DEFAULT_RENEW_BEFORE);
    CsrType csrType =
        node.get("csrType").enumValue(CsrType.class).orElse(RenewalConfig.DEFAULT_CSR_TYPE);
    ValidType validType =
        node.get("validType").enumValue(ValidType.class).orElse(RenewalConfig.DEFAULT_VALID_TYPE);
    KeySpec key = key(node.get("key")).orElse(RenewalConfig.DEFAULT_KEY);
    RetryPolicy retry = retry(node.get("retry")).orElse(RetryPolicy.DEFAULT);
    List<RenewalRule> rules = rules(node.get("rules"));
    RenewalMode mode =
        node.get("mode").enumValue(RenewalMode.class).orElse(RenewalConfig.DEFAULT_MODE);
    return node.build(
        () -> new RenewalConfig(renewBefore, csrType, validType, key, retry, rules, mode));
  }

  private static Optional<RetryPolicy> retry(ConfigNode node) {
    node.expectObject("initialBackoff", "maxBackoff", "maxAttempts");
    Duration initial =
        node.get("initialBackoff").duration().orElse(RetryPolicy.DEFAULT_INITIAL_BACKOFF);
    Duration max = node.get("maxBackoff").duration().orElse(RetryPolicy.DEFAULT_MAX_BACKOFF);
    int attempts =
        node.get("maxAttempts")
            .integer(RetryPolicy.MAX_ATTEMPTS)
            .orElse(RetryPolicy.DEFAULT_MAX_ATTEMPTS);
    return node.build(() -> new RetryPolicy(initial, max, attempts));
  }

  /**
   * Every rule, or none when one could not be built: the defaults' check of the others waits for
   * that one to be fixed, rather than naming a rule by the wrong index.
   */
  private static List<RenewalRule> rules(ConfigNode node) {
    List<ConfigNode> elements = node.elements();
    List<RenewalRule> rules = new ArrayList<>();
    for (ConfigNode element : elements) {
      rule(element).ifPresent(rules::add);
    }
    return rules.size() == elements.size() ? rules : List.of();
  }

  private static Optional<RenewalRule> rule(ConfigNode node) {
    if (!node.expectObject("domains", "csrType", "validType", "key", "enabled", "mode")
        && node.isPresent()) {
      return Optional.empty();
    }
    ConfigNode domainsNode = node.get("domains");
    List<String> domains = null;
    if (domainsNode.isPresent()) {
      domains = new ArrayList<>();
      for (ConfigNode domain : domainsNode.elements()) {
        domains.add(domain.text().orElse(null));
      }
    }
    Optional<CsrType> csrType = node.get("csrType").enumValue(CsrType.class);
    Optional<ValidType> validType = node.get("validType").enumValue(ValidType.class);
    Optional<KeySpec> key = node.get("key").isPresent() ? key(node.get("key")) : Optional.empty();
    Optional<Boolean> enabled = node.get("enabled").bool();
    Optional<RenewalMode> mode = node.get("mode").enumValue(RenewalMode.class);
    List<String> globs = domains;
    Optional<RenewalRule> rule =
        node.build(() -> new RenewalRule(globs, csrType, validType, key, enabled, mode));
    if (rule.isPresent() && rule.get().setsNothing() && !node.hasErrors()) {
      node.warning("sets nothing besides domains, so it only stops later rules from matching");
    }
    return rule;
  }

  /** The key specification, or empty when absent or not allowed (reported). */
  private static Optional<KeySpec> key(ConfigNode node) {
    if (!node.expectObject("algorithm", "parameter")) {
      return Optional.empty();
    }
    ConfigNode algorithmNode = node.get("algorithm");
    Optional<String> algorithm = algorithmNode.requiredText();
    Optional<String> parameter = node.get("parameter").text();
    if (algorithm.isEmpty()) {
      return Optional.empty();
    }
    try {
      KeyAlgorithm known = KeyAlgorithm.parse(algorithm.get());
      try {
        KeySpec key = new KeySpec(known, parameter.orElse(null));
        warnIfNotForFreeCertificates(node, key);
        return Optional.of(key);
      } catch (KeyException notAllowed) {
        node.get("parameter").error(notAllowed.getMessage());
      }
    } catch (KeyException unknown) {
      algorithmNode.error(unknown.getMessage());
    }
    return Optional.empty();
  }

  private static void warnIfNotForFreeCertificates(ConfigNode node, KeySpec key) {
    if (!key.equals(RenewalConfig.DEFAULT_KEY)) {
      node.warning(
          "free certificates are re-issued as RSA 2048 whatever this says ("
              + key
              + " applies to paid certificates only): Tencent Cloud re-issues free certificates"
              + " as RSA 2048 only");
    }
  }
}
