package dev.reissued.cloud;

import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A lineage as the inventory links it: its first certificate, every earlier member, and the newest
 * issued one. The newest may be later than the one a renewal handed over, when the certificate was
 * renewed again (or outside reissued) since.
 */
record LineageMembers(
    String rootId, List<String> earlier, String newestId, InventoryCertificate newest) {
  /** Members walked in the inventory; both walks are bounded by what they have seen. */
  static LineageMembers of(Inventory inventory, String lineageId, String newestId) {
    String newest = newestId;
    Set<String> seen = new HashSet<>();
    while (seen.add(newest)) {
      Optional<InventoryCertificate> next =
          inventory.successorsOf(List.of(newest)).stream()
              .filter(c -> c.status() != null && c.status() == InventoryCertificate.STATUS_ISSUED)
              .max(
                  Comparator.comparing(
                      InventoryCertificate::notAfter,
                      Comparator.nullsFirst(Comparator.naturalOrder())));
      if (next.isEmpty()) {
        break;
      }
      newest = next.get().certificateId();
    }
    InventoryCertificate newestCertificate = inventory.find(newest).orElse(null);
    LinkedHashSet<String> earlier = new LinkedHashSet<>();
    String current = newestCertificate == null ? null : newestCertificate.predecessor();
    while (current != null && !current.equals(newest) && earlier.add(current)) {
      current = inventory.find(current).map(InventoryCertificate::predecessor).orElse(null);
    }
    String root = earlier.isEmpty() ? lineageId : new ArrayList<>(earlier).get(earlier.size() - 1);
    if (!lineageId.equals(newest)) {
      earlier.add(lineageId);
    }
    List<String> ordered = new ArrayList<>(earlier);
    java.util.Collections.reverse(ordered);
    return new LineageMembers(root, List.copyOf(ordered), newest, newestCertificate);
  }

  /** The first certificate of {@code certificateId}'s lineage, walked in the inventory. */
  static String rootOf(Inventory inventory, String certificateId) {
    String current = certificateId;
    Set<String> seen = new HashSet<>();
    while (seen.add(current)) {
      Optional<String> previous = inventory.find(current).map(InventoryCertificate::predecessor);
      if (previous.isEmpty() || previous.get() == null) {
        return current;
      }
      current = previous.get();
    }
    return current;
  }

  String domain() {
    return newest == null ? "" : newest.domain();
  }
}
