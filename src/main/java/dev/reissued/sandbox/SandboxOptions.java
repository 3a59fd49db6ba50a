package dev.reissued.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How to run a sandbox. Start from {@link #defaults()}: an ephemeral port, the documented sandbox
 * credentials, 20 requests per second per SecretId, no faults, no issue delay, the system clock,
 * seed 1, no state file and no certificates.
 *
 * @param port 0 picks a free port
 * @param stateFile when set, loaded at start (if it exists) and saved after every change
 * @param inventory certificates to hold at start, when no state file supplies them
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
    List<SandboxCertificate> inventory) {
  public static final String DEFAULT_SECRET_ID = "AKIDsandbox";
  public static final String DEFAULT_SECRET_KEY = "sandbox-secret-key";
  public static final int DEFAULT_RATE_LIMIT = 20;

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
        List.of());
  }

  public SandboxOptions withPort(int newPort) {
    return new SandboxOptions(
        newPort,
        secretId,
        secretKey,
        rateLimit,
        busyRate,
        lostAnswerRate,
        issueDelay,
        clock,
        seed,
        stateFile,
        inventory);
  }

  public SandboxOptions withCredentials(String newSecretId, String newSecretKey) {
    return new SandboxOptions(
        port,
        newSecretId,
        newSecretKey,
        rateLimit,
        busyRate,
        lostAnswerRate,
        issueDelay,
        clock,
        seed,
        stateFile,
        inventory);
  }

  /** Requests per second per SecretId; 0 means unlimited. */
  public SandboxOptions withRateLimit(int newRateLimit) {
    return new SandboxOptions(
        port,
        secretId,
        secretKey,
        newRateLimit,
        busyRate,
        lostAnswerRate,
        issueDelay,
        clock,
        seed,
        stateFile,
        inventory);
  }

  public SandboxOptions withBusyRate(double newBusyRate) {
    return new SandboxOptions(
        port,
        secretId,
        secretKey,
        rateLimit,
        newBusyRate,
        lostAnswerRate,
        issueDelay,
        clock,
        seed,
        stateFile,
        inventory);
  }

  public SandboxOptions withLostAnswerRate(double newLostAnswerRate) {
    return new SandboxOptions(
        port,
        secretId,
        secretKey,
        rateLimit,
        busyRate,
        newLostAnswerRate,
        issueDelay,
        clock,
        seed,
        stateFile,
        inventory);
  }

  public SandboxOptions withIssueDelay(Duration newIssueDelay) {
    return new SandboxOptions(
        port,
        secretId,
        secretKey,
        rateLimit,
        busyRate,
        lostAnswerRate,
        newIssueDelay,
        clock,
        seed,
        stateFile,
        inventory);
  }

  public SandboxOptions withClock(Clock newClock) {
    return new SandboxOptions(
        port,
        secretId,
        secretKey,
        rateLimit,
        busyRate,
        lostAnswerRate,
        issueDelay,
        newClock,
        seed,
        stateFile,
        inventory);
  }

  public SandboxOptions withSeed(long newSeed) {
    return new SandboxOptions(
        port,
        secretId,
        secretKey,
        rateLimit,
        busyRate,
        lostAnswerRate,
        issueDelay,
        clock,
        newSeed,
        stateFile,
        inventory);
  }

  public SandboxOptions withStateFile(Path newStateFile) {
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
        newStateFile,
        inventory);
  }

  public SandboxOptions withInventory(List<SandboxCertificate> newInventory) {
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
        newInventory);
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
        + " certificates]";
  }

  static void checkRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate);
    }
  }
}
