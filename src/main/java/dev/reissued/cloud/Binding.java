package dev.reissued.cloud;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One resource that holds (or held) a certificate of a lineage: a row of {@code cloud_binding}.
 * {@code type} is the API's product key (CLB, CDN, TEO, ...).
 */
public record Binding(
    String account,
    String resourceKey,
    String type,
    String region,
    String instanceId,
    String listenerId,
    List<String> domains,
    String certificateId,
    String lineageId,
    boolean excluded,
    Instant seenAt) {
  public Binding {
    domains = domains == null ? List.of() : List.copyOf(domains);
  }

  /** As UpdateCertificateInstance's ResourceTypes write it. */
  public String apiType() {
    return type.toLowerCase(Locale.ROOT);
  }
}
