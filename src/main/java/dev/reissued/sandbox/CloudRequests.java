package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud actions of the sandbox's API: each request's parameters checked as the API checks them,
 * certificates looked up in the store before {@link CloudState}'s lock is taken, and the work done
 * under it.
 */
final class CloudRequests {
  private static final Logger log = LoggerFactory.getLogger(CloudRequests.class);

  private final CloudState state;
  private final Clock clock;
  private final Supplier<SandboxCloudOptions> options;
  private final LongSupplier repeatedPageTotal;
  private final Function<String, Optional<SandboxCertificate>> certificates;

  CloudRequests(
      CloudState state,
      Clock clock,
      Supplier<SandboxCloudOptions> options,
      LongSupplier repeatedPageTotal,
      Function<String, Optional<SandboxCertificate>> certificates) {
    this.state = state;
    this.clock = clock;
    this.options = options;
    this.repeatedPageTotal = repeatedPageTotal;
    this.certificates = certificates;
  }

  ObjectNode handle(String action, JsonNode body) {
    Instant now = clock.instant();
    return switch (action) {
      case "CreateCertificateBindResourceSyncTask" -> startTasks(body, now);
      case "DescribeCertificateBindResourceTaskResult" -> taskResults(body, now);
      case "DescribeCertificateBindResourceTaskDetail" -> taskDetail(body, now);
      case "UpdateCertificateInstance" -> update(body, now);
      case "DescribeHostUpdateRecord" -> recordList(body);
      case "DescribeHostUpdateRecordDetail" -> recordDetail(body);
      case "UpdateCertificateRecordRetry" -> retry(body, now);
      case "UpdateCertificateRecordRollback" -> rollback(body, now);
      case "ModifyCertificatesExpiringNotificationSwitch" -> noticeSwitch(body);
      default ->
          throw new SandboxError("InvalidAction", "The action " + action + " does not exist.");
    };
  }

  private ObjectNode startTasks(JsonNode body, Instant now) {
    List<String> ids = CloudParams.ids(body, "CertificateIds", 100);
    boolean useCache = CloudParams.number(body, "IsCache", 1L) == 1;
    ids.forEach(this::certificate);
    return state.locked(
        () -> {
          ObjectNode response = CertificateJson.JSON.createObjectNode();
          ArrayNode started = response.putArray("CertTaskIds");
          for (String id : ids) {
            ObjectNode task = started.addObject();
            task.put("CertId", id);
            task.put(
                "TaskId",
                state.tasks.start(
                    id, useCache, now, options.get().bindTaskDelay(), state.holding(id)));
          }
          return response;
        });
  }

  private ObjectNode taskResults(JsonNode body, Instant now) {
    List<String> ids = CloudParams.ids(body, "TaskIds", 100);
    return state.locked(
        () -> {
          ObjectNode response = CertificateJson.JSON.createObjectNode();
          ArrayNode results = response.putArray("SyncTaskBindResourceResult");
          ids.forEach(id -> results.add(state.tasks.result(id, now)));
          return response;
        });
  }

  private ObjectNode taskDetail(JsonNode body, Instant now) {
    String taskId = CloudParams.required(body, "TaskId");
    int limit = CloudParams.bounded(body, "Limit", 10, 1, 100);
    int offset = CloudParams.bounded(body, "Offset", 0, 0, Integer.MAX_VALUE);
    Set<String> types = new HashSet<>(CloudParams.strings(body, "ResourceTypes"));
    Set<String> regions = new HashSet<>(CloudParams.strings(body, "Regions"));
    return state.locked(
        () ->
            state.tasks.detail(
                taskId, offset, limit, types, regions, now, repeatedPageTotal.getAsLong()));
  }

