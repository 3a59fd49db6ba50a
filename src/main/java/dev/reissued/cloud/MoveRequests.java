package dev.reissued.cloud;

import dev.reissued.config.CloudConfig;
import dev.reissued.tencent.ResourceTypeRegions;
import dev.reissued.tencent.UpdateCertificateInstanceRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds UpdateCertificateInstance's types and regions from what was discovered, narrowed by the
 * configuration. UpdateCertificateInstance moves every resource of a type (in a region) at once, so
 * a type (or, for region-scoped types, a region) that holds an excluded resource is left out whole:
 * excluding one CDN domain keeps every CDN domain of that certificate where it is.
 */
final class MoveRequests {
  private MoveRequests() {}

  /** Empty when nothing is left to move. */
  static Optional<UpdateCertificateInstanceRequest> of(
      String oldId, String newId, List<Binding> holding, CloudConfig.Settings settings) {
    Map<String, Set<String>> regionsOfType = new LinkedHashMap<>();
    Set<String> heldBack = new TreeSet<>();
    for (Binding binding : holding) {
      String type = binding.apiType();
      if (binding.excluded()) {
        heldBack.add(group(type, binding.region()));
        continue;
      }
      Set<String> regions = regionsOfType.computeIfAbsent(type, key -> new TreeSet<>());
      if (binding.region() != null) {
        regions.add(binding.region());
      }
    }
    if (!settings.resourceTypes().isEmpty()) {
      regionsOfType.keySet().retainAll(settings.resourceTypes());
      for (String type : settings.resourceTypes()) {
        regionsOfType.putIfAbsent(type, new TreeSet<>());
      }
    }
    List<String> types = new ArrayList<>();
    List<ResourceTypeRegions> typeRegions = new ArrayList<>();
    for (Map.Entry<String, Set<String>> entry : regionsOfType.entrySet()) {
      String type = entry.getKey();
      boolean regional = UpdateCertificateInstanceRequest.REGIONAL_TYPES.contains(type);
      if (!regional) {
        if (!heldBack.contains(group(type, null))) {
          types.add(type);
        }
        continue;
      }
      Set<String> regions =
          settings.regions().isEmpty() ? entry.getValue() : new TreeSet<>(settings.regions());
      regions.removeIf(region -> heldBack.contains(group(type, region)));
      if (!regions.isEmpty()) {
        types.add(type);
        typeRegions.add(new ResourceTypeRegions(type, List.copyOf(regions)));
      }
    }
    if (types.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        UpdateCertificateInstanceRequest.of(
            oldId, newId, types, typeRegions, settings.muteOldNotices()));
  }

  private static String group(String type, String region) {
    return type
        + "@"
        + (UpdateCertificateInstanceRequest.REGIONAL_TYPES.contains(type) ? region : "");
  }
}
