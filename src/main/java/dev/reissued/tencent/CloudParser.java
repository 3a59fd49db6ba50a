package dev.reissued.tencent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the answers of the cloud actions other than the bind-resource detail ({@link
 * BindingParser}). Ids and counts the caller acts on must be there and make sense, or the answer is
 * refused with a {@link MalformedAnswer}; descriptive fields are read leniently, as null.
 */
final class CloudParser {
  private CloudParser() {}

  static List<BindTask> bindTasks(JsonNode response) {
    List<BindTask> tasks = new ArrayList<>();
    int index = 0;
    for (JsonNode entry : MalformedAnswer.objects(response, "CertTaskIds", "")) {
      String where = "CertTaskIds[" + index++ + "].";
      tasks.add(new BindTask(JsonFields.text(entry, "CertId"), required(entry, "TaskId", where)));
    }
    return tasks;
  }

  static List<BindTaskResult> bindTaskResults(JsonNode response) {
    List<BindTaskResult> results = new ArrayList<>();
    int index = 0;
    for (JsonNode entry : MalformedAnswer.objects(response, "SyncTaskBindResourceResult", "")) {
      String where = "SyncTaskBindResourceResult[" + index++ + "].";
      List<BindTaskResult.Count> counts = new ArrayList<>();
      int typeIndex = 0;
      for (JsonNode type : MalformedAnswer.objects(entry, "BindResourceResult", where)) {
        String at = where + "BindResourceResult[" + typeIndex++ + "].";
        String resourceType = JsonFields.text(type, "ResourceType");
        for (JsonNode region : MalformedAnswer.objects(type, "BindResourceRegionResult", at)) {
          Long total = MalformedAnswer.optionalCount(region, "TotalCount", at);
          counts.add(
              new BindTaskResult.Count(
                  resourceType,
                  BindingParser.blankToNull(JsonFields.text(region, "Region")),
                  total == null ? 0 : total,
                  BindingParser.blankToNull(JsonFields.text(region, "Error"))));
        }
      }
      JsonNode error = entry.get("Error");
      boolean structured = error != null && error.isObject();
      results.add(
          new BindTaskResult(
              required(entry, "TaskId", where),
              MalformedAnswer.count(entry, "Status", where),
              structured ? JsonFields.text(error, "Code") : null,
              structured ? JsonFields.text(error, "Message") : JsonFields.text(entry, "Error"),
              counts,
              time(entry, "CacheTime")));
    }
    return results;
  }

  static UpdateCertificateInstanceResponse update(JsonNode response) {
    List<UpdateSyncProgress> progress = new ArrayList<>();
    int index = 0;
    for (JsonNode type : MalformedAnswer.objects(response, "UpdateSyncProgress", "")) {
      String where = "UpdateSyncProgress[" + index++ + "].";
      List<UpdateSyncProgress.Region> regions = new ArrayList<>();
      for (JsonNode region : MalformedAnswer.objects(type, "UpdateSyncProgressRegions", where)) {
        regions.add(
            new UpdateSyncProgress.Region(
                JsonFields.text(region, "Region"),
                JsonFields.number(region, "TotalCount"),
                JsonFields.number(region, "OffsetCount"),
                JsonFields.number(region, "Status")));
      }
      progress.add(
          new UpdateSyncProgress(
              JsonFields.text(type, "ResourceType"), JsonFields.number(type, "Status"), regions));
    }
    return new UpdateCertificateInstanceResponse(
        MalformedAnswer.count(response, "DeployRecordId", ""),
        MalformedAnswer.optionalCount(response, "DeployStatus", ""),
        progress,
        JsonFields.text(response, "RequestId"));
  }

