package dev.reissued.tencent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads DescribeCertificateBindResourceTaskDetail's one-array-per-product answer into {@link
 * BoundResource}s. A product's array, its {@code InstanceList} and the CLB listeners and TKE
 * secrets inside must have the SDK's shape, or the page is refused: skipping one would report a
 * resource that still serves the old certificate as not bound at all.
 */
final class BindingParser {
  /** For the flat products: which field names the instance, its name, and its domain. */
  private record Shape(String instance, String name, String domain) {}

  private static final Map<String, Shape> SHAPES =
      Map.of(
          "CDN", new Shape("Domain", null, "Domain"),
          "LIVE", new Shape("Domain", null, "Domain"),
          "VOD", new Shape("Domain", null, "Domain"),
          "WAF", new Shape("Domain", null, "Domain"),
          "TEO", new Shape("ZoneId", null, "Host"),
          "COS", new Shape("Bucket", null, "Domain"),
          "DDOS", new Shape("InstanceId", null, "Domain"),
          "APIGATEWAY", new Shape("ServiceId", "ServiceName", "Domain"));

  private BindingParser() {}

  static BindResourceDetail detail(JsonNode response) {
    List<BindResourceDetail.Part> parts = new ArrayList<>();
    List<BoundResource> resources = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : response.properties()) {
      String type = field.getKey();
      if (!isProductList(type, field.getValue())) {
        continue;
      }
      int index = 0;
      for (JsonNode list : MalformedAnswer.objects(response, type, "")) {
        String where = type + "[" + index++ + "].";
        String region = blankToNull(JsonFields.text(list, "Region"));
        List<JsonNode> entries = MalformedAnswer.objects(list, "InstanceList", where);
        Long total = MalformedAnswer.optionalCount(list, "TotalCount", where);
        parts.add(
            new BindResourceDetail.Part(
                type,
                region,
                total == null ? entries.size() : total,
                entries.size(),
                blankToNull(JsonFields.text(list, "Error"))));
        int entryIndex = 0;
        for (JsonNode entry : entries) {
          String at = where + "InstanceList[" + entryIndex++ + "].";
          switch (type) {
            case "CLB" -> resources.addAll(clb(region, entry, at));
            case "TKE" -> resources.addAll(tke(region, entry, at));
            default -> resources.add(flat(type, region, entry));
          }
        }
      }
    }
    return new BindResourceDetail(
        MalformedAnswer.optionalCount(response, "Status", ""),
        TencentTime.parse(JsonFields.text(response, "CacheTime")).orElse(null),
        parts,
        resources,
        JsonFields.text(response, "RequestId"));
  }

  /**
   * A known product's key, or an unknown key holding an array of lists with an InstanceList (a
   * product added after this was written). Other unknown fields are not resources.
   */
  private static boolean isProductList(String key, JsonNode value) {
    if (BoundResource.PRODUCTS.contains(key)) {
      return true;
    }
    return value != null && value.isArray() && value.size() > 0 && value.get(0).has("InstanceList");
  }

  /** One resource per listener, or per group of SNI rules that hold one certificate. */
  private static List<BoundResource> clb(String region, JsonNode entry, String where) {
    String instance = JsonFields.text(entry, "LoadBalancerId");
    String name = JsonFields.text(entry, "LoadBalancerName");
    List<BoundResource> result = new ArrayList<>();
    List<JsonNode> listeners = MalformedAnswer.objects(entry, "Listeners", where);
    if (listeners.isEmpty()) {
      result.add(resource("CLB", region, instance, name, null, null, null, List.of(), null, entry));
    }
    int index = 0;
    for (JsonNode listener : listeners) {
      String at = where + "Listeners[" + index++ + "].";
      String listenerId = JsonFields.text(listener, "ListenerId");
      String listenerCertificate = JsonFields.text(listener.get("Certificate"), "CertId");
      Map<String, List<JsonNode>> rulesByCertificate = new LinkedHashMap<>();
      for (JsonNode rule : MalformedAnswer.objects(listener, "Rules", at)) {
        String own = JsonFields.text(rule.get("Certificate"), "CertId");
        rulesByCertificate
            .computeIfAbsent(own == null ? listenerCertificate : own, key -> new ArrayList<>())
            .add(rule);
      }
      if (rulesByCertificate.isEmpty()) {
        rulesByCertificate.put(listenerCertificate, List.of());
      }
      for (Map.Entry<String, List<JsonNode>> group : rulesByCertificate.entrySet()) {
        Set<String> domains = new LinkedHashSet<>();
        group.getValue().forEach(rule -> addDomain(domains, JsonFields.text(rule, "Domain")));
        ObjectNode narrowed = listener.deepCopy();
        narrowed.putArray("Rules").addAll(group.getValue());
        ObjectNode raw = entry.deepCopy();
        raw.putArray("Listeners").add(narrowed);
        result.add(
            resource(
                "CLB",
                region,
                instance,
                name,
                listenerId,
                null,
                null,
                List.copyOf(domains),
                group.getKey(),
                raw));
      }
    }
    return result;
  }

  /** One resource per secret; its domains are those of the ingresses that use it. */
  private static List<BoundResource> tke(String region, JsonNode entry, String where) {
    String cluster = JsonFields.text(entry, "ClusterId");
    String name = JsonFields.text(entry, "ClusterName");
    List<BoundResource> result = new ArrayList<>();
    int index = 0;
    for (JsonNode namespace : MalformedAnswer.objects(entry, "NamespaceList", where)) {
      String at = where + "NamespaceList[" + index++ + "].";
      String namespaceName = JsonFields.text(namespace, "Name");
      for (JsonNode secret : MalformedAnswer.objects(namespace, "SecretList", at)) {
        Set<String> domains = new LinkedHashSet<>();
        for (JsonNode ingress :
            MalformedAnswer.objects(secret, "IngressList", at + "SecretList.")) {
          JsonFields.strings(ingress, "TlsDomains").forEach(domain -> addDomain(domains, domain));
          JsonFields.strings(ingress, "Domains").forEach(domain -> addDomain(domains, domain));
        }
        ObjectNode narrowedNamespace = namespace.deepCopy();
        narrowedNamespace.putArray("SecretList").add(secret);
        ObjectNode raw = entry.deepCopy();
        raw.putArray("NamespaceList").add(narrowedNamespace);
        result.add(
            resource(
                "TKE",
                region,
                cluster,
                name,
                null,
                namespaceName,
                JsonFields.text(secret, "Name"),
                List.copyOf(domains),
                JsonFields.text(secret, "CertId"),
                raw));
      }
    }
    return result;
  }

  /** A product whose entries are one resource each: the known ones by their shape, others alike. */
  private static BoundResource flat(String type, String listRegion, JsonNode entry) {
    Shape shape = SHAPES.get(type);
    String instance;
    String name;
    Set<String> domains = new LinkedHashSet<>();
    if (shape != null) {
      instance = JsonFields.text(entry, shape.instance());
      name = shape.name() == null ? null : JsonFields.text(entry, shape.name());
      addDomain(domains, JsonFields.text(entry, shape.domain()));
    } else {
      instance = firstText(entry, "InstanceId", "Id", "Domain", "Host");
      name = JsonFields.text(entry, "InstanceName");
      addDomain(domains, JsonFields.text(entry, "Domain"));
      addDomain(domains, JsonFields.text(entry, "Host"));
      JsonFields.strings(entry, "Domains").forEach(domain -> addDomain(domains, domain));
    }
    String region = blankToNull(JsonFields.text(entry, "Region"));
    return resource(
        type,
        region == null ? listRegion : region,
        instance,
        name,
        null,
        null,
        null,
        List.copyOf(domains),
        JsonFields.text(entry, "CertId"),
        entry);
  }

  private static BoundResource resource(
      String type,
      String region,
      String instance,
      String name,
      String listener,
      String namespace,
      String secret,
      List<String> domains,
      String certificateId,
      JsonNode raw) {
    return new BoundResource(
        type,
        region,
        blankToNull(instance),
        blankToNull(name),
        blankToNull(listener),
        blankToNull(namespace),
        blankToNull(secret),
        domains,
        blankToNull(certificateId),
        raw.toString());
  }

  private static String firstText(JsonNode node, String... fields) {
    for (String field : fields) {
      String value = blankToNull(JsonFields.text(node, field));
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static void addDomain(Set<String> domains, String domain) {
    if (domain != null && !domain.isBlank()) {
      domains.add(domain);
    }
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
