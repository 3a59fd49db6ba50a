package dev.reissued.cloud;

import java.time.Instant;
import java.util.List;

/**
 * One move of an old certificate's resources to a new one: a row of {@code cloud_deploy}, as read.
 * Every change is a compare-and-set on {@code state} and {@code updateCalls} (and {@code retries}
 * for a retry) as read here.
 */
public record Deploy(
    long id,
    String account,
    String lineageId,
    String oldCertificateId,
    String newCertificateId,
    DeployState state,
    Long recordId,
    boolean adopted,
    List<String> resourceTypes,
    int updateCalls,
    int retries,
    Instant nextAttemptAt,
    String error,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt) {
  public Deploy {
    resourceTypes = resourceTypes == null ? List.of() : List.copyOf(resourceTypes);
  }

  /** For logs and events: "old → new". */
  public String pair() {
    return oldCertificateId + " -> " + newCertificateId;
  }
}
