package dev.reissued.tencent;

import java.util.List;

/**
 * One page of DescribeHostUpdateRecordDetail: the record's counts (null where the answer left one
 * out) and its details grouped by resource type.
 */
public record UpdateRecordDetailPage(
    long totalCount,
    Long successTotalCount,
    Long failedTotalCount,
    Long runningTotalCount,
    Long pendingTotalCount,
    List<Group> groups,
    String requestId) {
  /** The details of one resource type; {@code totalCount} counts all of them, not this page's. */
  public record Group(String resourceType, long totalCount, List<UpdateRecordDetail> details) {
    public Group {
      details = List.copyOf(details);
    }
  }

  public UpdateRecordDetailPage {
    groups = List.copyOf(groups);
  }

  /** This page's details, every type together. */
  public List<UpdateRecordDetail> details() {
    return groups.stream().flatMap(group -> group.details().stream()).toList();
  }
}