  private ObjectNode update(JsonNode body, Instant now) {
    MoveRequest request = MoveRequest.parse(body);
    SandboxCloudOptions current = options.get();
    if (!current.serviceRole()) {
      throw new SandboxError(
          "FailedOperation.RoleNotFoundAuthorization",
          "The role does not exist; authorise the service role first.");
    }
    certificate(request.oldCertificateId());
    if (certificate(request.certificateId()).status() != SandboxCertificate.STATUS_ISSUED) {
      throw new SandboxError(
          "FailedOperation.CertificateNotAvailable",
          "The certificate " + request.certificateId() + " is not available.");
    }
    return state.locked(
        () -> {
          List<SandboxResource> resources =
              state.holding(request.oldCertificateId()).stream().filter(request::covers).toList();
          UpdateRecords.Move move =
              state.records.move(request, resources, now, current, state.creating, state::chance);
          if (move.created()) {
            state.changed();
            if (request.muteOldNotices()) {
              state.noticeSwitches.put(request.oldCertificateId(), 1);
            }
            log.info(
                "sandbox: deploy record {} moves {} resources from {} to {}",
                move.record().id,
                resources.size(),
                request.oldCertificateId(),
                request.certificateId());
          }
          return RecordJson.moveAnswer(request, move, resources);
        });
  }

  private ObjectNode recordList(JsonNode body) {
    int offset = CloudParams.bounded(body, "Offset", 0, 0, Integer.MAX_VALUE);
    int limit = CloudParams.bounded(body, "Limit", 10, 1, 1000);
    String certificateId = SandboxStore.text(body, "CertificateId");
    String oldCertificateId = SandboxStore.text(body, "OldCertificateId");
    return state.locked(
        () ->
            RecordJson.list(
                state.records.find(certificateId, oldCertificateId),
                offset,
                limit,
                repeatedPageTotal.getAsLong()));
  }

  private ObjectNode recordDetail(JsonNode body) {
    long recordId = CloudParams.requiredNumber(body, "DeployRecordId");
    int limit = CloudParams.bounded(body, "Limit", 10, 1, 200);
    int offset = CloudParams.bounded(body, "Offset", 0, 0, Integer.MAX_VALUE);
    return state.locked(
        () ->
            RecordJson.details(
                state.records.find(recordId), offset, limit, repeatedPageTotal.getAsLong()));
  }

  private ObjectNode retry(JsonNode body, Instant now) {
    Long recordId = CloudParams.number(body, "DeployRecordId", null);
    Long detailId = CloudParams.number(body, "DeployRecordDetailId", null);
    if (recordId == null && detailId == null) {
      throw new SandboxError(
          "MissingParameter", "The request needs DeployRecordId or DeployRecordDetailId.");
    }
    return state.locked(
        () -> {
          state.records.retry(recordId, detailId, now, options.get().deployDuration());
          state.changed();
          return CertificateJson.JSON.createObjectNode();
        });
  }

  private ObjectNode rollback(JsonNode body, Instant now) {
    long recordId = CloudParams.requiredNumber(body, "DeployRecordId");
    return state.locked(
        () -> {
          DeployRecord rollback =
              state.records.rollback(recordId, now, options.get().deployDuration());
          state.changed();
          log.info("sandbox: rolled back deploy record {} as {}", recordId, rollback.id);
          ObjectNode response = CertificateJson.JSON.createObjectNode();
          response.put("DeployRecordId", rollback.id);
          return response;
        });
  }

  private ObjectNode noticeSwitch(JsonNode body) {
    List<String> ids = CloudParams.ids(body, "CertificateIds", 50);
    long status = CloudParams.requiredNumber(body, "SwitchStatus");
    if (status != 0 && status != 1) {
      throw new SandboxError("InvalidParameterValue", "SwitchStatus must be 0 or 1.");
    }
    ids.forEach(this::certificate);
    return state.locked(
        () -> {
          ids.forEach(id -> state.noticeSwitches.put(id, (int) status));
          state.changed();
          ObjectNode response = CertificateJson.JSON.createObjectNode();
          ArrayNode changed = response.putArray("CertificateIds");
          ids.forEach(changed::add);
          return response;
        });
  }

  private SandboxCertificate certificate(String id) {
    return certificates
        .apply(id)
        .orElseThrow(
            () ->
                new SandboxError(
                    "FailedOperation.CertificateNotFound",
                    "The certificate " + id + " does not exist."));
  }
}
