package dev.reissued.tencent;

import java.time.Instant;
import java.util.List;

/**
 * One page of DescribeCertificateBindResourceTaskDetail: the resources it lists, and for each
 * product's list in each region how many entries it holds in all and how many came on this page (a
 * CLB entry is a load balancer, which may give several resources, one per listener).
 */
public record BindResourceDetail(
    Long status,
    Instant cacheTime,
    List<Part> parts,
    List<BoundResource> resources,
    String requestId) {
  /** One product's list in one region ({@code region} null where the product has none). */
  public record Part(String type, String region, long totalCount, int returned, String error) {}

  public BindResourceDetail {
    parts = List.copyOf(parts);
    resources = List.copyOf(resources);
  }
}
