package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reissued.tencent.TencentTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's bind-resource queries. A query looks at which resources hold its certificate when
 * it starts, and answers that once its delay has passed on the sandbox clock, so a result read from
 * the cache after a move is stale, as the real one is. Not kept in the state file: a restarted
 * sandbox has forgotten its queries (ids carry the start time, so none is reused). Guarded by
 * {@link SandboxCloud}'s lock.
 */
final class BindTasks {
  /** How long a finished query answers for the certificate when IsCache is 1. */
  static final Duration CACHE = Duration.ofMinutes(30);

  private record Task(String id, String certificateId, Instant done, List<SandboxResource> found) {}

  private final Map<String, Task> byId = new LinkedHashMap<>();
  private final Map<String, Task> latest = new HashMap<>();
  private long started;

  /** The query for the certificate: the running one, a recent one when allowed, or a new one. */
  String start(
      String certificateId,
      boolean useCache,
      Instant now,
      Duration delay,
      List<SandboxResource> holding) {
    Task last = latest.get(certificateId);
    if (last != null
        && (now.isBefore(last.done()) || useCache && !now.isAfter(last.done().plus(CACHE)))) {
      return last.id();
    }
    String id = "bt-" + now.getEpochSecond() + "-" + ++started;
    Task task = new Task(id, certificateId, now.plus(delay), List.copyOf(holding));
    byId.put(id, task);
    latest.put(certificateId, task);
    return id;
  }

  /** DescribeCertificateBindResourceTaskResult's entry for one task. */
  ObjectNode result(String taskId, Instant now) {
    Task task = find(taskId);
    ObjectNode node = CertificateJson.JSON.createObjectNode();
    node.put("TaskId", task.id());
    ArrayNode types = node.putArray("BindResourceResult");
    boolean done = !now.isBefore(task.done());
    if (done) {
      ResourceJson.entries(task.found(), task.certificateId())
          .forEach(
              (type, byRegion) -> {
                ObjectNode typeNode = types.addObject();
                typeNode.put("ResourceType", type.apiName());
                ArrayNode regions = typeNode.putArray("BindResourceRegionResult");
                byRegion.forEach(
                    (region, entries) -> {
                      ObjectNode regionNode = regions.addObject();
                      regionNode.put("Region", region);
                      regionNode.put("TotalCount", entries.size());
                      regionNode.put("Error", "");
                    });
              });
    }
    node.put("Status", done ? 1 : 0);
    node.putNull("Error");
    node.put("CacheTime", done ? TencentTime.format(task.done()) : "");
    return node;
  }

  /** DescribeCertificateBindResourceTaskDetail for one task: nothing listed before it is done. */
  ObjectNode detail(
      String taskId,
      int offset,
      int limit,
      Set<String> types,
      Set<String> regions,
      Instant now,
      long repeatedTotal) {
    Task task = find(taskId);
    ObjectNode response = CertificateJson.JSON.createObjectNode();
    boolean done = !now.isBefore(task.done());
    List<SandboxResource> shown =
        task.found().stream()
            .filter(resource -> types.isEmpty() || types.contains(resource.type().apiName()))
            .filter(
                resource ->
                    regions.isEmpty()
                        || !resource.type().regional()
                        || regions.contains(resource.region()))
            .toList();
    ResourceJson.putLists(
        response,
        done ? ResourceJson.entries(shown, task.certificateId()) : Map.of(),
        offset,
        limit,
        repeatedTotal);
    response.put("Status", done ? 1 : 0);
    response.put("CacheTime", done ? TencentTime.format(task.done()) : "");
    return response;
  }

  private Task find(String taskId) {
    Task task = byId.get(taskId);
    if (task == null) {
      throw new SandboxError(
          "InvalidParameterValue", "The bind-resource task " + taskId + " does not exist.");
    }
    return task;
  }
}
