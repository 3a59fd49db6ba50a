package dev.reissued.renewal;

import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.inventory.Lineage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every certificate's decision: the inventory and the ledger read once, the lineage worked out once
 * and carried in each decision for the pass to claim with. Reads only: {@code plan} and {@code
 * status} use it without the lease or the master key.
 */
public final class Planner {
  private final Inventory inventory;
  private final Ledger ledger;
  private final RenewalPolicy policy;

  public Planner(Inventory inventory, Ledger ledger, RenewalPolicy policy) {
    this.inventory = inventory;
    this.ledger = ledger;
    this.policy = policy;
  }

  /** Every certificate of the account with its decision, soonest expiry first. */
  public List<Decision> plan(String account) {
    List<InventoryCertificate> certificates = inventory.forAccount(account);
    Map<String, InventoryCertificate> byId =
        certificates.stream()
            .collect(Collectors.toMap(InventoryCertificate::certificateId, Function.identity()));
    Map<String, InventoryCertificate> successors = new HashMap<>();
    for (InventoryCertificate certificate : certificates) {
      String predecessor = certificate.predecessor();
      if (predecessor != null && !certificate.isGone()) {
        successors.merge(predecessor, certificate, Planner::newer);
      }
    }
    boolean reissueKeepsEndDate = ledger.reissueKeepsEndDate(account);
    Map<String, List<ReissueRecord>> byLineage = new HashMap<>();
    for (ReissueRecord record : ledger.forAccount(account)) {
      byLineage.computeIfAbsent(record.lineageId(), key -> new ArrayList<>()).add(record);
      if (!record.lineageId().equals(record.certificateId())) {
        byLineage.computeIfAbsent(record.certificateId(), key -> new ArrayList<>()).add(record);
      }
    }
    List<Decision> decisions = new ArrayList<>();
    for (InventoryCertificate certificate : certificates) {
      String root = Lineage.rootOf(certificate.certificateId(), byId);
      List<ReissueRecord> lineage = new ArrayList<>(byLineage.getOrDefault(root, List.of()));
      if (!root.equals(certificate.certificateId())) {
        for (ReissueRecord own : byLineage.getOrDefault(certificate.certificateId(), List.of())) {
          if (!lineage.contains(own)) {
            lineage.add(own);
          }
        }
      }
      lineage.sort((a, b) -> Long.compare(b.id(), a.id()));
      decisions.add(
          policy.decide(
              certificate,
              new RenewalPolicy.History(
                  root,
                  lineage,
                  Optional.ofNullable(successors.get(certificate.certificateId())),
                  reissueKeepsEndDate)));
    }
    return decisions;
  }

  private static InventoryCertificate newer(InventoryCertificate one, InventoryCertificate other) {
    if (one.notAfter() == null) {
      return other;
    }
    return other.notAfter() != null && other.notAfter().isAfter(one.notAfter()) ? other : one;
  }
}
