package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reissued.tencent.TencentTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders move tasks as DescribeHostUpdateRecord and DescribeHostUpdateRecordDetail answer. */
final class RecordJson {
  private RecordJson() {}

  /** UpdateCertificateInstance's answer, with the progress of creating the task per type. */
  static ObjectNode moveAnswer(
      MoveRequest request, UpdateRecords.Move move, List<SandboxResource> resources) {
    ObjectNode response = CertificateJson.JSON.createObjectNode();
    boolean created = move.record() != null;
    response.put("DeployRecordId", created ? move.record().id : 0);
    response.put("DeployStatus", move.adopted() ? 0 : 1);
    ArrayNode progress = response.putArray("UpdateSyncProgress");
    for (String type : request.resourceTypes()) {
      ObjectNode typeNode = progress.addObject();
      typeNode.put("ResourceType", type);
      ArrayNode regions = typeNode.putArray("UpdateSyncProgressRegions");
      for (String region : request.regions().getOrDefault(type, List.of())) {
        long total =
            resources.stream()
                .filter(r -> r.type().apiName().equals(type) && region.equals(r.region()))
                .count();
        ObjectNode regionNode = regions.addObject();
        regionNode.put("Region", region);
        regionNode.put("TotalCount", total);
        regionNode.put("OffsetCount", created ? total : 0);
        regionNode.put("Status", created ? 1 : 3);
      }
      typeNode.put("Status", created ? 1 : 3);
    }
    return response;
  }

  /** One page of tasks; a positive {@code repeatedTotal} answers the first page for any Offset. */
  static ObjectNode list(List<DeployRecord> records, int offset, int limit, long repeatedTotal) {
    ObjectNode response = CertificateJson.JSON.createObjectNode();
    response.put("TotalCount", repeatedTotal > 0 ? repeatedTotal : records.size());
    ArrayNode list = response.putArray("DeployRecordList");
    int from = repeatedTotal > 0 ? 0 : offset;
    for (int i = from; i < Math.min(records.size(), from + limit); i++) {
      DeployRecord record = records.get(i);
      ObjectNode node = list.addObject();
      node.put("Id", record.id);
      node.put("CertId", record.certificateId);
      node.put("OldCertId", record.oldCertificateId);
      ArrayNode types = node.putArray("ResourceTypes");
      record.resourceTypes.forEach(types::add);
      ArrayNode regions = node.putArray("Regions");
      record.regions.forEach(regions::add);
      node.put("Status", record.status());
      node.put("CreateTime", TencentTime.format(record.created));
      node.put("UpdateTime", TencentTime.format(record.updated()));
    }
    return response;
  }

  /** One page of a task's resources, grouped by type and paged per type, with its counts. */
  static ObjectNode details(DeployRecord record, int offset, int limit, long repeatedTotal) {
    ObjectNode response = CertificateJson.JSON.createObjectNode();
    response.put("TotalCount", repeatedTotal > 0 ? repeatedTotal : record.details.size());
    response.put(
        "SuccessTotalCount", count(record, DeployRecord.SUCCEEDED, DeployRecord.ROLLED_BACK));
    response.put(
        "FailedTotalCount", count(record, DeployRecord.FAILED, DeployRecord.ROLLBACK_FAILED));
    response.put(
        "RunningTotalCount", count(record, DeployRecord.DEPLOYING, DeployRecord.DEPLOYING));
    response.put("PendingTotalCount", count(record, DeployRecord.PENDING, DeployRecord.PENDING));
    Map<String, List<DeployRecord.Detail>> byType = new LinkedHashMap<>();
    for (DeployRecord.Detail detail : record.details) {
      byType
          .computeIfAbsent(detail.resource.type().apiName(), key -> new ArrayList<>())
          .add(detail);
    }
    ArrayNode groups = response.putArray("RecordDetailList");
    int from = repeatedTotal > 0 ? 0 : offset;
    byType.forEach(
        (type, details) -> {
          ObjectNode group = groups.addObject();
          group.put("ResourceType", type);
          group.put("TotalCount", repeatedTotal > 0 ? repeatedTotal : details.size());
          ArrayNode list = group.putArray("List");
          for (int i = from; i < Math.min(details.size(), from + limit); i++) {
            list.add(detail(record, details.get(i)));
          }
        });
    return response;
  }

  private static int count(DeployRecord record, int status, int orStatus) {
    return (int)
        record.details.stream()
            .filter(detail -> detail.status == status || detail.status == orStatus)
            .count();
  }

  private static ObjectNode detail(DeployRecord record, DeployRecord.Detail detail) {
    SandboxResource resource = detail.resource;
    boolean clb = resource.type() == SandboxResource.Type.CLB;
    boolean cos = resource.type() == SandboxResource.Type.COS;
    ObjectNode node = CertificateJson.JSON.createObjectNode();
    node.put("Id", detail.id);
    node.put("CertId", record.certificateId);
    node.put("OldCertId", record.oldCertificateId);
    ArrayNode domains = node.putArray("Domains");
    resource.domains().forEach(domains::add);
    node.put("ResourceType", resource.type().apiName());
    node.put("Region", resource.region());
    node.put("Status", detail.status);
    node.put("ErrorMsg", detail.errorMsg);
    node.put("CreateTime", TencentTime.format(detail.created));
    node.put("UpdateTime", TencentTime.format(detail.updated));
    node.put("InstanceId", resource.instanceId());
    node.put("InstanceName", resource.instanceName());
    node.put("ListenerId", resource.listenerId());
    node.put("ListenerName", resource.listenerName());
    node.put("Protocol", clb ? "HTTPS" : null);
    if (clb) {
      node.put("SniSwitch", 0);
      node.put("Port", 443);
    } else {
      node.putNull("SniSwitch");
      node.putNull("Port");
    }
    node.put("Bucket", cos ? resource.instanceId() : null);
    node.putNull("Namespace");
    node.putNull("SecretName");
    node.put("Algorithm", "RSA 2048");
    node.put("OldAlgorithm", "RSA 2048");
    return node;
  }
}
