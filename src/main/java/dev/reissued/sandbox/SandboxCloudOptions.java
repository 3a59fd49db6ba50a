package dev.reissued.sandbox;

import java.time.Duration;

/**
 * How the sandbox moves cloud resources between certificates. Start from {@link #defaults()}: no
 * failures, no pending answers, moves and bind-resource queries done at once, service role present.
 *
 * @param deployFailRate the share of resources whose first move attempt fails (Status 2)
 * @param deployPendingRate the share of new move tasks first answered with DeployRecordId 0; the
 *     next UpdateCertificateInstance for the pair creates the task
 * @param deployDuration how long one resource's move takes, by the sandbox clock: pending for the
 *     first third, deploying for the rest, then done
 * @param bindTaskDelay how long a bind-resource query stays at Status 0
 * @param serviceRole false answers UpdateCertificateInstance with RoleNotFoundAuthorization
 */
public record SandboxCloudOptions(
    double deployFailRate,
    double deployPendingRate,
    Duration deployDuration,
    Duration bindTaskDelay,
    boolean serviceRole) {
  public SandboxCloudOptions {
    SandboxOptions.checkRate("deploy fail rate", deployFailRate);
    SandboxOptions.checkRate("deploy pending rate", deployPendingRate);
    deployDuration = nonNegative("deploy duration", deployDuration);
    bindTaskDelay = nonNegative("bind task delay", bindTaskDelay);
  }

  public static SandboxCloudOptions defaults() {
    return new SandboxCloudOptions(0, 0, Duration.ZERO, Duration.ZERO, true);
  }

  public SandboxCloudOptions withDeployFailRate(double rate) {
    return new SandboxCloudOptions(
        rate, deployPendingRate, deployDuration, bindTaskDelay, serviceRole);
  }

  public SandboxCloudOptions withDeployPendingRate(double rate) {
    return new SandboxCloudOptions(
        deployFailRate, rate, deployDuration, bindTaskDelay, serviceRole);
  }

  public SandboxCloudOptions withDeployDuration(Duration duration) {
    return new SandboxCloudOptions(
        deployFailRate, deployPendingRate, duration, bindTaskDelay, serviceRole);
  }

  public SandboxCloudOptions withBindTaskDelay(Duration delay) {
    return new SandboxCloudOptions(
        deployFailRate, deployPendingRate, deployDuration, delay, serviceRole);
  }

  public SandboxCloudOptions withServiceRole(boolean present) {
    return new SandboxCloudOptions(
        deployFailRate, deployPendingRate, deployDuration, bindTaskDelay, present);
  }

  private static Duration nonNegative(String name, Duration duration) {
    Duration value = duration == null ? Duration.ZERO : duration;
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
    return value;
  }
}
