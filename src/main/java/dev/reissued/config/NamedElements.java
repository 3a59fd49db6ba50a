package dev.reissued.config;

import dev.reissued.config.ConfigException.Complaint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Reads a list of named entries (accounts, webhooks) for the record that owns the list. */
final class NamedElements {
  private NamedElements() {}

  /**
   * Every entry {@code element} builds from its node and name, or none when one could not be built:
   * the owner then sees none, and its rule over names ({@code clashes}) is applied here to every
   * name that was read, so a repeated name is reported beside the entry's other problems.
   */
  static <T> List<T> read(
      ConfigNode list,
      BiFunction<ConfigNode, String, Optional<T>> element,
      Function<List<String>, List<Complaint>> clashes) {
    List<ConfigNode> nodes = list.elements();
    List<T> built = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ConfigNode node : nodes) {
      String name = node.get("name").text().orElse(null);
      names.add(name);
      element.apply(node, name).ifPresent(built::add);
    }
    if (built.size() == nodes.size()) {
      return built;
    }
    list.report(clashes.apply(names));
    return List.of();
  }
}
