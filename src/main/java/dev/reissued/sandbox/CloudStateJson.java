package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cloud part of the sandbox's state file (which resource holds which certificate, the move
 * tasks, the notice switches), and the one JSON shape of a resource, which the sample inventory's
 * {@code boundTo} lists use too. A state file without a cloud part reads as no resources.
 */
final class CloudStateJson {
  private CloudStateJson() {}

  static ObjectNode node(SandboxCloud.State state) {
    ObjectNode root = CertificateJson.JSON.createObjectNode();
    ArrayNode bindings = root.putArray("bindings");
    state
        .holders()
        .forEach(
            (resource, certificateId) ->
                bindings
                    .addObject()
                    .put("certificateId", certificateId)
                    .set("resource", node(resource)));
    ArrayNode records = root.putArray("records");
    state.records().forEach(record -> records.add(node(record)));
    ObjectNode switches = root.putObject("noticeSwitches");
    state.noticeSwitches().forEach(switches::put);
    return root;
  }

  static SandboxCloud.State state(JsonNode root) {
    Map<SandboxResource, String> holders = new LinkedHashMap<>();
    for (JsonNode binding : root.path("bindings")) {
      holders.put(resource(binding.path("resource")), binding.path("certificateId").asText());
    }
    List<DeployRecord> records = new ArrayList<>();
    for (JsonNode record : root.path("records")) {
      records.add(record(record));
    }
    Map<String, Integer> switches = new LinkedHashMap<>();
    root.path("noticeSwitches")
        .properties()
        .forEach(e -> switches.put(e.getKey(), e.getValue().asInt()));
    return new SandboxCloud.State(holders, records, switches);
  }

  static ObjectNode node(SandboxResource resource) {
    ObjectNode node = CertificateJson.JSON.createObjectNode();
    node.put("type", resource.type().apiName());
    node.put("region", resource.region());
    node.put("instanceId", resource.instanceId());
    node.put("instanceName", resource.instanceName());
    node.put("listenerId", resource.listenerId());
    node.put("listenerName", resource.listenerName());
    ArrayNode domains = node.putArray("domains");
    resource.domains().forEach(domains::add);
    return node;
  }

  static SandboxResource resource(JsonNode node) {
    SandboxResource.Type type = SandboxResource.Type.of(node.path("type").asText());
    if (type == null) {
      throw new IllegalArgumentException("unknown resource type " + node.path("type"));
    }
    List<String> domains = new ArrayList<>();
    node.path("domains").forEach(domain -> domains.add(domain.asText()));
    return new SandboxResource(
        type,
        string(node, "region"),
        string(node, "instanceId"),
        string(node, "instanceName"),
        string(node, "listenerId"),
        string(node, "listenerName"),
        domains);
  }

  private static ObjectNode node(DeployRecord record) {
    ObjectNode node = CertificateJson.JSON.createObjectNode();
    node.put("id", record.id);
    node.put("certificateId", record.certificateId);
    node.put("oldCertificateId", record.oldCertificateId);
    node.put("rollback", record.rollback);
    ArrayNode types = node.putArray("resourceTypes");
    record.resourceTypes.forEach(types::add);
    ArrayNode regions = node.putArray("regions");
    record.regions.forEach(regions::add);
    node.put("created", record.created.toString());
    ArrayNode details = node.putArray("details");
    for (DeployRecord.Detail detail : record.details) {
      ObjectNode item = details.addObject();
      item.put("id", detail.id);
      item.set("resource", node(detail.resource));
      item.put("created", detail.created.toString());
      item.put("status", detail.status);
      item.put("errorMsg", detail.errorMsg);
      item.put("updated", detail.updated.toString());
      item.put("attemptStart", detail.attemptStart.toString());
      item.put("attemptEnd", detail.attemptEnd.toString());
      item.put("failing", detail.failing);
    }
    return node;
  }

  private static DeployRecord record(JsonNode node) {
    List<DeployRecord.Detail> details = new ArrayList<>();
    for (JsonNode item : node.path("details")) {
      DeployRecord.Detail detail =
          new DeployRecord.Detail(
              item.path("id").asLong(),
              resource(item.path("resource")),
              Instant.parse(item.path("created").asText()));
      detail.status = item.path("status").asInt();
      detail.errorMsg = string(item, "errorMsg");
      detail.updated = Instant.parse(item.path("updated").asText());
      detail.attemptStart = Instant.parse(item.path("attemptStart").asText());
      detail.attemptEnd = Instant.parse(item.path("attemptEnd").asText());
      detail.failing = item.path("failing").asBoolean();
      details.add(detail);
    }
    List<String> types = new ArrayList<>();
    node.path("resourceTypes").forEach(type -> types.add(type.asText()));
    List<String> regions = new ArrayList<>();
    node.path("regions").forEach(region -> regions.add(region.asText()));
    return new DeployRecord(
        node.path("id").asLong(),
        node.path("certificateId").asText(),
        node.path("oldCertificateId").asText(),
        node.path("rollback").asBoolean(),
        types,
        regions,
        Instant.parse(node.path("created").asText()),
        details);
  }

  private static String string(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
