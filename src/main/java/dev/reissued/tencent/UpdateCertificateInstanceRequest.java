package dev.reissued.tencent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Move every resource of the given types (and regions) from {@code oldCertificateId} to {@code
 * certificateId}. Types are lower case; the region-scoped ones need their regions in {@code
 * resourceTypesRegions}, which the constructor checks so that a request the API would refuse is
 * never sent. {@code expiringNotificationSwitch} 1 stops expiry notices of the old certificate.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpdateCertificateInstanceRequest(
    @JsonProperty("OldCertificateId") String oldCertificateId,
    @JsonProperty("CertificateId") String certificateId,
    @JsonProperty("ResourceTypes") List<String> resourceTypes,
    @JsonProperty("ResourceTypesRegions") List<ResourceTypeRegions> resourceTypesRegions,
    @JsonProperty("ExpiringNotificationSwitch") Long expiringNotificationSwitch) {
  /** Every type UpdateCertificateInstance took when this was written. */
  public static final Set<String> RESOURCE_TYPES =
      Set.of(
          "clb",
          "cdn",
          "waf",
          "live",
          "ddos",
          "teo",
          "apigateway",
          "vod",
          "tke",
          "tcb",
          "tse",
          "cos",
          "mqtt",
          "scf",
          "tdmq",
          "gaap");

  /** The types that must name their regions. */
  public static final Set<String> REGIONAL_TYPES =
      Set.of("clb", "tke", "apigateway", "waf", "tcb", "tse", "cos", "mqtt", "scf", "tdmq");

  public UpdateCertificateInstanceRequest {
    if (oldCertificateId == null || oldCertificateId.isBlank()) {
      throw new IllegalArgumentException("OldCertificateId is required");
    }
    if (certificateId == null || certificateId.isBlank()) {
      throw new IllegalArgumentException("CertificateId is required");
    }
    if (oldCertificateId.equals(certificateId)) {
      throw new IllegalArgumentException(
          "OldCertificateId and CertificateId are both " + certificateId);
    }
    resourceTypes = resourceTypes == null ? List.of() : List.copyOf(resourceTypes);
    resourceTypesRegions =
        resourceTypesRegions == null ? List.of() : List.copyOf(resourceTypesRegions);
    if (resourceTypes.isEmpty()) {
      throw new IllegalArgumentException("ResourceTypes needs one type or more");
    }
    Set<String> withRegions = new HashSet<>();
    resourceTypesRegions.forEach(entry -> withRegions.add(entry.resourceType()));
    for (String type : resourceTypes) {
      if (type == null || !type.matches("[a-z]+")) {
        // Not checked against RESOURCE_TYPES: the API may take types added after this was written.
        throw new IllegalArgumentException(
            "ResourceTypes are lower-case words like clb or cdn, got " + type);
      }
      if (REGIONAL_TYPES.contains(type) && !withRegions.contains(type)) {
        throw new IllegalArgumentException(
            type + " is region-scoped: ResourceTypesRegions must name its regions");
      }
    }
    if (!resourceTypes.containsAll(withRegions)) {
      throw new IllegalArgumentException(
          "ResourceTypesRegions names " + withRegions + ", not all of them in " + resourceTypes);
    }
    if (expiringNotificationSwitch != null
        && expiringNotificationSwitch != 0
        && expiringNotificationSwitch != 1) {
      throw new IllegalArgumentException(
          "ExpiringNotificationSwitch is 0 or 1, got " + expiringNotificationSwitch);
    }
  }

  /**
   * The request for these types and regions; {@code muteOldNotices} sets ExpiringNotificationSwitch
   * 1 (0 otherwise).
   */
  public static UpdateCertificateInstanceRequest of(
      String oldCertificateId,
      String certificateId,
      List<String> resourceTypes,
      List<ResourceTypeRegions> resourceTypesRegions,
      boolean muteOldNotices) {
    return new UpdateCertificateInstanceRequest(
        oldCertificateId,
        certificateId,
        resourceTypes,
        resourceTypesRegions,
        muteOldNotices ? 1L : 0L);
  }
}
