package dev.reissued.cloud;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What tells one cloud resource from every other of an account, the same whether the bind-resource
 * query or a move task's detail names it. A CLB listener or a TKE secret is its own id; for other
 * products (an EdgeOne zone holds many hosts) the domains belong to the key.
 */
final class ResourceKey {
  private ResourceKey() {}

  static String of(
      String type,
      String region,
      String instanceId,
      String listenerId,
      String namespace,
      String secretName,
      List<String> domains) {
    StringBuilder key =
        new StringBuilder(type == null ? "?" : type.toUpperCase(Locale.ROOT))
            .append('|')
            .append(blank(region))
            .append('|')
            .append(blank(instanceId))
            .append('|')
            .append(blank(listenerId))
            .append('|')
            .append(blank(namespace))
            .append('|')
            .append(blank(secretName));
    if (listenerId == null && secretName == null) {
      TreeSet<String> sorted = new TreeSet<>();
      domains.forEach(domain -> sorted.add(domain.toLowerCase(Locale.ROOT)));
      key.append('|').append(String.join(",", sorted));
    }
    return key.toString();
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? "" : value;
  }
}
