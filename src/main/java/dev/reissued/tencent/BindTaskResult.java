package dev.reissued.tencent;

import java.time.Instant;
import java.util.List;

/**
 * Where a bind-resource query stands (DescribeCertificateBindResourceTaskResult): {@code status} 0
 * still querying, 1 done ({@code counts} says how many resources of each type and region hold the
 * certificate), 2 failed ({@code errorCode}, {@code errorMessage}). Any other status is kept as
 * sent and reads as neither done nor failed. {@code cacheTime} is when the result was gathered, or
 * null.
 */
public record BindTaskResult(
    String taskId,
    long status,
    String errorCode,
    String errorMessage,
    List<Count> counts,
    Instant cacheTime) {
  public static final long QUERYING = 0;
  public static final long DONE = 1;
  public static final long FAILED = 2;

  /**
   * Resources of one type in one region ({@code region} null for products without regions); the
   * count the detail's paging runs up to. {@code error} is the API's note that this part of the
   * query failed, or null.
   */
  public record Count(String resourceType, String region, long totalCount, String error) {}

  public BindTaskResult {
    counts = List.copyOf(counts);
  }

  public boolean isDone() {
    return status == DONE;
  }

  public boolean isFailed() {
    return status == FAILED;
  }

  public boolean isQuerying() {
    return status == QUERYING;
  }

  /** Every resource counted, all types and regions together. */
  public long total() {
    return counts.stream().mapToLong(Count::totalCount).sum();
  }
}