  static UpdateRecordPage records(JsonNode response) {
    List<UpdateRecord> records = new ArrayList<>();
    int index = 0;
    for (JsonNode entry : MalformedAnswer.objects(response, "DeployRecordList", "")) {
      String where = "DeployRecordList[" + index++ + "].";
      records.add(
          new UpdateRecord(
              recordId(entry, "Id", where),
              JsonFields.text(entry, "CertId"),
              JsonFields.text(entry, "OldCertId"),
              JsonFields.strings(entry, "ResourceTypes"),
              JsonFields.strings(entry, "Regions"),
              JsonFields.number(entry, "Status"),
              time(entry, "CreateTime"),
              time(entry, "UpdateTime")));
    }
    Long total = MalformedAnswer.optionalCount(response, "TotalCount", "");
    return new UpdateRecordPage(
        total == null ? records.size() : total, records, JsonFields.text(response, "RequestId"));
  }

  static UpdateRecordDetailPage recordDetails(JsonNode response) {
    List<UpdateRecordDetailPage.Group> groups = new ArrayList<>();
    int index = 0;
    int listed = 0;
    for (JsonNode group : MalformedAnswer.objects(response, "RecordDetailList", "")) {
      String where = "RecordDetailList[" + index++ + "].";
      List<UpdateRecordDetail> details = new ArrayList<>();
      for (JsonNode entry : MalformedAnswer.objects(group, "List", where)) {
        details.add(detail(entry));
      }
      listed += details.size();
      Long total = MalformedAnswer.optionalCount(group, "TotalCount", where);
      groups.add(
          new UpdateRecordDetailPage.Group(
              JsonFields.text(group, "ResourceType"),
              total == null ? details.size() : total,
              details));
    }
    Long total = MalformedAnswer.optionalCount(response, "TotalCount", "");
    return new UpdateRecordDetailPage(
        total == null ? listed : total,
        MalformedAnswer.optionalCount(response, "SuccessTotalCount", ""),
        MalformedAnswer.optionalCount(response, "FailedTotalCount", ""),
        MalformedAnswer.optionalCount(response, "RunningTotalCount", ""),
        MalformedAnswer.optionalCount(response, "PendingTotalCount", ""),
        groups,
        JsonFields.text(response, "RequestId"));
  }

  /** A deploy record id that must be there and above 0 (a rollback's answer, a listed record). */
  static long recordId(JsonNode node, String field, String where) {
    long id = MalformedAnswer.count(node, field, where);
    if (id == 0) {
      throw new MalformedAnswer(where + field + " is 0, not a record id");
    }
    return id;
  }

  private static UpdateRecordDetail detail(JsonNode entry) {
    return new UpdateRecordDetail(
        JsonFields.number(entry, "Id"),
        JsonFields.text(entry, "CertId"),
        JsonFields.text(entry, "OldCertId"),
        JsonFields.strings(entry, "Domains"),
        JsonFields.text(entry, "ResourceType"),
        BindingParser.blankToNull(JsonFields.text(entry, "Region")),
        JsonFields.number(entry, "Status"),
        BindingParser.blankToNull(JsonFields.text(entry, "ErrorMsg")),
        BindingParser.blankToNull(JsonFields.text(entry, "InstanceId")),
        BindingParser.blankToNull(JsonFields.text(entry, "InstanceName")),
        BindingParser.blankToNull(JsonFields.text(entry, "ListenerId")),
        BindingParser.blankToNull(JsonFields.text(entry, "ListenerName")),
        BindingParser.blankToNull(JsonFields.text(entry, "Namespace")),
        BindingParser.blankToNull(JsonFields.text(entry, "SecretName")),
        BindingParser.blankToNull(JsonFields.text(entry, "Bucket")),
        time(entry, "CreateTime"),
        time(entry, "UpdateTime"),
        entry.toString());
  }

  private static String required(JsonNode node, String field, String where) {
    String value = JsonFields.text(node, field);
    if (value == null || value.isBlank()) {
      throw new MalformedAnswer(
          where + field + " is " + MalformedAnswer.kind(node.get(field)) + ", not an id");
    }
    return value;
  }

  private static Instant time(JsonNode node, String field) {
    return TencentTime.parse(JsonFields.text(node, field)).orElse(null);
  }
}
