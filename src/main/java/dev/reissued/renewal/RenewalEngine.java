package dev.reissued.renewal;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.db.Jdbc;
import dev.reissued.deploy.Delivery;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.inventory.InventorySync;
import dev.reissued.inventory.Lineage;
import dev.reissued.keys.Sealer;
import dev.reissued.notify.EventSink;
import dev.reissued.tencent.TencentClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The renewal duties of one process — plan, reconcile, renew, track — over the shared ledger. One
 * per process: it holds the process lease and knows which rows this process is sending.
 */
public final class RenewalEngine {
  private final Jdbc jdbc;
  private final ReissuedConfig config;
  private final Clock clock;
  private final ProcessLease lease;
  private final Inventory inventory;
  private final Ledger ledger;
  private final RenewalPolicy policy;
  private final InFlight inFlight = new InFlight();
  private final RequestPreparer preparer;
  private final OutcomeRecorder outcomes;
  private final Reconciler reconciler;
  private final Tracker tracker;
  private final Checkpoints checkpoints;
  private volatile boolean stopping;

  public RenewalEngine(
      Jdbc jdbc, ReissuedConfig config, Sealer sealer, ProcessLease lease, Clock clock) {
    this(jdbc, config, sealer, lease, clock, EventSink.NONE);
  }

  public RenewalEngine(
      Jdbc jdbc,
      ReissuedConfig config,
      Sealer sealer,
      ProcessLease lease,
      Clock clock,
      EventSink events) {
    this(jdbc, config, sealer, lease, clock, events, Checkpoints.NONE);
  }

  /** The same, pausing at {@code checkpoints} (the interleaving tests). */
  RenewalEngine(
      Jdbc jdbc,
      ReissuedConfig config,
      Sealer sealer,
      ProcessLease lease,
      Clock clock,
      EventSink events,
      Checkpoints checkpoints) {
    this.checkpoints = checkpoints;
    EventSink guarded = EventSink.guarded(events);
    this.jdbc = jdbc;
    this.config = config;
    this.clock = clock;
    this.lease = lease;
    this.inventory = new Inventory(jdbc);
    this.ledger = new Ledger(jdbc);
    this.policy = new RenewalPolicy(config.renewal(), clock);
    this.preparer = new RequestPreparer(ledger, sealer, clock);
    this.outcomes =
        new OutcomeRecorder(ledger, inventory, config.renewal().retry(), clock, guarded);
    this.reconciler =
        new Reconciler(
            ledger,
            inventory,
            inFlight,
            lease,
            config.renewal().retry(),
            clock,
            guarded,
            checkpoints);
    Delivery delivery =
        new Delivery(
            jdbc, sealer, config.output(), config.renewal().retry(), clock, guarded, lease.owner());
    this.tracker = new Tracker(jdbc, new InventorySync(jdbc, clock), delivery, clock);
  }

  /** Every certificate of the account with its decision, soonest expiry first. */
  public List<Decision> plan(String account) {
    List<InventoryCertificate> certificates = inventory.forAccount(account);
    Map<String, InventoryCertificate> byId =
        certificates.stream()
            .collect(Collectors.toMap(InventoryCertificate::certificateId, Function.identity()));
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
      decisions.add(policy.decide(certificate, lineage));
    }
    return decisions;
  }

  public Reconciler.Result reconcile(AccountConfig account, TencentClient client) {
    lease.ensureHeld();
    return reconciler.reconcile(account, client);
  }

  /** Reconciles, then re-issues whatever is due. */
  public RenewalPass.Result renew(AccountConfig account, TencentClient client) {
    reconcile(account, client);
    return pass(account, client);
  }

  /** One renewal pass without reconciling first. */
  RenewalPass.Result pass(AccountConfig account, TencentClient client) {
    return new RenewalPass(this, account, client).run(plan(account.name()));
  }

  public Tracker.Result track(AccountConfig account, TencentClient client) {
    return tracker.track(account, client);
  }

  /** Stops claiming new work; in-flight calls finish and are recorded. */
  public void stop() {
    stopping = true;
  }

  boolean isStopping() {
    return stopping;
  }

  public Ledger ledger() {
    return ledger;
  }

  public Inventory inventory() {
    return inventory;
  }

  RenewalPolicy policy() {
    return policy;
  }

  ProcessLease lease() {
    return lease;
  }

  InFlight inFlight() {
    return inFlight;
  }

  RequestPreparer preparer() {
    return preparer;
  }

  OutcomeRecorder outcomes() {
    return outcomes;
  }

  Clock clock() {
    return clock;
  }

  Checkpoints checkpoints() {
    return checkpoints;
  }

  public ReissuedConfig config() {
    return config;
  }

  public Jdbc jdbc() {
    return jdbc;
  }
}
