package dev.reissued.tencent;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The regions to move one resource type in (UpdateCertificateInstance's ResourceTypesRegions). */
public record ResourceTypeRegions(
    @JsonProperty("ResourceType") String resourceType,
    @JsonProperty("Regions") List<String> regions) {
  public ResourceTypeRegions {
    if (resourceType == null || resourceType.isBlank()) {
      throw new IllegalArgumentException("ResourceType is required");
    }
    regions = regions == null ? List.of() : List.copyOf(regions);
    if (regions.isEmpty()
        || regions.stream().anyMatch(region -> region == null || region.isBlank())) {
      throw new IllegalArgumentException(
          "ResourceTypesRegions of " + resourceType + " needs one region or more, got " + regions);
    }
  }
}
