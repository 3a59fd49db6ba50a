package dev.reissued.cloud;

import dev.reissued.config.CloudConfig;
import dev.reissued.config.Durations;
import dev.reissued.config.RetryPolicy;
import dev.reissued.tencent.CloudActions;
import dev.reissued.tencent.CloudCodes;
import dev.reissued.tencent.CloudListings;
import dev.reissued.tencent.DeployDetailStatus;
import dev.reissued.tencent.ErrorClass;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.UpdateRecordDetail;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a move task with DescribeHostUpdateRecordDetail until no resource is pending or running,
 * one {@code cloud_resource} row per resource. Failed resources are retried with
 * UpdateCertificateRecordRetry on {@code renewal.retry}'s backoff; when its attempts run out the
 * move fails with an event naming them. A task that runs longer than {@code cloud.giveUpAfter} is
 * given up, also with an event.
 */
final class RecordFollower {
  private static final Logger log = LoggerFactory.getLogger(RecordFollower.class);

  private final CloudLedger ledger;
  private final CloudResources resources;
  private final Bindings bindings;
  private final CloudEvents events;
  private final CloudConfig config;
  private final RetryPolicy retry;
  private final Clock clock;

  RecordFollower(
      CloudLedger ledger,
      CloudResources resources,
      Bindings bindings,
      CloudEvents events,
      CloudConfig config,
      RetryPolicy retry,
      Clock clock) {
    this.ledger = ledger;
    this.resources = resources;
    this.bindings = bindings;
    this.events = events;
    this.config = config;
    this.retry = retry;
    this.clock = clock;
  }

  void follow(CloudActions actions, Deploy deploy) {
    List<UpdateRecordDetail> details =
        new CloudListings(actions).allUpdateRecordDetails(deploy.recordId());
    Instant now = clock.instant();
    resources.record(deploy, details, now);
    for (UpdateRecordDetail detail : details) {
      // A rollback is followed as a move of its own, back to the old certificate.
      if (detail.state() == DeployDetailStatus.SUCCEEDED
          || detail.state() == DeployDetailStatus.ROLLED_BACK) {
        bindings.holds(
            deploy.account(), CloudResources.keyOf(detail), deploy.newCertificateId(), now);
      }
    }
    if (details.stream().anyMatch(detail -> detail.state().running())) {
      if (deploy.updatedAt().plus(config.giveUpAfter()).isBefore(now)) {
        String why =
            "the move task did not finish within "
                + Durations.format(config.giveUpAfter())
                + " (cloud.giveUpAfter)";
        if (ledger.transition(deploy, DeployState.GIVEN_UP, why, now)) {
          events.failed(deploy, running(deploy), why);
          log.error("account {}: move {} given up: {}", deploy.account(), deploy.pair(), why);
        }
      }
      return;
    }
    List<UpdateRecordDetail> failed =
        details.stream().filter(detail -> detail.state().failed()).toList();
    if (failed.isEmpty()) {
      if (ledger.transition(deploy, DeployState.SUCCEEDED, null, now)) {
        events.deployed(deploy, details.size());
        log.info(
            "account {}: move task {} of {} done: {} resource(s)",
            deploy.account(),
            deploy.recordId(),
            deploy.pair(),
            details.size());
      }
      return;
    }
    int attempts = deploy.retries() + 1;
    if (attempts >= retry.maxAttempts()) {
      String why = failed.size() + " resource(s) still failed after " + attempts + " attempt(s)";
      if (ledger.transition(deploy, DeployState.FAILED, why, now)) {
        events.failed(deploy, failedRows(deploy), why);
        log.error("account {}: move {} failed: {}", deploy.account(), deploy.pair(), why);
      }
      return;
    }
    if (deploy.nextAttemptAt() == null) {
      ledger.retryAt(deploy, now.plus(retry.backoffAfter(attempts)), now);
      return;
    }
    if (now.isBefore(deploy.nextAttemptAt())) {
      return;
    }
    List<Long> ids = failed.stream().map(UpdateRecordDetail::id).toList();
    if (!ledger.retrying(deploy, ids, now)) {
      return;
    }
    try {
      actions.retryUpdateRecord(deploy.recordId());
      log.info(
          "account {}: retrying {} failed resource(s) of move task {} (attempt {})",
          deploy.account(),
          failed.size(),
          deploy.recordId(),
          attempts + 1);
    } catch (TencentApiException refused) {
      if (CloudCodes.RETRY_STATUS_INVALID.equals(refused.code())
          || refused.errorClass() == ErrorClass.OUTCOME_UNKNOWN) {
        // Nothing failed any more, or the retry may have started: the next look tells.
        log.debug(
            "account {}: retry of {}: {}", deploy.account(), deploy.recordId(), refused.code());
        return;
      }
      throw refused;
    }
  }

  private List<CloudResources.ResourceRow> failedRows(Deploy deploy) {
    return resources.of(deploy.id()).stream()
        .filter(row -> DeployDetailStatus.of((long) row.status()).failed())
        .toList();
  }

  private List<CloudResources.ResourceRow> running(Deploy deploy) {
    return resources.of(deploy.id()).stream()
        .filter(row -> DeployDetailStatus.of((long) row.status()).running())
        .toList();
  }
}
