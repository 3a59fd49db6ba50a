package dev.reissued.renewal;

import dev.reissued.config.Durations;
import dev.reissued.config.RenewalConfig;
import dev.reissued.config.RenewalConfig.EffectiveSettings;
import dev.reissued.config.RenewalMode;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.keys.KeySpec;
import dev.reissued.renewal.Decision.Cause;
import dev.reissued.tencent.ApiAction;
import dev.reissued.tencent.ErrorClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When and how to renew, as pure functions of a certificate, its ledger history, what its account
 * has shown, the configuration and the clock — nothing here reads the database or the API.
 *
 * <p>A certificate is due when {@code not_after - renewBefore <= now}. It is eligible only when it
 * is the newest member of its lineage, issued (status 1), not uploaded, enabled by the rules, not
 * failed terminally and not backing off. A paid certificate is re-issued. A free one is re-issued
 * while its order's one re-issue is unused, or renewed by a new free certificate (ApplyCertificate,
 * accepted within 30 days of expiry) per the rule's {@link RenewalMode}: {@code auto} applies once
 * the re-issue is used or the account has shown that re-issues keep the end date. {@link
 * ActionChoice} makes that choice; {@link Decider} builds the decision.
 */
public final class RenewalPolicy {
  /** Tencent accepts an OldCertificateId within 30 days of its expiry; an hour's margin. */
  static final Duration APPLY_WINDOW = Duration.ofDays(30).minusHours(1);

  private final RenewalConfig config;
  private final Clock clock;
  private final Reasons reasons;
  private final ActionChoice choice;

  public RenewalPolicy(RenewalConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.reasons = new Reasons(clock);
    this.choice = new ActionChoice(config.renewBefore(), reasons);
  }

  /** Certificates ending within this of now may be due: what a renew pass reads. */
  public java.time.Duration dueWindow() {
    return config.renewBefore();
  }

  /**
   * What the policy knows of a certificate's lineage.
   *
   * @param lineageId the first certificate of its free order's re-issue chain (the ledger's key)
   * @param rows every ledger row of that chain and of the certificate itself, newest first
   * @param successor the member after this one, when the inventory holds it
   * @param reissueKeepsEndDate whether the account has shown that re-issues keep the end date
   */
  public record History(
      String lineageId,
      List<ReissueRecord> rows,
      Optional<InventoryCertificate> successor,
      boolean reissueKeepsEndDate) {
    public static History of(String lineageId, List<ReissueRecord> rows) {
      return new History(lineageId, rows, Optional.empty(), false);
    }
  }

  /** The same as {@link #decide(InventoryCertificate, History)} for a lineage of rows only. */
  public Decision decide(
      InventoryCertificate certificate, List<ReissueRecord> lineage, String lineageId) {
    return decide(certificate, History.of(lineageId, lineage));
  }

