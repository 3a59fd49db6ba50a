package dev.reissued.tencent;

import java.time.Instant;
import java.util.List;

/**
 * One move task as DescribeHostUpdateRecord lists it (the SDK's {@code UpdateRecordInfo}): the
 * pair, what it covered, and its overall {@code status} as the API sent it (the documents give no
 * values; follow the details for what each resource did).
 */
public record UpdateRecord(
    long id,
    String certificateId,
    String oldCertificateId,
    List<String> resourceTypes,
    List<String> regions,
    Long status,
    Instant createTime,
    Instant updateTime) {
  public UpdateRecord {
    resourceTypes = List.copyOf(resourceTypes);
    regions = List.copyOf(regions);
  }
}
