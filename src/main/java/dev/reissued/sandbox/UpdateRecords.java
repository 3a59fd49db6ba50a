package dev.reissued.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.DoublePredicate;

/**
 * The sandbox's move tasks and their rules: each resource of a task moves on the sandbox clock,
 * lazily when something reads, and on success the resource holds the task's certificate from the
 * moment its attempt ended. Guarded by {@link SandboxCloud}'s lock.
 */
final class UpdateRecords {
  private static final long FIRST_RECORD = 100_000;
  private static final long FIRST_DETAIL = 500_000;

  private final Map<Long, DeployRecord> byId = new LinkedHashMap<>();
  private final Map<SandboxResource, String> holders;
  private long lastRecord = FIRST_RECORD;
  private long lastDetail = FIRST_DETAIL;

  UpdateRecords(Map<SandboxResource, String> holders) {
    this.holders = holders;
  }

  Collection<DeployRecord> all() {
    return byId.values();
  }

  void restore(DeployRecord record) {
    byId.put(record.id, record);
    lastRecord = Math.max(lastRecord, record.id);
    record.details.forEach(detail -> lastDetail = Math.max(lastDetail, detail.id));
  }

  /** A task of {@code resources}; each one's first attempt fails when {@code failDraw} says so. */
  DeployRecord create(
      String oldCertificateId,
      String certificateId,
      boolean rollback,
      List<String> resourceTypes,
      List<String> regions,
      List<SandboxResource> resources,
      Instant now,
      Duration duration,
      BooleanSupplier failDraw) {
    List<DeployRecord.Detail> details = new ArrayList<>();
    for (SandboxResource resource : resources) {
      DeployRecord.Detail detail = new DeployRecord.Detail(++lastDetail, resource, now);
      detail.attempt(now, now.plus(duration), failDraw.getAsBoolean());
      details.add(detail);
    }
    DeployRecord record =
        new DeployRecord(
            ++lastRecord,
            certificateId,
            oldCertificateId,
            rollback,
            resourceTypes,
            regions,
            now,
            details);
    byId.put(record.id, record);
    return record;
  }

  /**
   * What UpdateCertificateInstance did: created {@code record}, adopted the running one, or (record
   * null) answered DeployRecordId 0, the task still being created.
   */
  record Move(DeployRecord record, boolean adopted) {
    boolean created() {
      return record != null && !adopted;
    }
  }

  /**
   * UpdateCertificateInstance's rules over {@code resources} (those of the request's types and
   * regions that hold the old certificate): a running task of the pair is adopted; none to move is
   * CertificateDeployInstanceEmpty; with {@code deployPendingRate} the task is first answered as
   * still being created, and the next call for the pair (remembered in {@code creating}) creates
   * it.
   */
  Move move(
      MoveRequest request,
      List<SandboxResource> resources,
      Instant now,
      SandboxCloudOptions options,
      Set<String> creating,
      DoublePredicate chance) {
    Optional<DeployRecord> running = running(request.oldCertificateId(), request.certificateId());
    if (running.isPresent()) {
      return new Move(running.get(), true);
    }
    if (resources.isEmpty()) {
      throw new SandboxError(
          "FailedOperation.CertificateDeployInstanceEmpty",
          "The selected cloud resources have no instance holding "
              + request.oldCertificateId()
              + ".");
    }
    if (!creating.remove(request.pair()) && chance.test(options.deployPendingRate())) {
      creating.add(request.pair());
      return new Move(null, false);
    }
    DeployRecord record =
        create(
            request.oldCertificateId(),
            request.certificateId(),
            false,
            request.resourceTypes(),
            request.allRegions(),
            resources,
            now,
            options.deployDuration(),
            () -> chance.test(options.deployFailRate()));
    return new Move(record, false);
  }

