package dev.reissued.tencent;

import java.util.List;
import java.util.Locale;

/**
 * One cloud resource that holds a certificate, the same shape for every product of
 * DescribeCertificateBindResourceTaskDetail. {@code type} is the answer's key (CLB, CDN, TEO, ...);
 * fields a product does not have are null. Per product:
 *
 * <ul>
 *   <li>CLB: one per listener; instance = load balancer, domains = the listener's rule domains (of
 *       the rules that hold the certificate, when SNI gives each rule its own);
 *   <li>CDN, LIVE, VOD, WAF: instance = the domain;
 *   <li>TEO (EdgeOne): instance = the zone, domains = the host;
 *   <li>COS: instance = the bucket;
 *   <li>DDOS: instance = the instance id; APIGATEWAY: instance = the service;
 *   <li>TKE: one per secret; instance = the cluster, with {@code namespace} and {@code secretName};
 *   <li>any other product: read by the fields most products share ({@code InstanceId}, {@code
 *       Domain}, {@code CertId}, {@code Region}), and kept whole in {@code raw}.
 * </ul>
 *
 * <p>{@code raw} is the answer's entry as received (for CLB and TKE narrowed to this listener or
 * secret), for storage and for what this record does not model.
 */
public record BoundResource(
    String type,
    String region,
    String instanceId,
    String instanceName,
    String listenerId,
    String namespace,
    String secretName,
    List<String> domains,
    String certificateId,
    String raw) {
  /**
   * The product keys of DescribeCertificateBindResourceTaskDetail's answer, as the SDK has them.
   */
  public static final List<String> PRODUCTS =
      List.of(
          "CLB",
          "CDN",
          "WAF",
          "DDOS",
          "LIVE",
          "VOD",
          "TKE",
          "APIGATEWAY",
          "TCB",
          "TEO",
          "TSE",
          "COS",
          "TDMQ",
          "MQTT",
          "GAAP",
          "SCF");

  public BoundResource {
    domains = domains == null ? List.of() : List.copyOf(domains);
  }

  /** The type as UpdateCertificateInstance's ResourceTypes spell it: lower case. */
  public String apiType() {
    return type == null ? null : type.toLowerCase(Locale.ROOT);
  }

  /** What tells this resource from every other of the account (not its certificate). */
  public String key() {
    return String.join(
        "|",
        String.valueOf(type),
        String.valueOf(region),
        String.valueOf(instanceId),
        String.valueOf(listenerId),
        String.valueOf(namespace),
        String.valueOf(secretName),
        String.join(",", domains));
  }
}
