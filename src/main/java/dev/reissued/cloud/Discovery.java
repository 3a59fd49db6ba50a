package dev.reissued.cloud;

import dev.reissued.config.CloudConfig;
import dev.reissued.tencent.BindTask;
import dev.reissued.tencent.BindTaskResult;
import dev.reissued.tencent.BoundResource;
import dev.reissued.tencent.CloudActions;
import dev.reissued.tencent.CloudListings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what a lineage's earlier certificates are bound to: CreateCertificateBindResourceSyncTask
 * (never from the cache, which is stale after a move), DescribeCertificateBindResourceTaskResult
 * until done, then the detail, each resource stored as a {@link Binding}. A query still running
 * after a few looks is left for the next pass: starting it again answers the running one's id.
 */
final class Discovery {
  private static final Logger log = LoggerFactory.getLogger(Discovery.class);
  static final int LOOKS = 5;
  static final Duration BETWEEN_LOOKS = Duration.ofSeconds(2);

  private final Bindings bindings;
  private final Clock clock;
  private final Pause pause;

  Discovery(Bindings bindings, Clock clock, Pause pause) {
    this.bindings = bindings;
    this.clock = clock;
    this.pause = pause;
  }

  /** True when every query finished and what it found is stored. */
  boolean discover(
      CloudActions actions,
      String lineageId,
      List<String> certificateIds,
      CloudConfig.Settings settings)
      throws InterruptedException {
    Map<String, String> certificateOfTask = new LinkedHashMap<>();
    for (int from = 0; from < certificateIds.size(); from += CloudActions.MAX_TASK_IDS) {
      List<String> chunk =
          certificateIds.subList(
              from, Math.min(certificateIds.size(), from + CloudActions.MAX_TASK_IDS));
      for (BindTask task : actions.createBindResourceSyncTask(chunk, false)) {
        certificateOfTask.putIfAbsent(task.taskId(), task.certificateId());
      }
    }
    List<String> taskIds = new ArrayList<>(certificateOfTask.keySet());
    List<BindTaskResult> results = List.of();
    for (int look = 0; look < LOOKS; look++) {
      results = actions.describeBindResourceTaskResult(taskIds);
      if (results.stream().noneMatch(BindTaskResult::isQuerying)) {
        break;
      }
      pause.pause(BETWEEN_LOOKS);
    }
    if (results.size() < taskIds.size() || results.stream().anyMatch(result -> !result.isDone())) {
      log.info(
          "account {}: the bind-resource query of lineage {} has not finished ({}); next pass",
          actions.account(),
          lineageId,
          results.stream()
              .filter(result -> !result.isDone())
              .map(
                  result ->
                      result.taskId()
                          + (result.isFailed() ? " failed: " + result.errorCode() : " querying"))
              .toList());
      return false;
    }
    Set<String> members = new HashSet<>(certificateIds);
    Instant now = clock.instant();
    CloudListings listings = new CloudListings(actions);
    int found = 0;
    for (String taskId : taskIds) {
      for (BoundResource resource : listings.allBoundResources(taskId, List.of(), List.of())) {
        String holds =
            resource.certificateId() != null
                ? resource.certificateId()
                : certificateOfTask.get(taskId);
        if (!members.contains(holds)) {
          continue;
        }
        bindings.seen(
            new Binding(
                actions.account(),
                ResourceKey.of(
                    resource.type(),
                    resource.region(),
                    resource.instanceId(),
                    resource.listenerId(),
                    resource.namespace(),
                    resource.secretName(),
                    resource.domains()),
                resource.type(),
                resource.region(),
                resource.instanceId(),
                resource.listenerId(),
                resource.domains(),
                holds,
                lineageId,
                settings.excludes(resource.instanceId(), resource.domains()),
                now));
        found++;
      }
    }
    log.info(
        "account {}: lineage {} has {} resource(s) on {}",
        actions.account(),
        lineageId,
        found,
        certificateIds);
    return true;
  }
}
