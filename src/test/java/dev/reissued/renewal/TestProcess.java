package dev.reissued.renewal;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.db.Jdbc;
import dev.reissued.deliver.Delivery;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventorySync;
import dev.reissued.keys.Sealer;
import dev.reissued.notify.EventSink;
import dev.reissued.renewal.Claims.Claim;
import dev.reissued.tencent.TencentClient;
import dev.reissued.track.Tracker;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One simulated reissued process for tests: its re-issue stage wired as {@code cli.Services} wires
 * it (with a lease of its own), tracking and delivery beside it, and the stage's parts within reach
 * so that a test can stage a crash at any step by hand.
 */
public final class TestProcess {
  private final Renewal renewal;
  private final ProcessLease lease;
  private final Ledger ledger;
  private final Transitions transitions;
  private final Claims claims;
  private final RenewalPolicy policy;
  private final Planner planner;
  private final Inventory inventory;
  private final Tracker tracker;
  private final Delivery delivery;
  private final Clock clock;

  public TestProcess(
      Jdbc jdbc,
      ReissuedConfig config,
      Sealer sealer,
      ProcessLease lease,
      Clock clock,
      EventSink events,
      Checkpoints checkpoints) {
    this.lease = lease;
    this.clock = clock;
    this.renewal = Renewal.wire(jdbc, config.renewal(), sealer, lease, clock, events, checkpoints);
    this.ledger = new Ledger(jdbc);
    this.transitions = new Transitions(jdbc);
    this.inventory = new Inventory(jdbc);
    SealedSecrets secrets = new SealedSecrets(jdbc);
    this.claims = new Claims(jdbc, inventory, ledger, secrets);
    this.policy = new RenewalPolicy(config.renewal(), clock);
    this.planner = new Planner(inventory, ledger, policy, clock);
    this.delivery =
        new Delivery(
            jdbc,
            secrets,
            sealer,
            config.output(),
            config.renewal().retry(),
            clock,
            events,
            lease.owner());
    this.tracker =
        new Tracker(
            jdbc, ledger, inventory, new InventorySync(jdbc, clock), delivery, events, clock);
  }

  /** What one track run did: tracking, then delivery, as the daemon's track duty does. */
  public record Tracked(Tracker.Result tracking, Delivery.Result delivery) {
    public int followed() {
      return tracking.followed();
    }

    public int issued() {
      return tracking.issued();
    }

    public int pending() {
      return tracking.pending();
    }
  }

  public List<Decision> plan(String account) {
    return planner.plan(account);
  }

  public Reconciler.Result reconcile(AccountConfig account, TencentClient client) {
    return renewal.reconcile(account, client);
  }

  public RenewalPass.Result renew(AccountConfig account, TencentClient client) {
    return renewal.renew(account, client);
  }

  RenewalPass.Result pass(AccountConfig account, TencentClient client) {
    return renewal.pass(account, client);
  }

  public Tracked track(AccountConfig account, TencentClient client) {
    return new Tracked(
        tracker.track(account, client), delivery.run(account.name(), client::downloadCertificate));
  }

  /** Claims a due certificate as a pass would, and does nothing more: a crash right after. */
  Optional<Claim> claim(String certificateId, Instant now) {
    Decision due =
        planner.plan(inventory.find(certificateId).orElseThrow().account()).stream()
            .filter(decision -> decision.certificate().certificateId().equals(certificateId))
            .findFirst()
            .orElseThrow();
    return claims.claim(due, policy, lease, now, id -> {});
  }

  public Planner planner() {
    return planner;
  }

  public Ledger ledger() {
    return ledger;
  }

  Transitions transitions() {
    return transitions;
  }

  public Inventory inventory() {
    return inventory;
  }

  public ProcessLease lease() {
    return lease;
  }

  public void stop() {
    renewal.stop();
  }

  Clock clock() {
    return clock;
  }
}
