package dev.reissued.sandbox;

import java.time.Instant;
import java.util.List;

/**
 * One move task of the sandbox: resources going from {@code oldCertificateId} to {@code
 * certificateId}, one {@link Detail} each. A rollback is a task of its own with the pair reversed,
 * whose details end rolled back (4) or rollback failed (5) instead of succeeded (1) or failed (2).
 * Mutable, guarded by {@link SandboxCloud}'s lock.
 */
final class DeployRecord {
  static final int PENDING = 0;
  static final int SUCCEEDED = 1;
  static final int FAILED = 2;
  static final int DEPLOYING = 3;
  static final int ROLLED_BACK = 4;
  static final int ROLLBACK_FAILED = 5;
  static final int NO_RESOURCE = 6;

  final long id;
  final String certificateId;
  final String oldCertificateId;
  final boolean rollback;
  final List<String> resourceTypes;
  final List<String> regions;
  final Instant created;
  final List<Detail> details;

  DeployRecord(
      long id,
      String certificateId,
      String oldCertificateId,
      boolean rollback,
      List<String> resourceTypes,
      List<String> regions,
      Instant created,
      List<Detail> details) {
    this.id = id;
    this.certificateId = certificateId;
    this.oldCertificateId = oldCertificateId;
    this.rollback = rollback;
    this.resourceTypes = List.copyOf(resourceTypes);
    this.regions = List.copyOf(regions);
    this.created = created;
    this.details = List.copyOf(details);
  }

  /**
   * One resource of a task. An attempt runs from {@code attemptStart} to {@code attemptEnd}:
   * pending for its first third, deploying for the rest; {@code failing} decides how it ends.
   */
  static final class Detail {
    final long id;
    final SandboxResource resource;
    final Instant created;
    int status;
    String errorMsg;
    Instant updated;
    Instant attemptStart;
    Instant attemptEnd;
    boolean failing;

    Detail(long id, SandboxResource resource, Instant created) {
      this.id = id;
      this.resource = resource;
      this.created = created;
      this.updated = created;
    }

    boolean running() {
      return status == PENDING || status == DEPLOYING;
    }

    boolean failed() {
      return status == FAILED || status == ROLLBACK_FAILED;
    }

    boolean succeeded() {
      return status == SUCCEEDED || status == ROLLED_BACK;
    }

    /** Starts an attempt now: {@code failing} says whether it will fail. */
    void attempt(Instant now, Instant end, boolean willFail) {
      status = PENDING;
      errorMsg = null;
      updated = now;
      attemptStart = now;
      attemptEnd = end;
      failing = willFail;
    }
  }

  boolean running() {
    return details.stream().anyMatch(Detail::running);
  }

  /**
   * The task's own status, which the API documents no values for: 0 while every resource waits, 3
   * while any runs, then 2 when any failed, else 1.
   */
  int status() {
    if (details.stream().allMatch(detail -> detail.status == PENDING)) {
      return PENDING;
    }
    if (running()) {
      return DEPLOYING;
    }
    return details.stream().anyMatch(Detail::failed) ? FAILED : SUCCEEDED;
  }

  Instant updated() {
    return details.stream().map(detail -> detail.updated).max(Instant::compareTo).orElse(created);
  }
}