  /** The newest move (not rollback) task of the pair that still runs. */
  Optional<DeployRecord> running(String oldCertificateId, String certificateId) {
    DeployRecord found = null;
    for (DeployRecord record : byId.values()) {
      if (!record.rollback
          && record.running()
          && record.oldCertificateId.equals(oldCertificateId)
          && record.certificateId.equals(certificateId)) {
        found = record;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Moves every running resource on to where the clock finds it; true when any changed. */
  boolean settle(Instant now) {
    boolean changed = false;
    for (DeployRecord record : byId.values()) {
      for (DeployRecord.Detail detail : record.details) {
        changed |= settle(record, detail, now);
      }
    }
    return changed;
  }

  private boolean settle(DeployRecord record, DeployRecord.Detail detail, Instant now) {
    if (!detail.running()) {
      return false;
    }
    if (!now.isBefore(detail.attemptEnd)) {
      detail.updated = detail.attemptEnd;
      if (!holders.containsKey(detail.resource)) {
        detail.status = DeployRecord.NO_RESOURCE;
      } else if (detail.failing) {
        detail.status = record.rollback ? DeployRecord.ROLLBACK_FAILED : DeployRecord.FAILED;
        detail.errorMsg = failure(detail.resource);
        detail.failing = false;
      } else {
        detail.status = record.rollback ? DeployRecord.ROLLED_BACK : DeployRecord.SUCCEEDED;
        holders.put(detail.resource, record.certificateId);
      }
      return true;
    }
    Duration attempt = Duration.between(detail.attemptStart, detail.attemptEnd);
    Instant deploying = detail.attemptStart.plus(attempt.dividedBy(3));
    if (detail.status == DeployRecord.PENDING && !now.isBefore(deploying)) {
      detail.status = DeployRecord.DEPLOYING;
      detail.updated = deploying;
      return true;
    }
    return false;
  }

  /** Starts the failed resources of a task again (or the one detail); they succeed this time. */
  void retry(Long recordId, Long detailId, Instant now, Duration duration) {
    List<DeployRecord.Detail> failed = new ArrayList<>();
    if (detailId != null) {
      DeployRecord.Detail detail =
          byId.values().stream()
              .flatMap(record -> record.details.stream())
              .filter(candidate -> candidate.id == detailId)
              .findFirst()
              .orElseThrow(() -> notExist("detail " + detailId));
      if (detail.failed()) {
        failed.add(detail);
      }
    } else {
      find(recordId).details.stream().filter(DeployRecord.Detail::failed).forEach(failed::add);
    }
    if (failed.isEmpty()) {
      throw new SandboxError(
          "FailedOperation.CertificateDeployRetryStatusInvalid",
          "Only failed records can be retried.");
    }
    failed.forEach(detail -> detail.attempt(now, now.plus(duration), false));
  }

  /** A new task that puts the resources {@code recordId} moved back on its old certificate. */
  DeployRecord rollback(long recordId, Instant now, Duration duration) {
    DeployRecord record = find(recordId);
    if (record.running()) {
      throw new SandboxError(
          "FailedOperation.CertificateDeployDetailRollbackStatusInvalid",
          "The record must be finished before it is rolled back.");
    }
    List<SandboxResource> moved =
        record.details.stream()
            .filter(detail -> detail.status == DeployRecord.SUCCEEDED)
            .map(detail -> detail.resource)
            .toList();
    if (record.rollback || moved.isEmpty()) {
      throw new SandboxError(
          "FailedOperation.CertificateDeployRollbackStatusInvalid",
          "Only a record with succeeded resources can be rolled back.");
    }
    return create(
        record.certificateId,
        record.oldCertificateId,
        true,
        record.resourceTypes,
        record.regions,
        moved,
        now,
        duration,
        () -> false);
  }

  /** The tasks of the pair (either side null for any), newest first. */
  List<DeployRecord> find(String certificateId, String oldCertificateId) {
    List<DeployRecord> found = new ArrayList<>();
    for (DeployRecord record : byId.values()) {
      if ((certificateId == null || certificateId.equals(record.certificateId))
          && (oldCertificateId == null || oldCertificateId.equals(record.oldCertificateId))) {
        found.add(0, record);
      }
    }
    return found;
  }

  DeployRecord find(long recordId) {
    DeployRecord record = byId.get(recordId);
    if (record == null) {
      throw notExist("record " + recordId);
    }
    return record;
  }

  private static SandboxError notExist(String what) {
    return new SandboxError(
        "FailedOperation.CertificateDeployNotExist", "The deploy " + what + " does not exist.");
  }

  /** What a product says when a move fails, in the sandbox's words. */
  private static String failure(SandboxResource resource) {
    String domain =
        resource.domains().isEmpty() ? resource.instanceId() : resource.domains().get(0);
    return switch (resource.type()) {
      case CLB ->
          "CLB listener "
              + resource.listenerId()
              + " of "
              + resource.instanceId()
              + " is being changed by another operation; retry later (sandbox fault)";
      case CDN ->
          "CDN domain " + domain + " has a configuration change in progress (sandbox fault)";
      case TEO ->
          "EdgeOne zone "
              + resource.instanceId()
              + ": host "
              + domain
              + " is being deployed (sandbox fault)";
      case WAF -> "WAF domain " + domain + ": the instance is busy (sandbox fault)";
      case COS ->
          "COS bucket "
              + resource.instanceId()
              + ": custom domain "
              + domain
              + " is being updated (sandbox fault)";
    };
  }
}
