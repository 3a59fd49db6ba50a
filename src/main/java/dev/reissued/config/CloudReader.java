package dev.reissued.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Maps {@code cloud} to a {@link CloudConfig}: defaults and rules. */
final class CloudReader {
  private CloudReader() {}

  static Optional<CloudConfig> read(ConfigNode node) {
    node.expectObject(
        "enabled",
        "resourceTypes",
        "regions",
        "muteOldNotices",
        "exclude",
        "giveUpAfter",
        "maxUpdateCalls",
        "rules");
    boolean enabled = node.get("enabled").bool().orElse(true);
    List<String> types = texts(node.get("resourceTypes")).orElse(List.of());
    List<String> regions = texts(node.get("regions")).orElse(List.of());
    boolean mute = node.get("muteOldNotices").bool().orElse(true);
    List<String> exclude = texts(node.get("exclude")).orElse(List.of());
    Duration giveUpAfter =
        node.get("giveUpAfter").duration().orElse(CloudConfig.DEFAULT_GIVE_UP_AFTER);
    int maxUpdateCalls =
        node.get("maxUpdateCalls")
            .integer(CloudConfig.MAX_UPDATE_CALLS)
            .orElse(CloudConfig.DEFAULT_MAX_UPDATE_CALLS);
    List<CloudConfig.Rule> rules = new ArrayList<>();
    for (ConfigNode element : node.get("rules").elements()) {
      rule(element).ifPresent(rules::add);
    }
    return node.build(
        () ->
            new CloudConfig(
                enabled, types, regions, mute, exclude, giveUpAfter, maxUpdateCalls, rules));
  }

  private static Optional<CloudConfig.Rule> rule(ConfigNode node) {
    node.expectObject(
        "domains", "enabled", "resourceTypes", "regions", "muteOldNotices", "exclude");
    List<String> domains = texts(node.get("domains")).orElse(null);
    Optional<Boolean> enabled = node.get("enabled").bool();
    Optional<List<String>> types = texts(node.get("resourceTypes"));
    Optional<List<String>> regions = texts(node.get("regions"));
    Optional<Boolean> mute = node.get("muteOldNotices").bool();
    Optional<List<String>> exclude = texts(node.get("exclude"));
    return node.build(() -> new CloudConfig.Rule(domains, enabled, types, regions, mute, exclude));
  }

  /** A list of non-empty texts, or empty when the key is absent. */
  private static Optional<List<String>> texts(ConfigNode node) {
    if (!node.isPresent()) {
      return Optional.empty();
    }
    List<String> texts = new ArrayList<>();
    for (ConfigNode element : node.elements()) {
      element.requiredText().map(String::strip).ifPresent(texts::add);
    }
    return Optional.of(texts);
  }
}
