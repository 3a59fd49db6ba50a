package dev.reissued.tencent;

import java.util.List;

/**
 * How far UpdateCertificateInstance got with creating its task, per type and region. Status 0 to
 * do, 1 done, 3 in progress; null where the answer left a value out.
 */
public record UpdateSyncProgress(String resourceType, Long status, List<Region> regions) {
  /** One region: {@code offsetCount} of {@code totalCount} resources handled. */
  public record Region(String region, Long totalCount, Long offsetCount, Long status) {}

  public UpdateSyncProgress {
    regions = List.copyOf(regions);
  }
}
