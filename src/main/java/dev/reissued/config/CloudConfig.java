package dev.reissued.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Moving cloud resources (CLB, CDN, EdgeOne, WAF, COS, ...) to each renewed lineage's newest
 * certificate. Empty {@code resourceTypes} or {@code regions} mean "whatever the bind-resource
 * query found"; {@code exclude} names instances or domains to leave alone; {@code rules} refine
 * these by the certificate's domain, the first match winning, as renewal's rules do. A move task
 * that has not settled {@code giveUpAfter} after it started is given up (with an event), and no old
 * → new pair is sent more than {@code maxUpdateCalls} UpdateCertificateInstance requests.
 */
public record CloudConfig(
    boolean enabled,
    List<String> resourceTypes,
    List<String> regions,
    boolean muteOldNotices,
    List<String> exclude,
    Duration giveUpAfter,
    int maxUpdateCalls,
    List<Rule> rules) {
  public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofHours(6);
  public static final DurationRange GIVE_UP_AFTER =
      new DurationRange(Duration.ofMinutes(1), Duration.ofDays(30));
  public static final int DEFAULT_MAX_UPDATE_CALLS = 6;
  public static final IntRange MAX_UPDATE_CALLS = new IntRange(1, 20);
  public static final CloudConfig DEFAULT =
      new CloudConfig(
          true,
          List.of(),
          List.of(),
          true,
          List.of(),
          DEFAULT_GIVE_UP_AFTER,
          DEFAULT_MAX_UPDATE_CALLS,
          List.of());

  /**
   * The settings of the certificates whose domain matches {@code domains} (globs as in
   * renewal.rules); an empty field inherits the section's.
   */
  public record Rule(
      List<String> domains,
      Optional<Boolean> enabled,
      Optional<List<String>> resourceTypes,
      Optional<List<String>> regions,
      Optional<Boolean> muteOldNotices,
      Optional<List<String>> exclude) {
    public Rule {
      Complaints complaints = new Complaints();
      if (complaints.present(
          "domains", domains, "is required: list the domain globs this rule applies to")) {
        domains = List.copyOf(domains);
        if (domains.isEmpty()) {
          complaints.add("domains", "lists no domain");
        }
      }
      enabled = enabled == null ? Optional.empty() : enabled;
      resourceTypes = resourceTypes == null ? Optional.empty() : resourceTypes.map(List::copyOf);
      regions = regions == null ? Optional.empty() : regions.map(List::copyOf);
      muteOldNotices = muteOldNotices == null ? Optional.empty() : muteOldNotices;
      exclude = exclude == null ? Optional.empty() : exclude.map(List::copyOf);
      resourceTypes.ifPresent(types -> typeProblems(complaints, types));
      complaints.throwIfAny(Rule.class);
    }

    boolean matches(String domain) {
      String candidate = domain == null ? "" : domain.toLowerCase(Locale.ROOT);
      return domains.stream()
          .anyMatch(glob -> RenewalRule.toPattern(glob).matcher(candidate).matches());
    }
  }

  /** What applies to one certificate: the section, refined by the first matching rule. */
  public record Settings(
      boolean enabled,
      List<String> resourceTypes,
      List<String> regions,
      boolean muteOldNotices,
      List<String> exclude) {
    /** Whether {@code instanceId} or one of {@code domains} is to be left alone. */
    public boolean excludes(String instanceId, List<String> domains) {
      for (String entry : exclude) {
        if (entry.equalsIgnoreCase(String.valueOf(instanceId))) {
          return true;
        }
        for (String domain : domains) {
          if (RenewalRule.toPattern(entry).matcher(domain.toLowerCase(Locale.ROOT)).matches()) {
            return true;
          }
        }
      }
      return false;
    }
  }

  public CloudConfig {
    Complaints complaints = new Complaints();
    resourceTypes = lowerCase(resourceTypes);
    regions = regions == null ? List.of() : List.copyOf(regions);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    rules = rules == null ? List.of() : List.copyOf(rules);
    typeProblems(complaints, resourceTypes);
    complaints.within("giveUpAfter", giveUpAfter, GIVE_UP_AFTER);
    complaints.within("maxUpdateCalls", maxUpdateCalls, MAX_UPDATE_CALLS);
    complaints.throwIfAny(CloudConfig.class);
  }

  public Settings settingsFor(String domain) {
    for (Rule rule : rules) {
      if (rule.matches(domain)) {
        return new Settings(
            rule.enabled().orElse(enabled),
            rule.resourceTypes().map(CloudConfig::lowerCase).orElse(resourceTypes),
            rule.regions().orElse(regions),
            rule.muteOldNotices().orElse(muteOldNotices),
            rule.exclude().orElse(exclude));
      }
    }
    return new Settings(enabled, resourceTypes, regions, muteOldNotices, exclude);
  }

  private static List<String> lowerCase(List<String> types) {
    return types == null
        ? List.of()
        : types.stream().map(type -> type == null ? null : type.toLowerCase(Locale.ROOT)).toList();
  }

  /** UpdateCertificateInstance's ResourceTypes are lower-case words: clb, cdn, teo, ... */
  private static void typeProblems(Complaints complaints, List<String> types) {
    Set<String> wrong = new TreeSet<>();
    for (String type : types) {
      if (type == null || !type.toLowerCase(Locale.ROOT).matches("[a-z]+")) {
        wrong.add(String.valueOf(type));
      }
    }
    if (!wrong.isEmpty()) {
      complaints.add(
          "resourceTypes",
          wrong
              + " are not resource types; use the API's words, such as clb, cdn, teo, waf, cos,"
              + " live, apigateway, tke");
    }
  }
}
