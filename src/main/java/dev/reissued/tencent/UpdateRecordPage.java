package dev.reissued.tencent;

import java.util.List;

/** One page of DescribeHostUpdateRecord. */
public record UpdateRecordPage(long totalCount, List<UpdateRecord> records, String requestId) {
  public UpdateRecordPage {
    records = List.copyOf(records);
  }
}
