package dev.reissued.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How to run a sandbox. Start from {@link #defaults()}: an ephemeral port, the documented sandbox
 * credentials, 20 requests per second per SecretId, no faults, no issue delay, the system clock,
 * seed 1, no state file, no certificates, re-issues that keep the original's end date, and a free
 * quota of 50 applications with no limit per main domain.
 *
 * @param port 0 picks a free port
 * @param stateFile when set, loaded at start (if it exists) and saved after every change
 * @param inventory certificates to hold at start, when no state file supplies them
 * @param archiveFault a hostile archive DownloadCertificate serves for every certificate
 * @param repeatedPageTotal when positive, DescribeCertificates answers the first page for every
 *     Offset with this TotalCount (a pager that never ends); 0 for the truth
 * @param reissueValidity whether a re-issue keeps the original's end date or gets its own
 * @param freeQuota ApplyCertificate calls accepted per account, then {@code
 *     FailedOperation.ExceedsFreeLimit}; 0 for no limit. The sandbox's own number: Tencent
 *     publishes none
 * @param domainQuota the same per main domain, then {@code
 *     FailedOperation.MainDomainCertificateCountLimit}; 0 for no limit
 * @param cloud how cloud resources move between certificates
 */
public record SandboxOptions(
    int port,
    String secretId,
    String secretKey,
    int rateLimit,
    double busyRate,
    double lostAnswerRate,
    Duration issueDelay,
    Clock clock,
    long seed,
    Path stateFile,
    List<SandboxCertificate> inventory,
    ArchiveFault archiveFault,
    long repeatedPageTotal,
    ReissueValidity reissueValidity,
    int freeQuota,
    int domainQuota,
    SandboxCloudOptions cloud) {
  public static final String DEFAULT_SECRET_ID = "AKIDsandbox";
  public static final String DEFAULT_SECRET_KEY = "sandbox-secret-key";
  public static final int DEFAULT_RATE_LIMIT = 20;
  public static final int DEFAULT_FREE_QUOTA = 50;

  public SandboxOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (secretId == null || secretId.isBlank() || secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("the sandbox needs a secret id and key");
    }
    if (rateLimit < 0) {
      throw new IllegalArgumentException("rate limit must be 0 (none) or more, got " + rateLimit);
    }
    checkRate("busy rate", busyRate);
    checkRate("lost-answer rate", lostAnswerRate);
    issueDelay = issueDelay == null ? Duration.ZERO : issueDelay;
    if (issueDelay.isNegative()) {
      throw new IllegalArgumentException("issue delay must not be negative, got " + issueDelay);
    }
    clock = clock == null ? Clock.systemUTC() : clock;
    inventory = inventory == null ? List.of() : List.copyOf(inventory);
    archiveFault = archiveFault == null ? ArchiveFault.NONE : archiveFault;
    if (repeatedPageTotal < 0) {
      throw new IllegalArgumentException(
          "repeated page total must be 0 (off) or more, got " + repeatedPageTotal);
    }
    cloud = cloud == null ? SandboxCloudOptions.defaults() : cloud;
    reissueValidity = reissueValidity == null ? ReissueValidity.KEEP : reissueValidity;
    if (freeQuota < 0 || domainQuota < 0) {
      throw new IllegalArgumentException(
          "quotas must be 0 (none) or more, got " + freeQuota + " and " + domainQuota);
    }
  }

  public static SandboxOptions defaults() {
    return new SandboxOptions(
        0,
        DEFAULT_SECRET_ID,
        DEFAULT_SECRET_KEY,
        DEFAULT_RATE_LIMIT,
        0,
        0,
        Duration.ZERO,
        Clock.systemUTC(),
        1,
        null,
        List.of(),
        ArchiveFault.NONE,
        0,
        ReissueValidity.KEEP,
        DEFAULT_FREE_QUOTA,
        0,
        SandboxCloudOptions.defaults());
  }

  public SandboxOptions withPort(int newPort) {
    return with(draft -> draft.port = newPort);
  }

  public SandboxOptions withCredentials(String newSecretId, String newSecretKey) {
    return with(
        draft -> {
          draft.secretId = newSecretId;
          draft.secretKey = newSecretKey;
        });
  }

  /** Requests per second per SecretId; 0 means unlimited. */
  public SandboxOptions withRateLimit(int newRateLimit) {
    return with(draft -> draft.rateLimit = newRateLimit);
  }

  public SandboxOptions withBusyRate(double newBusyRate) {
    return with(draft -> draft.busyRate = newBusyRate);
  }

  public SandboxOptions withLostAnswerRate(double newLostAnswerRate) {
    return with(draft -> draft.lostAnswerRate = newLostAnswerRate);
  }

  public SandboxOptions withIssueDelay(Duration newIssueDelay) {
    return with(draft -> draft.issueDelay = newIssueDelay);
  }

  public SandboxOptions withClock(Clock newClock) {
    return with(draft -> draft.clock = newClock);
  }

  public SandboxOptions withSeed(long newSeed) {
    return with(draft -> draft.seed = newSeed);
  }

  public SandboxOptions withStateFile(Path newStateFile) {
    return with(draft -> draft.stateFile = newStateFile);
  }

  public SandboxOptions withInventory(List<SandboxCertificate> newInventory) {
    return with(draft -> draft.inventory = newInventory);
  }

  public SandboxOptions withArchiveFault(ArchiveFault newArchiveFault) {
    return with(draft -> draft.archiveFault = newArchiveFault);
  }

  public SandboxOptions withRepeatedPage(long newRepeatedPageTotal) {
    return with(draft -> draft.repeatedPageTotal = newRepeatedPageTotal);
  }

  public SandboxOptions withCloud(SandboxCloudOptions newCloud) {
    return with(draft -> draft.cloud = newCloud);
  }

  public SandboxOptions withReissueValidity(ReissueValidity newReissueValidity) {
    return with(draft -> draft.reissueValidity = newReissueValidity);
  }

  /** ApplyCertificate calls accepted per account; 0 means unlimited. */
  public SandboxOptions withFreeQuota(int newFreeQuota) {
    return with(draft -> draft.freeQuota = newFreeQuota);
  }

  /** ApplyCertificate calls accepted per main domain; 0 means unlimited. */
  public SandboxOptions withDomainQuota(int newDomainQuota) {
    return with(draft -> draft.domainQuota = newDomainQuota);
  }

  /** A copy with {@code change} applied, checked by the constructor like any other. */
  private SandboxOptions with(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.build();
  }

  /** The fields, mutable for one {@link #with} call. */
  private static final class Draft {
    int port;
    String secretId;
    String secretKey;
    int rateLimit;
    double busyRate;
    double lostAnswerRate;
    Duration issueDelay;
    Clock clock;
    long seed;
    Path stateFile;
    List<SandboxCertificate> inventory;
    ArchiveFault archiveFault;
    long repeatedPageTotal;
    ReissueValidity reissueValidity;
    int freeQuota;
    int domainQuota;
    SandboxCloudOptions cloud;

    Draft(SandboxOptions options) {
      port = options.port;
      secretId = options.secretId;
      secretKey = options.secretKey;
      rateLimit = options.rateLimit;
      busyRate = options.busyRate;
      lostAnswerRate = options.lostAnswerRate;
      issueDelay = options.issueDelay;
      clock = options.clock;
      seed = options.seed;
      stateFile = options.stateFile;
      inventory = options.inventory;
      archiveFault = options.archiveFault;
      repeatedPageTotal = options.repeatedPageTotal;
      reissueValidity = options.reissueValidity;
      freeQuota = options.freeQuota;
      domainQuota = options.domainQuota;
      cloud = options.cloud;
    }

    SandboxOptions build() {
      return new SandboxOptions(
          port,
          secretId,
          secretKey,
          rateLimit,
          busyRate,
          lostAnswerRate,
          issueDelay,
          clock,
          seed,
          stateFile,
          inventory,
          archiveFault,
          repeatedPageTotal,
          reissueValidity,
          freeQuota,
          domainQuota,
          cloud);
    }
  }

  @Override
  public String toString() {
    return "SandboxOptions[port="
        + port
        + ", secretId="
        + secretId
        + ", secretKey=<masked>, rateLimit="
        + rateLimit
        + ", busyRate="
        + busyRate
        + ", lostAnswerRate="
        + lostAnswerRate
        + ", issueDelay="
        + issueDelay
        + ", seed="
        + seed
        + ", stateFile="
        + stateFile
        + ", inventory="
        + inventory.size()
        + " certificates, archiveFault="
        + archiveFault
        + ", repeatedPageTotal="
        + repeatedPageTotal
        + ", reissueValidity="
        + reissueValidity
        + ", freeQuota="
        + freeQuota
        + ", domainQuota="
        + domainQuota
        + ", cloud="
        + cloud
        + "]";
  }

  static void checkRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate);
    }
  }
}
