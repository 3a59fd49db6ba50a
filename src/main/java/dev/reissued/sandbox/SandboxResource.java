package dev.reissued.sandbox;

import java.util.List;
import java.util.Locale;

/**
 * A cloud resource that can hold a certificate in the sandbox: a CLB listener, a CDN domain, an
 * EdgeOne (TEO) host of a zone, a WAF domain or a COS bucket's custom domain. Which certificate it
 * holds is the sandbox's to track ({@link SandboxCloud}); this is only what the resource is, and
 * two equal records are the same resource.
 *
 * @param region null for the products without regions (CDN, TEO)
 * @param instanceId the load balancer, zone or bucket; the domain for CDN and WAF
 * @param listenerId CLB only
 */
public record SandboxResource(
    Type type,
    String region,
    String instanceId,
    String instanceName,
    String listenerId,
    String listenerName,
    List<String> domains) {
  /** The products the sandbox models, with their regions or without. */
  public enum Type {
    CLB(true),
    CDN(false),
    TEO(false),
    WAF(true),
    COS(true);

    private final boolean regional;

    Type(boolean regional) {
      this.regional = regional;
    }

    public boolean regional() {
      return regional;
    }

    /** As UpdateCertificateInstance's ResourceTypes write it. */
    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The type for an API name in any case, or null. */
    static Type of(String name) {
      for (Type type : values()) {
        if (type.name().equalsIgnoreCase(name)) {
          return type;
        }
      }
      return null;
    }
  }

  public SandboxResource {
    if (type == null) {
      throw new IllegalArgumentException("a sandbox resource needs a type");
    }
    if (type.regional() != (region != null && !region.isBlank())) {
      throw new IllegalArgumentException(
          type + (type.regional() ? " needs a region" : " has no region") + ", got " + region);
    }
    if (instanceId == null || instanceId.isBlank()) {
      throw new IllegalArgumentException("a sandbox " + type + " resource needs an instance id");
    }
    if ((type == Type.CLB) != (listenerId != null)) {
      throw new IllegalArgumentException("a listener id is for CLB, and CLB needs one");
    }
    domains = domains == null ? List.of() : List.copyOf(domains);
  }

  /** An HTTPS listener of a load balancer, serving {@code domains}. */
  public static SandboxResource clb(
      String region,
      String loadBalancerId,
      String loadBalancerName,
      String listenerId,
      String listenerName,
      String... domains) {
    return new SandboxResource(
        Type.CLB,
        region,
        loadBalancerId,
        loadBalancerName,
        listenerId,
        listenerName,
        List.of(domains));
  }

  /** A CDN acceleration domain. */
  public static SandboxResource cdn(String domain) {
    return new SandboxResource(Type.CDN, null, domain, null, null, null, List.of(domain));
  }

  /** A host of an EdgeOne zone. */
  public static SandboxResource teo(String zoneId, String host) {
    return new SandboxResource(Type.TEO, null, zoneId, null, null, null, List.of(host));
  }

  /** A domain protected by WAF. */
  public static SandboxResource waf(String region, String domain) {
    return new SandboxResource(Type.WAF, region, domain, null, null, null, List.of(domain));
  }

  /** A custom domain of a COS bucket. */
  public static SandboxResource cos(String region, String bucket, String domain) {
    return new SandboxResource(Type.COS, region, bucket, null, null, null, List.of(domain));
  }

  /** For logs: type, region, instance, listener, domains. */
  public String describe() {
    StringBuilder text = new StringBuilder(type.name());
    if (region != null) {
      text.append(' ').append(region);
    }
    text.append(' ').append(instanceId);
    if (listenerId != null) {
      text.append('/').append(listenerId);
    }
    if (!domains.isEmpty()) {
      text.append(' ').append(domains);
    }
    return text.toString();
  }
}