  public Decision decide(InventoryCertificate certificate, History history) {
    Instant now = clock.instant();
    EffectiveSettings settings = config.settingsFor(certificate.domain());
    List<ReissueRecord> own =
        history.rows().stream()
            .filter(r -> r.certificateId().equals(certificate.certificateId()))
            .toList();
    Decider decider =
        new Decider(
            certificate, settings, KeySpec.RSA_2048, history.lineageId(), Action.REISSUE, 0);
    if (certificate.isGone()) {
      return decider.notEligible(
          Cause.GONE,
          "no longer returned by the API (gone since " + reasons.day(certificate.goneAt()) + ")");
    }
    Optional<ReissueRecord> open = own.stream().filter(r -> r.state().isOpen()).findFirst();
    if (open.isPresent()) {
      return decider.attention(
          open.get().state() == ReissueState.UNKNOWN ? Cause.OUTCOME_UNKNOWN : Cause.IN_PROGRESS,
          reasons.open(open.get()));
    }
    Optional<Decision> succeeded = succeeded(certificate, own, history, decider);
    if (succeeded.isPresent()) {
      return succeeded.get();
    }
    if (certificate.uploaded()) {
      return decider.notEligible(
          Cause.UPLOADED, "uploaded certificate: re-issue is not possible, replace it manually");
    }
    if (certificate.notAfter() != null && !certificate.notAfter().isAfter(now)) {
      return decider.notEligible(
          Cause.EXPIRED,
          "expired on " + reasons.day(certificate.notAfter()) + ": apply for a new certificate");
    }
    if (!Objects.equals(certificate.status(), InventoryCertificate.STATUS_ISSUED)) {
      return decider.notEligible(
          certificate.status() != null && certificate.status() == 3
              ? Cause.EXPIRED
              : Cause.NOT_ISSUED,
          Reasons.status(certificate));
    }
    if (!settings.enabled()) {
      return decider.notEligible(
          Cause.DISABLED, "renewal disabled by renewal.rules[" + settings.ruleIndex() + "]");
    }
    if (certificate.notAfter() == null) {
      return decider.notEligible(
          Cause.VALIDITY_UNKNOWN,
          "validity unknown: the API gave no end date; check the certificate in the console");
    }
    ActionChoice.Chosen chosen = choice.choose(certificate, history, settings, decider);
    if (chosen.refusal() != null) {
      return chosen.refusal();
    }
    return dueOrLater(certificate, own, chosen.decider(), now);
  }

  /** A certificate whose lineage has moved past it: re-issued or renewed. */
  private Optional<Decision> succeeded(
      InventoryCertificate certificate, List<ReissueRecord> own, History history, Decider decider) {
    Optional<ReissueRecord> done =
        own.stream().filter(r -> r.state() == ReissueState.SUCCEEDED).findFirst();
    if (done.isPresent()) {
      return Optional.of(
          decider.notEligible(
              done.get().action() == Action.APPLY ? Cause.RENEWED : Cause.REISSUED,
              reasons.done(certificate, done.get())));
    }
    if (certificate.hasBeenReissued()) {
      return Optional.of(
          decider.notEligible(
              Cause.REISSUED_ELSEWHERE,
              (certificate.free() ? "free re-issue already used" : "already re-issued")
                  + " (new id "
                  + certificate.replacedFor()
                  + ")"));
    }
    Optional<ReissueRecord> refused =
        own.stream()
            .filter(r -> "FailedOperation.OrderAlreadyReplaced".equals(r.errorCode()))
            .findFirst();
    if (refused.isPresent()) {
      // Re-issued elsewhere: its successor carries the lineage on once a sync shows it.
      return Optional.of(
          decider.notEligible(
              Cause.REISSUED_ELSEWHERE,
              "free re-issue already used (Tencent answered OrderAlreadyReplaced on "
                  + reasons.day(refused.get().finishedAt())
                  + "): the certificate that re-issues it is renewed in its turn"));
    }
    return history
        .successor()
        .map(
            next ->
                decider.notEligible(
                    next.isRenewalOfAnother() ? Cause.RENEWED : Cause.REISSUED_ELSEWHERE,
                    (next.isRenewalOfAnother() ? "renewed by a new free certificate" : "re-issued")
                        + " (new id "
                        + next.certificateId()
                        + ")"));
  }

