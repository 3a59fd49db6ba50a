package dev.reissued.tencent;

import java.time.Instant;
import java.util.List;

/**
 * One resource of a move task (DescribeHostUpdateRecordDetail). Product-specific fields are null
 * where they do not apply; {@code raw} is the entry as received. {@code id} is what
 * UpdateCertificateRecordRetry takes as DeployRecordDetailId.
 */
public record UpdateRecordDetail(
    Long id,
    String certificateId,
    String oldCertificateId,
    List<String> domains,
    String resourceType,
    String region,
    Long status,
    String errorMsg,
    String instanceId,
    String instanceName,
    String listenerId,
    String listenerName,
    String namespace,
    String secretName,
    String bucket,
    Instant createTime,
    Instant updateTime,
    String raw) {
  public UpdateRecordDetail {
    domains = domains == null ? List.of() : List.copyOf(domains);
  }

  public DeployDetailStatus state() {
    return DeployDetailStatus.of(status);
  }
}
