package dev.reissued.cloud;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.CloudConfig;
import dev.reissued.config.RetryPolicy;
import dev.reissued.db.Jdbc;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.notify.EventSink;
import dev.reissued.tencent.CloudActions;
import dev.reissued.tencent.ErrorClass;
import dev.reissued.tencent.Settling;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.track.Issued;
import dev.reissued.track.IssuedHandover;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud stage: every resource bound to an earlier member of a renewed lineage (CLB listeners,
 * CDN and EdgeOne domains, WAF, COS, ...) is moved to the lineage's newest certificate. Tracking
 * hands each issued renewal over ({@link #handover()}); a pass per account then, for each open
 * lineage, discovers the bindings once ({@link Discovery}), makes one move per earlier certificate
 * that still has resources, gets each its task ({@link Moves}) and follows the task to its end
 * ({@link RecordFollower}); rollbacks are {@link Rollbacks}'s. Lineages nobody handed over —
 * certificates not due — are never touched.
 */
public final class CloudStage {
  private static final Logger log = LoggerFactory.getLogger(CloudStage.class);

  private final CloudLedger ledger;
  private final CloudLineages lineages;
  private final Bindings bindings;
  private final Inventory inventory;
  private final CloudConfig config;
  private final Discovery discovery;
  private final Moves moves;
  private final RecordFollower follower;
  private final Rollbacks rollbacks;
  private final CloudEvents events;
  private final Clock clock;

  public CloudStage(
      Jdbc jdbc,
      Inventory inventory,
      CloudConfig config,
      RetryPolicy retry,
      EventSink events,
      Clock clock,
      Pause pause) {
    this(jdbc, inventory, config, retry, events, clock, pause, Moves.Checkpoint.NONE);
  }

  CloudStage(
      Jdbc jdbc,
      Inventory inventory,
      CloudConfig config,
      RetryPolicy retry,
      EventSink events,
      Clock clock,
      Pause pause,
      Moves.Checkpoint checkpoint) {
    this.ledger = new CloudLedger(jdbc);
    this.lineages = new CloudLineages(jdbc);
    CloudResources resources = new CloudResources(jdbc);
    this.bindings = new Bindings(jdbc);
    this.inventory = inventory;
    this.config = config;
    this.clock = clock;
    this.events = new CloudEvents(events, clock);
    this.discovery = new Discovery(bindings, clock, pause);
    this.moves =
        new Moves(ledger, resources, bindings, this.events, config, clock, pause, checkpoint);
    this.follower =
        new RecordFollower(ledger, resources, bindings, this.events, config, retry, clock);
    this.rollbacks = new Rollbacks(ledger, lineages, follower, clock);
  }

  /** What one pass did for an account. */
  public record Result(int lineages, int open, int succeeded, int failed) {
    public String describe() {
      return lineages
          + " lineage(s) served, "
          + open
          + " move(s) under way, "
          + succeeded
          + " done, "
          + failed
          + " failed or given up";
    }
  }

  /**
   * Takes over an issued renewal in tracking's transaction: its lineage's resources are to be moved
   * to the new certificate.
   */
  public IssuedHandover handover() {
    return (handle, issued) -> expect(handle, issued);
  }

  private void expect(Jdbc.Handle handle, Issued issued) {
    String lineageId = LineageMembers.rootOf(inventory, issued.oldCertificateId());
    lineages.expect(
        handle, lineageId, issued.account(), issued.newCertificateId(), clock.instant());
  }

  /** One pass for the account. */
  public Result run(AccountConfig account, CloudActions actions) throws InterruptedException {
    int served = 0;
    try {
      for (CloudLineage lineage : lineages.openLineages(account.name())) {
        if (serve(actions, lineage)) {
          served++;
        }
      }
      Duration settling = Settling.period(account);
      for (Deploy deploy : ledger.open(account.name())) {
        advance(actions, deploy, settling);
      }
      for (CloudLineage lineage : lineages.openLineages(account.name())) {
        closeIfDone(lineage);
      }
    } catch (Moves.RoleMissing missing) {
      events.roleMissing(account.name(), missing.refusal);
      log.error(
          "account {}: cloud moves refused ({}): {}",
          account.name(),
          missing.refusal.code(),
          missing.refusal.getMessage());
    }
    return tally(account.name(), served);
  }

  /**
   * Moves the lineage of {@code certificateId} now (any member; also one renewed outside reissued):
   * re-opens it and its moves that ended failed or given up, then runs its account's pass. Answers
   * the lineage's id.
   */
  public String deploy(AccountConfig account, CloudActions actions, String certificateId)
      throws InterruptedException {
    InventoryCertificate certificate = known(certificateId);
    String root = LineageMembers.rootOf(inventory, certificateId);
    LineageMembers members = LineageMembers.of(inventory, root, certificateId);
    if (members.earlier().isEmpty()) {
      throw new CloudException(
          "certificate "
              + certificateId
              + " of account "
              + certificate.account()
              + " has no earlier certificate in its lineage: nothing to move to it");
    }
    Instant now = clock.instant();
    lineages.expect(root, certificate.account(), members.newestId(), now);
    for (Deploy deploy : ledger.towards(root, members.newestId())) {
      if (deploy.state() == DeployState.FAILED || deploy.state() == DeployState.GIVEN_UP) {
        ledger.reopen(deploy, now);
      } else if (!deploy.state().open()) {
        rollbacks.resendIfRolledBack(actions, deploy);
      }
    }
    run(account, actions);
    return root;
  }

  /**
   * Puts the resources a move task moved back on the old certificate
   * (UpdateCertificateRecordRollback), followed from now on like a move; answers the rollback's
   * task id.
   */
  public long rollback(CloudActions actions, long recordId) {
    return rollbacks.rollback(actions, recorded(recordId));
  }

  /** Every move of the account (null: every account), newest first. */
  public List<Deploy> deploys(String account) {
    return ledger.all(account);
  }

  /** The account that holds a certificate, as the inventory says. */
  public String accountOf(String certificateId) {
    return known(certificateId).account();
  }

  /** The account of a recorded move task. */
  public String accountOfRecord(long recordId) {
    return recorded(recordId).account();
  }

  private InventoryCertificate known(String certificateId) {
    return inventory
        .find(certificateId)
        .orElseThrow(
            () ->
                new CloudException(
                    "certificate "
                        + certificateId
                        + " is not in the inventory: run `reissued sync` first"));
  }

  private Deploy recorded(long recordId) {
    return ledger
        .byRecord(recordId)
        .orElseThrow(
            () ->
                new CloudException(
                    "no move with task " + recordId + " is recorded: see v_cloud_resources"));
  }

  private boolean serve(CloudActions actions, CloudLineage lineage) throws InterruptedException {
    LineageMembers members =
        LineageMembers.of(inventory, lineage.lineageId(), lineage.newestCertificateId());
    if (!members.newestId().equals(lineage.newestCertificateId())) {
      lineages.newest(lineage, members.newestId(), clock.instant());
      return false;
    }
    CloudConfig.Settings settings = config.settingsFor(members.domain());
    if (!settings.enabled()) {
      log.debug("lineage {}: cloud moves are off for {}", lineage.lineageId(), members.domain());
      return false;
    }
    if (members.earlier().isEmpty()) {
      return false;
    }
    if (lineage.discoveredAt() == null) {
      try {
        if (!discovery.discover(actions, lineage.lineageId(), members.earlier(), settings)) {
          return false;
        }
      } catch (TencentApiException failure) {
        tolerate(failure, "bindings of lineage " + lineage.lineageId() + " not read");
        return false;
      }
      lineages.discovered(lineage, clock.instant());
    }
    Instant now = clock.instant();
    for (String old : members.earlier()) {
      boolean held =
          bindings.holding(lineage.account(), List.of(old)).stream()
              .anyMatch(binding -> !binding.excluded());
      if (held) {
        ledger.deploy(lineage.account(), lineage.lineageId(), old, members.newestId(), now);
      }
    }
    return true;
  }

  private void advance(CloudActions actions, Deploy deploy, Duration settling)
      throws InterruptedException {
    try {
      Deploy current = deploy;
      if (current.state() != DeployState.FOLLOWING) {
        String domain =
            inventory.find(deploy.newCertificateId()).map(InventoryCertificate::domain).orElse("");
        moves.advance(actions, current, config.settingsFor(domain), settling);
        // A task just stored is looked at in the same pass: a quick move ends in one.
        current = ledger.find(deploy.id()).orElse(current);
      }
      if (current.state() == DeployState.FOLLOWING) {
        follower.follow(actions, current);
      }
    } catch (TencentApiException failure) {
      tolerate(failure, "move " + deploy.pair() + " stays as it is for now");
    }
  }

  /**
   * One lineage's or move's failure waits for the next pass, the others go on; a refusal of the
   * account's credentials stops the pass, for {@code AccountRefusals} to report.
   */
  private static void tolerate(TencentApiException failure, String what) {
    if (ErrorClass.isServiceRoleMissing(failure.code())) {
      // Reported once as cloud_role_missing with its fix, not as wrong credentials.
      throw new Moves.RoleMissing(failure);
    }
    if (failure.errorClass() == ErrorClass.ACCOUNT) {
      throw failure;
    }
    log.warn("account {}: {}: {}", failure.account(), what, failure.getMessage());
  }

  private void closeIfDone(CloudLineage lineage) {
    if (lineage.discoveredAt() == null) {
      Optional<CloudLineage> fresh = lineages.lineage(lineage.lineageId());
      if (fresh.isEmpty() || fresh.get().discoveredAt() == null) {
        return;
      }
      lineage = fresh.get();
    }
    boolean open =
        ledger.towards(lineage.lineageId(), lineage.newestCertificateId()).stream()
            .anyMatch(deploy -> deploy.state().open());
    if (!open && lineages.close(lineage, clock.instant())) {
      log.info(
          "account {}: lineage {} served: its resources are on {} (or reported)",
          lineage.account(),
          lineage.lineageId(),
          lineage.newestCertificateId());
    }
  }

  private Result tally(String account, int served) {
    int open = 0;
    int succeeded = 0;
    int failed = 0;
    for (Deploy deploy : ledger.all(account)) {
      if (deploy.state().open()) {
        open++;
      } else if (deploy.state() == DeployState.SUCCEEDED) {
        succeeded++;
      } else if (deploy.state() == DeployState.FAILED || deploy.state() == DeployState.GIVEN_UP) {
        failed++;
      }
    }
    return new Result(served, open, succeeded, failed);
  }
}