  /** Due now, later, or held back by the last attempt of the same action. */
  private Decision dueOrLater(
      InventoryCertificate certificate, List<ReissueRecord> own, Decider decider, Instant now) {
    boolean apply = decider.action() == Action.APPLY;
    List<ReissueRecord> same = own.stream().filter(r -> r.action() == decider.action()).toList();
    if (apply) {
      Optional<ReissueRecord> quota =
          same.stream().filter(r -> ErrorClass.isQuota(r.errorCode())).findFirst();
      if (quota.isPresent()) {
        return decider.notEligible(
            Cause.QUOTA_EXHAUSTED,
            "free certificate quota used up: Tencent answered "
                + quota.get().errorCode()
                + " on "
                + reasons.day(quota.get().finishedAt())
                + ": free quota in the console or buy a certificate");
      }
    }
    Instant dueAt = certificate.notAfter().minus(config.renewBefore());
    boolean heldByWindow = false;
    if (apply && dueAt.isBefore(certificate.notAfter().minus(APPLY_WINDOW))) {
      dueAt = certificate.notAfter().minus(APPLY_WINDOW);
      heldByWindow = true;
    }
    if (dueAt.isAfter(now)) {
      return decider.later(
          Cause.NOT_YET_DUE,
          (apply ? "apply due on " : "due on ")
              + reasons.day(dueAt)
              + " (expires "
              + reasons.day(certificate.notAfter())
              + (heldByWindow
                  ? "; Tencent accepts a renewal within 30 days of expiry)"
                  : ", renewBefore " + Durations.format(config.renewBefore()) + ")"));
    }
    int attempt = 1;
    Optional<ReissueRecord> latest = same.stream().findFirst();
    if (latest.isPresent() && latest.get().state() == ReissueState.FAILED) {
      ReissueRecord failed = latest.get();
      if (!Boolean.TRUE.equals(failed.retryable())) {
        return decider.notEligible(
            Cause.FAILED_TERMINALLY,
            "failed terminally on "
                + reasons.day(failed.finishedAt())
                + ": "
                + failed.errorCode()
                + Reasons.message(failed));
      }
      if (failed.attempt() >= config.retry().maxAttempts()) {
        return decider.notEligible(
            Cause.GAVE_UP,
            "gave up after "
                + failed.attempt()
                + " attempts; last: "
                + failed.errorCode()
                + Reasons.message(failed));
      }
      attempt = usedAnAttempt(failed) ? failed.attempt() + 1 : failed.attempt();
      if (failed.nextAttemptAt() != null && failed.nextAttemptAt().isAfter(now)) {
        return decider.later(
            Cause.BACKING_OFF,
            "backing off until "
                + reasons.minute(failed.nextAttemptAt())
                + " after "
                + failed.errorCode()
                + " (attempt "
                + failed.attempt()
                + " of "
                + config.retry().maxAttempts()
                + ")");
      }
    }
    return decider.due(because(certificate, decider, now, attempt), attempt);
  }

  private String because(
      InventoryCertificate certificate, Decider decider, Instant now, int attempt) {
    EffectiveSettings settings = decider.settings();
    String because =
        (decider.action() == Action.APPLY ? "apply for a new free certificate: " : "")
            + "expires "
            + reasons.day(certificate.notAfter())
            + " ("
            + Reasons.daysLeft(certificate.notAfter(), now)
            + " days left, renewBefore "
            + Durations.format(config.renewBefore())
            + ")";
    if (certificate.free() && !settings.key().equals(decider.key())) {
      because +=
          "; as "
              + decider.key()
              + ", not the "
              + settings.key()
              + (settings.ruleIndex() >= 0
                  ? " of renewal.rules[" + settings.ruleIndex() + "]"
                  : " of renewal.key")
              + (decider.action() == Action.APPLY
                  ? ": a new free certificate is RSA 2048 or ECC P-256"
                  : ": free certificates allow nothing else");
    }
    if (attempt > 1) {
      because += "; attempt " + attempt + " of " + config.retry().maxAttempts();
    }
    return because;
  }

  /**
   * Attempts count requests that reached the API about this certificate. One never sent (a crash
   * before sending, a connection refused), refused for the account's credentials or refused for the
   * API's rate limit says nothing about the certificate, so it does not use up an attempt.
   */
  private static boolean usedAnAttempt(ReissueRecord failed) {
    if (failed.errorCode() == null) {
      return true;
    }
    if (failed.errorCode().equals(Reconciler.NOT_SENT)
        || ErrorClass.isRateLimit(failed.errorCode())) {
      return false;
    }
    ErrorClass kind = ErrorClass.classify(ApiAction.REPLACE_CERTIFICATE, failed.errorCode(), null);
    return kind != ErrorClass.ACCOUNT && kind != ErrorClass.NOT_SENT;
  }
}
