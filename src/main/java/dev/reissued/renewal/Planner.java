package dev.reissued.renewal;

import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Certificates' decisions, read without reading more than they need: a renew pass decides only the
 * certificates whose end date falls in the due window (an index range scan), {@code plan} streams
 * the whole account a chunk at a time. For each chunk the ledger rows of just those certificates'
 * lineages are read, and each lineage worked out once and carried in its decision for the pass to
 * claim with. Reads only: {@code plan} and {@code status} use it without the lease or the master
 * key.
 */
public final class Planner {
  /** Certificates decided together: one ledger read and one lineage walk per chunk. */
  static final int CHUNK = 1000;

  /** How far a lineage is walked back; a real one is a handful of members long. */
  private static final int LONGEST_LINEAGE = 32;

  private final Inventory inventory;
  private final Ledger ledger;
  private final RenewalPolicy policy;
  private final Clock clock;

  public Planner(Inventory inventory, Ledger ledger, RenewalPolicy policy, Clock clock) {
    this.inventory = inventory;
    this.ledger = ledger;
    this.policy = policy;
    this.clock = clock;
  }

  /** What a renew pass would do now: the due decisions of the account. */
  public List<Decision> due(String account) {
    Instant now = clock.instant();
    return decide(account, inventory.expiringBetween(account, now, now.plus(policy.dueWindow())))
        .stream()
        .filter(Decision::isDue)
        .toList();
  }

  /** The decisions that need a human's eye: an attempt in progress or with an unknown outcome. */
  public List<Decision> attention(String account) {
    Set<String> open = new LinkedHashSet<>();
    ledger.open(account).forEach(row -> open.add(row.record().certificateId()));
    if (open.isEmpty()) {
      return List.of();
    }
    return decide(account, inventory.byIds(open)).stream()
        .filter(decision -> decision.kind() == Decision.Kind.ATTENTION)
        .toList();
  }

  /** The decisions of the account's certificates that end after {@code from}, up to {@code to}. */
  public List<Decision> between(String account, Instant from, Instant to) {
    return decide(account, inventory.expiringBetween(account, from, to));
  }

  /** Every certificate of the account with its decision, soonest expiry first. */
  public List<Decision> plan(String account) {
    List<Decision> decisions = new ArrayList<>();
    each(account, decisions::add);
    return decisions;
  }

  /** The same, handed over one at a time as they are decided: memory for one chunk only. */
  public void each(String account, Consumer<Decision> sink) {
    AccountKeys keys =
        new AccountKeys(
            ledger.idsOf(account, AccountKeys.LIMIT),
            inventory.succeededIn(account, AccountKeys.LIMIT));
    boolean reissueKeepsEndDate = ledger.reissueKeepsEndDate(account);
    inventory.forEachChunk(
        account, CHUNK, chunk -> decide(chunk, keys, reissueKeepsEndDate).forEach(sink));
  }

  /** Decides some of one account's certificates, asking for every one's ledger rows. */
  List<Decision> decide(String account, List<InventoryCertificate> chunk) {
    if (chunk.isEmpty()) {
      return List.of();
    }
    return decide(chunk, AccountKeys.UNKNOWN, ledger.reissueKeepsEndDate(account));
  }

  private List<Decision> decide(
      List<InventoryCertificate> chunk, AccountKeys keys, boolean reissueKeepsEndDate) {
    Map<String, InventoryCertificate> known = new HashMap<>();
    chunk.forEach(certificate -> known.put(certificate.certificateId(), certificate));
    Map<String, String> roots = roots(chunk, known);
    Set<String> ids = new LinkedHashSet<>(known.keySet());
    Map<String, InventoryCertificate> successors = new HashMap<>();
    for (InventoryCertificate next : inventory.successorsOf(keys.withSuccessors(chunkIds(chunk)))) {
      successors.merge(next.predecessor(), next, Planner::newer);
    }
    ids.addAll(roots.values());
    Map<String, List<ReissueRecord>> byKey = new HashMap<>();
    for (ReissueRecord record : ledger.rowsOf(keys.withLedgerRows(ids))) {
      byKey.computeIfAbsent(record.lineageId(), key -> new ArrayList<>()).add(record);
      if (!record.lineageId().equals(record.certificateId())) {
        byKey.computeIfAbsent(record.certificateId(), key -> new ArrayList<>()).add(record);
      }
    }
    List<Decision> decisions = new ArrayList<>(chunk.size());
    for (InventoryCertificate certificate : chunk) {
      String root = roots.get(certificate.certificateId());
      List<ReissueRecord> lineage = new ArrayList<>(byKey.getOrDefault(root, List.of()));
      if (!root.equals(certificate.certificateId())) {
        for (ReissueRecord own : byKey.getOrDefault(certificate.certificateId(), List.of())) {
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

  /**
   * Each certificate's free order's first certificate, following {@code replaced_by} (re-issues; an
   * apply starts a new order). Predecessors outside the chunk are read in batches, a generation at
   * a time; one the inventory lacks is a root all the same.
   */
  private Map<String, String> roots(
      List<InventoryCertificate> chunk, Map<String, InventoryCertificate> known) {
    Set<String> absent = new HashSet<>();
    for (int depth = 0; depth < LONGEST_LINEAGE; depth++) {
      Set<String> missing = new HashSet<>();
      for (InventoryCertificate certificate : known.values()) {
        String previous = certificate.replacedBy();
        if (certificate.isReissueOfAnother()
            && !known.containsKey(previous)
            && !absent.contains(previous)) {
          missing.add(previous);
        }
      }
      if (missing.isEmpty()) {
        break;
      }
      inventory.byIds(missing).forEach(found -> known.put(found.certificateId(), found));
      missing.stream().filter(id -> !known.containsKey(id)).forEach(absent::add);
    }
    Map<String, String> roots = new HashMap<>();
    for (InventoryCertificate certificate : chunk) {
      String current = certificate.certificateId();
      Set<String> seen = new HashSet<>();
      while (seen.add(current)) {
        InventoryCertificate member = known.get(current);
        if (member == null || !member.isReissueOfAnother()) {
          break;
        }
        current = member.replacedBy();
      }
      roots.put(certificate.certificateId(), current);
    }
    return roots;
  }

  private static Collection<String> chunkIds(List<InventoryCertificate> chunk) {
    return chunk.stream().map(InventoryCertificate::certificateId).toList();
  }

  private static InventoryCertificate newer(InventoryCertificate one, InventoryCertificate other) {
    if (one.notAfter() == null) {
      return other;
    }
    return other.notAfter() != null && other.notAfter().isAfter(one.notAfter()) ? other : one;
  }
}
