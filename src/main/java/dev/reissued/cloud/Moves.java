package dev.reissued.cloud;

import dev.reissued.config.CloudConfig;
import dev.reissued.tencent.CloudActions;
import dev.reissued.tencent.CloudCodes;
import dev.reissued.tencent.CloudListings;
import dev.reissued.tencent.ErrorClass;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.UpdateCertificateInstanceRequest;
import dev.reissued.tencent.UpdateCertificateInstanceResponse;
import dev.reissued.tencent.UpdateRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a move task for an old → new pair: UpdateCertificateInstance, with the call counted and
 * committed before it leaves. DeployRecordId 0 means the task is being created: ask again after a
 * pause. DeployStatus 0 means a task for the pair already runs: adopt it. A move whose last call
 * has no answer (lost, or the process died) is looked up with DescribeHostUpdateRecord before
 * another call is sent, and no pair is sent more than {@code cloud.maxUpdateCalls} calls.
 */
final class Moves {
  private static final Logger log = LoggerFactory.getLogger(Moves.class);
  static final int CALLS_PER_PASS = 3;
  static final Duration BEING_CREATED_PAUSE = Duration.ofSeconds(2);

  /** The API refused the move for the account's missing service role. */
  static final class RoleMissing extends CloudException {
    final TencentApiException refusal;

    RoleMissing(TencentApiException refusal) {
      super(refusal.getMessage());
      this.refusal = refusal;
    }
  }

  private final CloudLedger ledger;
  private final CloudResources resources;
  private final Bindings bindings;
  private final CloudEvents events;
  private final CloudConfig config;
  private final Clock clock;
  private final Pause pause;
  private final Checkpoint checkpoint;

  /** A place tests stop a move at, to play a crash or a second process. */
  @FunctionalInterface
  interface Checkpoint {
    Checkpoint NONE = (name, deploy) -> {};

    void reached(String name, Deploy deploy);
  }

  Moves(
      CloudLedger ledger,
      CloudResources resources,
      Bindings bindings,
      CloudEvents events,
      CloudConfig config,
      Clock clock,
      Pause pause,
      Checkpoint checkpoint) {
    this.ledger = ledger;
    this.resources = resources;
    this.bindings = bindings;
    this.events = events;
    this.config = config;
    this.clock = clock;
    this.pause = pause;
    this.checkpoint = checkpoint;
  }

  /**
   * Moves a deploy in NEW, SENDING or CREATING on as far as this pass can. A move in SENDING is
   * another pass's call in flight until the {@code settling} period after it was committed is over
   * (that pass may be in this process, in another daemon, or {@code reissued cloud deploy}): only
   * then is it a call whose answer was lost, to be looked up before another is sent. Without the
   * wait, a second pass found no task yet and sent a second UpdateCertificateInstance beside the
   * first (CloudStageTest plays it).
   */
  void advance(CloudActions actions, Deploy start, CloudConfig.Settings settings, Duration settling)
      throws InterruptedException {
    Deploy deploy = start;
    if (deploy.state() == DeployState.SENDING
        && deploy.updatedAt().plus(settling).isAfter(clock.instant())) {
      log.debug(
          "account {}: the call for move {} may still be in flight; left until {}",
          deploy.account(),
          deploy.pair(),
          deploy.updatedAt().plus(settling));
      return;
    }
    for (int call = 0; call < CALLS_PER_PASS && deploy != null; call++) {
      if (deploy.state() == DeployState.SENDING && adoptedFound(actions, deploy)) {
        return;
      }
      if (deploy.updateCalls() >= config.maxUpdateCalls()) {
        giveUp(
            deploy,
            "sent "
                + deploy.updateCalls()
                + " UpdateCertificateInstance calls for the pair without getting a task"
                + " (cloud.maxUpdateCalls)");
        return;
      }
      List<Binding> holding =
          bindings.holding(deploy.account(), List.of(deploy.oldCertificateId()));
      Optional<UpdateCertificateInstanceRequest> request =
          MoveRequests.of(deploy.oldCertificateId(), deploy.newCertificateId(), holding, settings);
      if (request.isEmpty()) {
        ledger.transition(
            deploy,
            DeployState.NOTHING_BOUND,
            "nothing to move: every resource is excluded or held back with one",
            clock.instant());
        return;
      }
      deploy = send(actions, deploy, request.get());
      if (deploy != null) {
        pause.pause(BEING_CREATED_PAUSE);
      }
    }
  }

  /**
   * After a call whose answer never came, the task may exist: find it before asking for another.
   */
  private boolean adoptedFound(CloudActions actions, Deploy deploy) {
    List<UpdateRecord> records =
        new CloudListings(actions)
            .allUpdateRecords(deploy.newCertificateId(), deploy.oldCertificateId());
    Optional<UpdateRecord> task = records.stream().max(Comparator.comparingLong(UpdateRecord::id));
    if (task.isEmpty()) {
      log.info(
          "account {}: no move task of {} exists after {} call(s) without an answer; asking again",
          deploy.account(),
          deploy.pair(),
          deploy.updateCalls());
      return false;
    }
    if (ledger.recordTask(deploy, task.get().id(), false, clock.instant())) {
      log.info(
          "account {}: found move task {} of {} after a lost answer",
          deploy.account(),
          task.get().id(),
          deploy.pair());
    }
    return true;
  }

