package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reissued.tencent.BoundResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders bound resources in the shapes of DescribeCertificateBindResourceTaskDetail: one array per
 * product, one list per region (one list in all for products without regions), and in each list the
 * entries the API pages through: a load balancer with its listeners for CLB, one domain, host or
 * bucket for the others.
 */
final class ResourceJson {
  private ResourceJson() {}

  /** The entries of each type's lists, by region ("" for the products without one). */
  static Map<SandboxResource.Type, Map<String, List<ObjectNode>>> entries(
      List<SandboxResource> resources, String certificateId) {
    Map<SandboxResource.Type, Map<String, List<ObjectNode>>> result = new LinkedHashMap<>();
    for (SandboxResource.Type type : SandboxResource.Type.values()) {
      Map<String, List<ObjectNode>> byRegion = new LinkedHashMap<>();
      Map<String, ObjectNode> loadBalancers = new LinkedHashMap<>();
      for (SandboxResource resource : resources) {
        if (resource.type() != type) {
          continue;
        }
        String region = resource.region() == null ? "" : resource.region();
        List<ObjectNode> list = byRegion.computeIfAbsent(region, key -> new ArrayList<>());
        if (type == SandboxResource.Type.CLB) {
          String key = region + "/" + resource.instanceId();
          ObjectNode loadBalancer = loadBalancers.get(key);
          if (loadBalancer == null) {
            loadBalancer = loadBalancer(resource);
            loadBalancers.put(key, loadBalancer);
            list.add(loadBalancer);
          }
          ((ArrayNode) loadBalancer.get("Listeners")).add(listener(resource, certificateId));
        } else {
          list.add(entry(resource, certificateId));
        }
      }
      if (!byRegion.isEmpty()) {
        result.put(type, byRegion);
      }
    }
    return result;
  }

  /**
   * Puts every product's array into {@code response}, each list paged on its own from {@code
   * offset}. With a positive {@code repeatedTotal} every list answers its first page and claims
   * that many entries.
   */
  static void putLists(
      ObjectNode response,
      Map<SandboxResource.Type, Map<String, List<ObjectNode>>> entries,
      int offset,
      int limit,
      long repeatedTotal) {
    // Every product key the answer carries, modelled or not, as the real answer has them.
    BoundResource.PRODUCTS.forEach(response::putArray);
    int from = repeatedTotal > 0 ? 0 : offset;
    entries.forEach(
        (type, byRegion) ->
            byRegion.forEach(
                (region, list) -> {
                  ObjectNode part = ((ArrayNode) response.get(type.name())).addObject();
                  if (type.regional()) {
                    part.put("Region", region);
                  }
                  ArrayNode page = part.putArray("InstanceList");
                  for (int i = from; i < Math.min(list.size(), from + limit); i++) {
                    page.add(list.get(i));
                  }
                  part.put("TotalCount", repeatedTotal > 0 ? repeatedTotal : list.size());
                  part.put("Error", "");
                }));
  }

  private static ObjectNode loadBalancer(SandboxResource resource) {
    ObjectNode node = CertificateJson.JSON.createObjectNode();
    node.put("LoadBalancerId", resource.instanceId());
    node.put("LoadBalancerName", resource.instanceName());
    node.putArray("Listeners");
    node.put("Forward", 1);
    return node;
  }

  private static ObjectNode listener(SandboxResource resource, String certificateId) {
    ObjectNode node = CertificateJson.JSON.createObjectNode();
    node.put("ListenerId", resource.listenerId());
    node.put("ListenerName", resource.listenerName());
    node.put("SniSwitch", 0);
    node.put("Protocol", "HTTPS");
    ObjectNode certificate = node.putObject("Certificate");
    certificate.put("CertId", certificateId);
    certificate.putArray("DnsNames");
    certificate.put("SSLMode", "UNIDIRECTIONAL");
    ArrayNode rules = node.putArray("Rules");
    int location = 1;
    for (String domain : resource.domains()) {
      ObjectNode rule = rules.addObject();
      rule.put("LocationId", "loc-" + resource.listenerId().replace("lbl-", "") + "-" + location++);
      rule.put("Domain", domain);
      rule.put("IsMatch", true);
      rule.putNull("Certificate");
      rule.putArray("NoMatchDomains");
      rule.put("Url", "/");
    }
    node.putArray("NoMatchDomains");
    return node;
  }

  private static ObjectNode entry(SandboxResource resource, String certificateId) {
    ObjectNode node = CertificateJson.JSON.createObjectNode();
    String domain = resource.domains().isEmpty() ? "" : resource.domains().get(0);
    switch (resource.type()) {
      case CDN -> {
        node.put("Domain", domain);
        node.put("CertId", certificateId);
        node.put("Status", "online");
        node.put("HttpsBillingSwitch", "on");
      }
      case TEO -> {
        node.put("Host", domain);
        node.put("CertId", certificateId);
        node.put("ZoneId", resource.instanceId());
        node.put("Status", "deployed");
        node.put("Algorithm", "RSA 2048");
      }
      case WAF -> {
        node.put("Domain", domain);
        node.put("CertId", certificateId);
        node.put("Keepalive", 1);
      }
      case COS -> {
        node.put("Domain", domain);
        node.put("CertId", certificateId);
        node.put("Status", "ENABLED");
        node.put("Bucket", resource.instanceId());
        node.put("Region", resource.region());
      }
      default -> throw new IllegalStateException("no flat entry for " + resource.type());
    }
    return node;
  }
}
