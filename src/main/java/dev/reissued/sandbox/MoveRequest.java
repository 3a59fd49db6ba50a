package dev.reissued.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reissued.tencent.UpdateCertificateInstanceRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An UpdateCertificateInstance request as the sandbox checks it: both certificate ids, lower-case
 * resource types the API knows, and the regions of each region-scoped type.
 */
record MoveRequest(
    String oldCertificateId,
    String certificateId,
    List<String> resourceTypes,
    Map<String, List<String>> regions,
    boolean muteOldNotices) {
  // The API's lists of types; the client's copy is the one place they are written.
  private static final Set<String> TYPES = UpdateCertificateInstanceRequest.RESOURCE_TYPES;
  private static final Set<String> REGIONAL = UpdateCertificateInstanceRequest.REGIONAL_TYPES;

  static MoveRequest parse(JsonNode body) {
    String oldId = CloudParams.required(body, "OldCertificateId");
    if (body.hasNonNull("CertificatePublicKey") || body.hasNonNull("CertificatePrivateKey")) {
      throw new SandboxError(
          "UnsupportedOperation", "The sandbox moves resources to a CertificateId only.");
    }
    String newId = CloudParams.required(body, "CertificateId");
    List<String> types = CloudParams.strings(body, "ResourceTypes");
    if (types.isEmpty()) {
      throw new SandboxError("MissingParameter", "The request is missing ResourceTypes.");
    }
    for (String type : types) {
      if (!TYPES.contains(type)) {
        throw new SandboxError(
            "FailedOperation.CertificateHostResourceTypeInvalid",
            "The resource type " + type + " is invalid.");
      }
    }
    Map<String, List<String>> regions = new LinkedHashMap<>();
    JsonNode entries = body.get("ResourceTypesRegions");
    if (entries != null && !entries.isNull()) {
      if (!entries.isArray()) {
        throw new SandboxError("InvalidParameter", "ResourceTypesRegions must be an array.");
      }
      for (JsonNode entry : entries) {
        if (!entry.isObject()) {
          throw new SandboxError("InvalidParameter", "ResourceTypesRegions holds objects.");
        }
        regions
            .computeIfAbsent(CloudParams.required(entry, "ResourceType"), key -> new ArrayList<>())
            .addAll(CloudParams.strings(entry, "Regions"));
      }
    }
    for (String type : types) {
      if (REGIONAL.contains(type) && regions.getOrDefault(type, List.of()).isEmpty()) {
        throw new SandboxError(
            "InvalidParameter", "ResourceTypesRegions must list the regions of " + type + ".");
      }
    }
    long mute = CloudParams.number(body, "ExpiringNotificationSwitch", 0L);
    return new MoveRequest(oldId, newId, List.copyOf(types), regions, mute == 1);
  }

  /** Whether this request covers the resource: its type asked, and its region where it has one. */
  boolean covers(SandboxResource resource) {
    String type = resource.type().apiName();
    return resourceTypes.contains(type)
        && (!resource.type().regional()
            || regions.getOrDefault(type, List.of()).contains(resource.region()));
  }

  /** Every region named, in order, for the task's Regions. */
  List<String> allRegions() {
    List<String> all = new ArrayList<>();
    regions.values().forEach(list -> list.stream().filter(r -> !all.contains(r)).forEach(all::add));
    return all;
  }

  String pair() {
    return oldCertificateId + ">" + certificateId;
  }
}
