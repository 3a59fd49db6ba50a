package dev.reissued.tencent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of DescribeCertificateBindResourceTaskDetail. {@code Limit} and {@code Offset} apply to
 * each product's list in each region on its own, and go out as strings, as the SDK sends them.
 * Empty {@code resourceTypes} or {@code regions} mean all.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BindResourceDetailRequest(
    @JsonProperty("TaskId") String taskId,
    @JsonProperty("Limit") String limit,
    @JsonProperty("Offset") String offset,
    @JsonProperty("ResourceTypes") List<String> resourceTypes,
    @JsonProperty("Regions") List<String> regions) {
  /** The API's largest page. */
  public static final int MAX_LIMIT = 100;

  public BindResourceDetailRequest {
    if (taskId == null || taskId.isBlank()) {
      throw new IllegalArgumentException("TaskId is required");
    }
    resourceTypes = resourceTypes == null ? List.of() : List.copyOf(resourceTypes);
    regions = regions == null ? List.of() : List.copyOf(regions);
  }

  public static BindResourceDetailRequest page(
      String taskId, int offset, int limit, List<String> resourceTypes, List<String> regions) {
    if (offset < 0) {
      throw new IllegalArgumentException("Offset must not be negative, got " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "Limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    return new BindResourceDetailRequest(
        taskId, String.valueOf(limit), String.valueOf(offset), resourceTypes, regions);
  }
}