  /** One UpdateCertificateInstance; the deploy to ask again with (being created), or null. */
  private Deploy send(CloudActions actions, Deploy seen, UpdateCertificateInstanceRequest request) {
    Instant now = clock.instant();
    Optional<Deploy> claimed = ledger.sending(seen, request.resourceTypes(), now);
    if (claimed.isEmpty()) {
      log.debug("account {}: move {} changed under this pass", seen.account(), seen.pair());
      return null;
    }
    Deploy sent = claimed.get();
    checkpoint.reached("sending", sent);
    UpdateCertificateInstanceResponse response;
    try {
      response = actions.updateCertificateInstance(request);
    } catch (TencentApiException refused) {
      refused(seen, sent, request, refused);
      return null;
    }
    checkpoint.reached("answered", sent);
    if (response.beingCreated()) {
      ledger.transition(sent, DeployState.CREATING, null, clock.instant());
      log.info(
          "account {}: the move task of {} is being created; asking again",
          sent.account(),
          sent.pair());
      return ledger.find(sent.id()).filter(d -> d.state() == DeployState.CREATING).orElse(null);
    }
    if (ledger.recordTask(sent, response.deployRecordId(), response.adoptedRunning(), now)) {
      log.info(
          "account {}: move task {} of {} ({}{})",
          sent.account(),
          response.deployRecordId(),
          sent.pair(),
          String.join(", ", request.resourceTypes()),
          response.adoptedRunning() ? ", already running: adopted" : "");
    }
    return null;
  }

  private void refused(
      Deploy seen, Deploy sent, UpdateCertificateInstanceRequest request, TencentApiException e) {
    Instant now = clock.instant();
    String code = e.code();
    if (e.errorClass() == ErrorClass.OUTCOME_UNKNOWN) {
      // Left in SENDING: the next pass looks the task up before anything else is sent.
      log.warn(
          "account {}: UpdateCertificateInstance of {} has no answer ({}); the task is looked up"
              + " before another is asked for",
          sent.account(),
          sent.pair(),
          code);
      return;
    }
    if (CloudCodes.DEPLOY_INSTANCE_EMPTY.equals(code)) {
      if (sent.updateCalls() > 1 || sent.recordId() != null) {
        // An earlier call of ours moved them: none of those types holds the old one any more.
        for (Binding binding : bindings.holding(sent.account(), List.of(sent.oldCertificateId()))) {
          if (!binding.excluded() && request.resourceTypes().contains(binding.apiType())) {
            bindings.holds(binding.account(), binding.resourceKey(), sent.newCertificateId(), now);
          }
        }
        ledger.transition(sent, DeployState.SUCCEEDED, null, now);
        log.info(
            "account {}: {} holds no resource any more after an earlier call: done",
            sent.account(),
            sent.oldCertificateId());
      } else {
        ledger.transition(
            sent,
            DeployState.NOTHING_BOUND,
            code + ": no resource of " + request.resourceTypes() + " holds it",
            now);
        log.info(
            "account {}: nothing of {} holds {}: recorded as nothing bound",
            sent.account(),
            request.resourceTypes(),
            sent.oldCertificateId());
      }
      return;
    }
    if (ErrorClass.isServiceRoleMissing(code)) {
      ledger.unsent(sent, seen.state(), code, now);
      throw new RoleMissing(e);
    }
    if (CloudCodes.HAS_PENDING_RECORD.equals(code)) {
      // A task runs: stay in SENDING, so the next pass finds and adopts it.
      return;
    }
    if (e.errorClass() == ErrorClass.RETRYABLE
        || e.errorClass() == ErrorClass.NOT_SENT
        || e.errorClass() == ErrorClass.ACCOUNT
        || CloudCodes.CERTIFICATE_NOT_AVAILABLE.equals(code)) {
      // An answer that nothing happened: the call does not count against the pair.
      ledger.unsent(sent, seen.state(), code + ": " + e.getMessage(), now);
      if (e.errorClass() == ErrorClass.ACCOUNT) {
        throw e;
      }
      log.info("account {}: move {} refused for now: {}", sent.account(), sent.pair(), code);
      return;
    }
    if (ledger.transition(sent, DeployState.FAILED, code + ": " + e.getMessage(), now)) {
      events.failed(sent, List.of(), "UpdateCertificateInstance refused: " + code);
      log.error("account {}: move {} refused: {}", sent.account(), sent.pair(), e.getMessage());
    }
  }

  private void giveUp(Deploy deploy, String why) {
    if (ledger.transition(deploy, DeployState.GIVEN_UP, why, clock.instant())) {
      events.failed(deploy, resources.of(deploy.id()), why);
      log.error("account {}: move {} given up: {}", deploy.account(), deploy.pair(), why);
    }
  }
}
