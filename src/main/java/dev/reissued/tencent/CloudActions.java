package dev.reissued.tencent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The SSL API's actions for moving cloud resources (CLB, CDN, EdgeOne, WAF, COS, ...) from an old
 * certificate to a new one, on a {@link TencentClient}: every request goes through the account's
 * rate limit and the client's no-resend guard. Thread-safe, like the client.
 *
 * <p>Find what a certificate is bound to with {@link #createBindResourceSyncTask}, {@link
 * #describeBindResourceTaskResult} until done, then {@link CloudListings#allBoundResources}. Move
 * with {@link #updateCertificateInstance}, follow with {@link
 * CloudListings#allUpdateRecordDetails}, retry failed resources with {@link #retryUpdateRecord},
 * undo with {@link #rollbackUpdateRecord}. The state changing actions are
 * UpdateCertificateInstance, the retry, the rollback and the notification switch: on {@link
 * ErrorClass#OUTCOME_UNKNOWN} look the task up with {@link CloudListings#allUpdateRecords} before
 * sending again.
 */
public final class CloudActions {
  /** Certificates per CreateCertificateBindResourceSyncTask, and task ids per result query. */
  public static final int MAX_TASK_IDS = 100;

  /** Certificates per ModifyCertificatesExpiringNotificationSwitch. */
  public static final int MAX_SWITCH_CERTIFICATES = 50;

  /** DescribeHostUpdateRecordDetail's largest page. */
  public static final int MAX_DETAIL_LIMIT = 200;

  private final TencentClient client;

  public CloudActions(TencentClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  public String account() {
    return client.account();
  }

  /**
   * Starts a bind-resource query per certificate. {@code useCache} lets the API answer from a query
   * finished in the last 30 minutes, which is stale after a move; pass false when it matters.
   */
  public List<BindTask> createBindResourceSyncTask(List<String> certificateIds, boolean useCache) {
    checkIds("CertificateIds", certificateIds, MAX_TASK_IDS);
    ApiAction action = ApiAction.CREATE_BIND_RESOURCE_SYNC_TASK;
    String subject = certificateIds.size() == 1 ? certificateIds.get(0) : null;
    JsonNode response =
        call(
            action, subject, Map.of("CertificateIds", certificateIds, "IsCache", useCache ? 1 : 0));
    return read(action, subject, response, CloudParser::bindTasks);
  }

  public List<BindTaskResult> describeBindResourceTaskResult(List<String> taskIds) {
    checkIds("TaskIds", taskIds, MAX_TASK_IDS);
    ApiAction action = ApiAction.DESCRIBE_BIND_RESOURCE_TASK_RESULT;
    JsonNode response = call(action, null, Map.of("TaskIds", taskIds));
    return read(action, null, response, CloudParser::bindTaskResults);
  }

  /** One page of a finished query's resources. */
  public BindResourceDetail describeBindResourceTaskDetail(BindResourceDetailRequest request) {
    ApiAction action = ApiAction.DESCRIBE_BIND_RESOURCE_TASK_DETAIL;
    return read(action, null, call(action, null, request), BindingParser::detail);
  }

  /**
   * Asks to move resources to the new certificate. {@link
   * UpdateCertificateInstanceResponse#beingCreated()}: ask again after a pause; {@link
   * UpdateCertificateInstanceResponse#adoptedRunning()}: a task already ran for the pair. On {@link
   * ErrorClass#OUTCOME_UNKNOWN} the task may exist: find it with {@link
   * CloudListings#allUpdateRecords}.
   */
  public UpdateCertificateInstanceResponse updateCertificateInstance(
      UpdateCertificateInstanceRequest request) {
    ApiAction action = ApiAction.UPDATE_CERTIFICATE_INSTANCE;
    String subject = request.oldCertificateId();
    return read(action, subject, call(action, subject, request), CloudParser::update);
  }

  /** One page of the move tasks for the pair; either id may be null to leave it open. */
  public UpdateRecordPage describeHostUpdateRecord(
      String certificateId, String oldCertificateId, int offset, int limit) {
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException(
          "Offset 0 or more and Limit 1 or more, got " + offset + " and " + limit);
    }
    ApiAction action = ApiAction.DESCRIBE_HOST_UPDATE_RECORD;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Offset", offset);
    body.put("Limit", limit);
    if (certificateId != null) {
      body.put("CertificateId", certificateId);
    }
    if (oldCertificateId != null) {
      body.put("OldCertificateId", oldCertificateId);
    }
    return read(
        action, oldCertificateId, call(action, oldCertificateId, body), CloudParser::records);
  }

  /** One page of a move task's resources ({@code limit} at most {@value #MAX_DETAIL_LIMIT}). */
  public UpdateRecordDetailPage describeHostUpdateRecordDetail(
      long deployRecordId, int offset, int limit) {
    checkRecordId(deployRecordId);
    if (offset < 0 || limit < 1 || limit > MAX_DETAIL_LIMIT) {
      throw new IllegalArgumentException(
          "Offset 0 or more and Limit 1 to "
              + MAX_DETAIL_LIMIT
              + ", got "
              + offset
              + " and "
              + limit);
    }
    ApiAction action = ApiAction.DESCRIBE_HOST_UPDATE_RECORD_DETAIL;
    // The SDK declares all three as strings.
    Map<String, Object> body =
        Map.of(
            "DeployRecordId", String.valueOf(deployRecordId),
            "Limit", String.valueOf(limit),
            "Offset", String.valueOf(offset));
    return read(action, null, call(action, null, body), CloudParser::recordDetails);
  }

  /**
   * Re-runs every failed resource of a move task; answers the RequestId. {@link
   * CloudCodes#RETRY_STATUS_INVALID} when none failed.
   */
  public String retryUpdateRecord(long deployRecordId) {
    checkRecordId(deployRecordId);
    return retry(Map.of("DeployRecordId", deployRecordId));
  }

  /** Re-runs one failed resource (a detail's {@link UpdateRecordDetail#id()}). */
  public String retryUpdateRecordDetail(long deployRecordDetailId) {
    checkRecordId(deployRecordDetailId);
    return retry(Map.of("DeployRecordDetailId", deployRecordDetailId));
  }

  /**
   * Puts the resources a move task moved back on the old certificate, as a new task: answers its
   * id. {@link CloudCodes#ROLLBACK_STATUS_INVALID} when none was moved.
   */
  public long rollbackUpdateRecord(long deployRecordId) {
    checkRecordId(deployRecordId);
    ApiAction action = ApiAction.UPDATE_CERTIFICATE_RECORD_ROLLBACK;
    JsonNode response = call(action, null, Map.of("DeployRecordId", deployRecordId));
    return read(action, null, response, node -> CloudParser.recordId(node, "DeployRecordId", ""));
  }

  /**
   * Stops ({@code ignore}) or restarts expiry notices of these certificates; answers the ids the
   * API says it changed.
   */
  public List<String> modifyExpiringNotificationSwitch(
      List<String> certificateIds, boolean ignore) {
    checkIds("CertificateIds", certificateIds, MAX_SWITCH_CERTIFICATES);
    ApiAction action = ApiAction.MODIFY_EXPIRING_NOTIFICATION_SWITCH;
    String subject = certificateIds.size() == 1 ? certificateIds.get(0) : null;
    JsonNode response =
        call(
            action,
            subject,
            Map.of("CertificateIds", certificateIds, "SwitchStatus", ignore ? 1 : 0));
    return JsonFields.strings(response, "CertificateIds");
  }

  private String retry(Map<String, Object> body) {
    JsonNode response = call(ApiAction.UPDATE_CERTIFICATE_RECORD_RETRY, null, body);
    return JsonFields.text(response, "RequestId");
  }

  private JsonNode call(ApiAction action, String certificateId, Object request) {
    try {
      return client.call(action, certificateId, request);
    } catch (TencentApiException refused) {
      if (!ErrorClass.isServiceRoleMissing(refused.code())) {
        throw refused;
      }
      throw new TencentApiException(
          refused.account(),
          action,
          certificateId,
          refused.code(),
          CloudCodes.SERVICE_ROLE_FIX,
          refused.requestId(),
          refused.errorClass(),
          refused);
    }
  }

  private <T> T read(
      ApiAction action, String certificateId, JsonNode response, Function<JsonNode, T> parser) {
    try {
      return parser.apply(response);
    } catch (MalformedAnswer malformed) {
      throw invalid(
          action,
          certificateId,
          "the answer does not read: " + malformed.getMessage(),
          JsonFields.text(response, "RequestId"));
    }
  }

  TencentApiException invalid(
      ApiAction action, String certificateId, String what, String requestId) {
    String code = LocalCode.INVALID_RESPONSE;
    return new TencentApiException(
        client.account(),
        action,
        certificateId,
        code,
        what,
        requestId,
        ErrorClass.classify(action, code, null),
        null);
  }

  private static void checkIds(String field, List<String> ids, int most) {
    if (ids == null || ids.isEmpty() || ids.size() > most) {
      throw new IllegalArgumentException(
          field + " takes 1 to " + most + " ids, got " + (ids == null ? 0 : ids.size()));
    }
    if (ids.stream().anyMatch(id -> id == null || id.isBlank())) {
      throw new IllegalArgumentException(field + " has a blank id: " + ids);
    }
  }

  private static void checkRecordId(long id) {
    if (id <= 0) {
      throw new IllegalArgumentException("a deploy record id is above 0, got " + id);
    }
  }
}
