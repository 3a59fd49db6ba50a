package dev.reissued.inventory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Lineage: a certificate, the one it re-issues, and so on up to the first. Tencent Cloud allows one
 * re-issue per free order, so the ledger keys a free re-issue by its lineage's first certificate.
 */
public final class Lineage {
  private Lineage() {}

  /**
   * The first certificate of the lineage, following {@code replaced_by} through {@code byId}; when
   * a predecessor is not in the inventory, its id is the root all the same.
   */
  public static String rootOf(String certificateId, Map<String, InventoryCertificate> byId) {
    String current = certificateId;
    Set<String> seen = new HashSet<>();
    while (seen.add(current)) {
      InventoryCertificate certificate = byId.get(current);
      if (certificate == null || !certificate.isReissueOfAnother()) {
        return current;
      }
      current = certificate.replacedBy();
    }
    return current;
  }
}
