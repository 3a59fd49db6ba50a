package dev.reissued.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox's free-certificate quota for ApplyCertificate: so many applications per account, and
 * so many per main domain. Tencent publishes no numbers for either, so these are the sandbox's own
 * (0 for no limit). Every accepted application counts, whatever became of its answer or its
 * certificate; certificates the sandbox started with do not.
 */
final class FreeQuota {
  /** Applications used: in all, and per main domain. */
  record Usage(int used, Map<String, Integer> byMainDomain) {
    static final Usage NONE = new Usage(0, Map.of());

    Usage {
      byMainDomain = Map.copyOf(byMainDomain);
    }
  }

  private int accountLimit;
  private int domainLimit;
  private int used;
  private final Map<String, Integer> byMainDomain = new TreeMap<>();

  FreeQuota(int accountLimit, int domainLimit) {
    setLimits(accountLimit, domainLimit);
  }

  synchronized void setLimits(int newAccountLimit, int newDomainLimit) {
    if (newAccountLimit < 0 || newDomainLimit < 0) {
      throw new IllegalArgumentException("a quota must be 0 (none) or more");
    }
    this.accountLimit = newAccountLimit;
    this.domainLimit = newDomainLimit;
  }

  /** Refuses as Tencent would when an application for {@code domain} would pass a limit. */
  synchronized void check(String domain) {
    if (accountLimit > 0 && used >= accountLimit) {
      throw new SandboxError(
          "FailedOperation.ExceedsFreeLimit",
          "The number of free certificates exceeds the limit: "
              + used
              + " of "
              + accountLimit
              + " used.");
    }
    String main = mainDomain(domain);
    int usedForDomain = byMainDomain.getOrDefault(main, 0);
    if (domainLimit > 0 && usedForDomain >= domainLimit) {
      throw new SandboxError(
          "FailedOperation.MainDomainCertificateCountLimit",
          "The main domain "
              + main
              + " has reached its limit of free certificates: "
              + usedForDomain
              + " of "
              + domainLimit
              + " used.");
    }
  }

  synchronized void use(String domain) {
    used++;
    byMainDomain.merge(mainDomain(domain), 1, Integer::sum);
  }

  synchronized Usage usage() {
    return new Usage(used, byMainDomain);
  }

  synchronized void restore(Usage usage) {
    used = usage.used();
    byMainDomain.clear();
    byMainDomain.putAll(usage.byMainDomain());
  }

  /** The registrable domain, as the sandbox reckons it: the last two labels, no wildcard. */
  static String mainDomain(String domain) {
    String bare = domain.toLowerCase(Locale.ROOT);
    bare = bare.startsWith("*.") ? bare.substring(2) : bare;
    return CertificateJson.registrable(bare);
  }
}
