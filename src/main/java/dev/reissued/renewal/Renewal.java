package dev.reissued.renewal;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.RenewalConfig;
import dev.reissued.db.Jdbc;
import dev.reissued.inventory.Inventory;
import dev.reissued.keys.Sealer;
import dev.reissued.notify.EventSink;
import dev.reissued.tencent.TencentClient;
import java.time.Clock;
import java.util.List;

/**
 * The re-issue stage of one process: plan, reconcile and renew over the shared ledger. One per
 * process: it holds the process lease and knows which rows this process is sending. Built once by
 * {@link #wire}; its parts are not handed out.
 */
public final class Renewal {
  private final Planner planner;
  private final Reconciler reconciler;
  private final ProcessLease lease;
  private final RenewalPass.Crew crew;
  private volatile boolean stopping;

  private Renewal(
      Planner planner,
      Reconciler reconciler,
      ProcessLease lease,
      Claims claims,
      Transitions transitions,
      RequestPreparer preparer,
      OutcomeRecorder outcomes,
      RenewalPolicy policy,
      InFlight inFlight,
      Clock clock,
      Checkpoints checkpoints) {
    this.planner = planner;
    this.reconciler = reconciler;
    this.lease = lease;
    this.crew =
        new RenewalPass.Crew(
            claims,
            transitions,
            preparer,
            outcomes,
            policy,
            inFlight,
            lease,
            clock,
            checkpoints,
            () -> stopping);
  }

  /** Builds the stage's parts and wires them together: the one place that does. */
  public static Renewal wire(
      Jdbc jdbc,
      RenewalConfig config,
      Sealer sealer,
      ProcessLease lease,
      Clock clock,
      EventSink events) {
    return wire(jdbc, config, sealer, lease, clock, events, Checkpoints.NONE);
  }

  static Renewal wire(
      Jdbc jdbc,
      RenewalConfig config,
      Sealer sealer,
      ProcessLease lease,
      Clock clock,
      EventSink events,
      Checkpoints checkpoints) {
    EventSink guarded = EventSink.guarded(events);
    Inventory inventory = new Inventory(jdbc);
    Ledger ledger = new Ledger(jdbc);
    Transitions transitions = new Transitions(jdbc);
    Claims claims = new Claims(jdbc, inventory, ledger, new SealedSecrets(jdbc));
    RenewalPolicy policy = new RenewalPolicy(config, clock);
    InFlight inFlight = new InFlight();
    return new Renewal(
        new Planner(inventory, ledger, policy, clock),
        new Reconciler(
            ledger,
            transitions,
            inventory,
            inFlight,
            lease,
            config.retry(),
            clock,
            guarded,
            checkpoints),
        lease,
        claims,
        transitions,
        new RequestPreparer(claims, sealer, clock),
        new OutcomeRecorder(ledger, transitions, inventory, config.retry(), clock, guarded),
        policy,
        inFlight,
        clock,
        checkpoints);
  }

  /** Every certificate of the account with its decision, soonest expiry first. */
  public List<Decision> plan(String account) {
    return planner.plan(account);
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
    return new RenewalPass(crew, account, client).run(planner.due(account.name()));
  }

  /** Stops claiming new work; in-flight calls finish and are recorded. */
  public void stop() {
    stopping = true;
  }
}
