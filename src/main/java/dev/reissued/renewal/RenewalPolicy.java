package dev.reissued.renewal;

import dev.reissued.config.Durations;
import dev.reissued.config.RenewalConfig;
import dev.reissued.config.RenewalConfig.EffectiveSettings;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.keys.KeySpec;
import dev.reissued.renewal.Decision.Cause;
import dev.reissued.tencent.ApiAction;
import dev.reissued.tencent.ErrorClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When to re-issue, as pure functions of a certificate, its ledger history, the configuration and
 * the clock — nothing here reads the database or the API.
 *
 * <p>A certificate is due when {@code not_after - renewBefore <= now}. It is eligible only when it
 * is issued (status 1), was not uploaded by the user, has renewal enabled by the rules, has not
 * failed terminally and is not backing off; a free certificate additionally must have no re-issue
 * anywhere in its lineage, because Tencent Cloud allows one per free order.
 */
public final class RenewalPolicy {
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final RenewalConfig config;
  private final Clock clock;

  public RenewalPolicy(RenewalConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /**
   * @param lineage every ledger row of the certificate's lineage (this certificate, the one it
   *     re-issues and those re-issuing it), newest first
   * @param lineageId the first certificate of the lineage
   */
  public Decision decide(
      InventoryCertificate certificate, List<ReissueRecord> lineage, String lineageId) {
    Instant now = clock.instant();
    EffectiveSettings settings = config.settingsFor(certificate.domain());
    KeySpec key = certificate.free() ? KeySpec.RSA_2048 : settings.key();
    List<ReissueRecord> own =
        lineage.stream()
            .filter(r -> r.certificateId().equals(certificate.certificateId()))
            .toList();
    Optional<ReissueRecord> latest = own.stream().findFirst();

    Decider decider = new Decider(certificate, settings, key, lineageId);
    if (certificate.isGone()) {
      return decider.notEligible(
          Cause.GONE,
          "no longer returned by the API (gone since " + day(certificate.goneAt()) + ")");
    }
    Optional<ReissueRecord> open = own.stream().filter(r -> r.state().isOpen()).findFirst();
    if (open.isPresent()) {
      return decider.attention(
          open.get().state() == ReissueState.UNKNOWN ? Cause.OUTCOME_UNKNOWN : Cause.IN_PROGRESS,
          describeOpen(open.get()));
    }
    Optional<ReissueRecord> succeeded =
        own.stream().filter(r -> r.state() == ReissueState.SUCCEEDED).findFirst();
    if (succeeded.isPresent()) {
      ReissueRecord done = succeeded.get();
      return decider.notEligible(
          Cause.REISSUED,
          (certificate.free() ? "free re-issue already used" : "already re-issued")
              + " on "
              + day(done.finishedAt())
              + " (new id "
              + done.newCertificateId()
              + ")");
    }
    if (certificate.hasBeenReissued()) {
      return decider.notEligible(
          Cause.REISSUED_ELSEWHERE,
          (certificate.free() ? "free re-issue already used" : "already re-issued")
              + " (new id "
              + certificate.replacedFor()
              + ")");
    }
    if (certificate.uploaded()) {
      return decider.notEligible(
          Cause.UPLOADED, "uploaded certificate: re-issue is not possible, replace it manually");
    }
    if (certificate.notAfter() != null && !certificate.notAfter().isAfter(now)) {
      return decider.notEligible(
          Cause.EXPIRED,
          "expired on " + day(certificate.notAfter()) + ": apply for a new certificate");
    }
    if (!Objects.equals(certificate.status(), InventoryCertificate.STATUS_ISSUED)) {
      return decider.notEligible(
          certificate.status() != null && certificate.status() == 3
              ? Cause.EXPIRED
              : Cause.NOT_ISSUED,
          describeStatus(certificate));
    }
    if (certificate.free()) {
      Optional<ReissueRecord> used =
          lineage.stream().filter(r -> r.state() != ReissueState.FAILED).findFirst();
      if (used.isPresent()) {
        return decider.notEligible(
            Cause.FREE_REISSUE_USED,
            "free re-issue of this order already used for "
                + used.get().certificateId()
                + " on "
                + day(used.get().requestedAt())
                + (used.get().newCertificateId() == null
                    ? ""
                    : " (new id " + used.get().newCertificateId() + ")"));
      }
      if (certificate.isReissueOfAnother()) {
        return decider.notEligible(
            Cause.FREE_REISSUE_USED,
            "free re-issue already used (this certificate re-issues "
                + certificate.replacedBy()
                + "): apply for a new free certificate");
      }
      Optional<ReissueRecord> quotaUsed =
          lineage.stream()
              .filter(r -> "FailedOperation.OrderAlreadyReplaced".equals(r.errorCode()))
              .findFirst();
      if (quotaUsed.isPresent()) {
        return decider.notEligible(
            Cause.FREE_REISSUE_USED,
            "free re-issue already used (Tencent answered OrderAlreadyReplaced on "
                + day(quotaUsed.get().finishedAt())
                + ")");
      }
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
    Instant dueAt = certificate.notAfter().minus(config.renewBefore());
    if (dueAt.isAfter(now)) {
      return decider.later(
          Cause.NOT_YET_DUE,
          "due on "
              + day(dueAt)
              + " (expires "
              + day(certificate.notAfter())
              + ", renewBefore "
              + Durations.format(config.renewBefore())
              + ")");
    }
    if (!certificate.free() && certificate.isReissueOfAnother() && extendedNothing(certificate)) {
      return decider.notEligible(
          Cause.NOT_EXTENDED, "re-issue did not extend validity: renew or buy a new certificate");
    }
    int attempt = 1;
    if (latest.isPresent() && latest.get().state() == ReissueState.FAILED) {
      ReissueRecord failed = latest.get();
      if (!Boolean.TRUE.equals(failed.retryable())) {
        return decider.notEligible(
            Cause.FAILED_TERMINALLY,
            "failed terminally on "
                + day(failed.finishedAt())
                + ": "
                + failed.errorCode()
                + describeMessage(failed));
      }
      if (failed.attempt() >= config.retry().maxAttempts()) {
        return decider.notEligible(
            Cause.GAVE_UP,
            "gave up after "
                + failed.attempt()
                + " attempts; last: "
                + failed.errorCode()
                + describeMessage(failed));
      }
      attempt = usedAnAttempt(failed) ? failed.attempt() + 1 : failed.attempt();
      if (failed.nextAttemptAt() != null && failed.nextAttemptAt().isAfter(now)) {
        return decider.later(
            Cause.BACKING_OFF,
            "backing off until "
                + minute(failed.nextAttemptAt())
                + " after "
                + failed.errorCode()
                + " (attempt "
                + failed.attempt()
                + " of "
                + config.retry().maxAttempts()
                + ")");
      }
    }
    String because =
        "expires "
            + day(certificate.notAfter())
            + " ("
            + daysLeft(certificate.notAfter(), now)
            + " days left, renewBefore "
            + Durations.format(config.renewBefore())
            + ")";
    if (certificate.free() && !settings.key().equals(KeySpec.RSA_2048)) {
      because +=
          "; as RSA 2048, not the "
              + settings.key()
              + (settings.ruleIndex() >= 0
                  ? " of renewal.rules[" + settings.ruleIndex() + "]"
                  : " of renewal.key")
              + ": free certificates allow nothing else";
    }
    if (attempt > 1) {
      because += "; attempt " + attempt + " of " + config.retry().maxAttempts();
    }
    return new Decision(
        certificate, Decision.Kind.DUE, Cause.DUE, because, settings, key, attempt, lineageId);
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

  /** A re-issue whose end date was already inside the renewal window when it was issued. */
  private boolean extendedNothing(InventoryCertificate certificate) {
    if (certificate.notBefore() == null) {
      return false;
    }
    return !certificate.notAfter().minus(config.renewBefore()).isAfter(certificate.notBefore());
  }

  private String describeOpen(ReissueRecord open) {
    if (open.state() == ReissueState.UNKNOWN) {
      return "re-issue outcome unknown since "
          + minute(open.sentAt() == null ? open.requestedAt() : open.sentAt())
          + " (ledger row "
          + open.id()
          + "): never re-sent; reconciliation reads the API to settle it";
    }
    return "re-issue in progress since "
        + minute(open.requestedAt())
        + " (ledger row "
        + open.id()
        + ", by "
        + open.claimedBy()
        + ")";
  }

  private static String describeStatus(InventoryCertificate certificate) {
    Integer status = certificate.status();
    String name =
        certificate.statusName() == null || certificate.statusName().isBlank()
            ? ""
            : " (" + certificate.statusName() + ")";
    if (status == null) {
      return "status unknown: only issued certificates (status 1) can be re-issued";
    }
    return switch (status) {
      case 0, 4, 5, 8, 13 ->
          "not issued yet: status " + status + name + "; only issued certificates can be re-issued";
      case 3 -> "expired: apply for a new certificate";
      case 11 -> "being re-issued already (status 11" + name + ")";
      default ->
          "status " + status + name + ": only issued certificates (status 1) can be re-issued";
    };
  }

  private static String describeMessage(ReissueRecord record) {
    return record.errorMessage() == null || record.errorMessage().isBlank()
        ? ""
        : " (" + record.errorMessage() + ")";
  }

  static long daysLeft(Instant notAfter, Instant now) {
    return Math.floorDiv(Duration.between(now, notAfter).getSeconds(), 86_400);
  }

  /** Dates in reasons are in the clock's zone: the operator's local time. */
  private String day(Instant instant) {
    return instant == null ? "an unknown date" : DAY.format(instant.atZone(clock.getZone()));
  }

  private String minute(Instant instant) {
    return instant == null ? "an unknown time" : MINUTE.format(instant.atZone(clock.getZone()));
  }

  /** Builds the non-due decisions of one certificate. */
  private record Decider(
      InventoryCertificate certificate, EffectiveSettings settings, KeySpec key, String lineageId) {
    Decision notEligible(Cause cause, String reason) {
      return decision(Decision.Kind.NOT_ELIGIBLE, cause, reason);
    }

    Decision later(Cause cause, String reason) {
      return decision(Decision.Kind.LATER, cause, reason);
    }

    Decision attention(Cause cause, String reason) {
      return decision(Decision.Kind.ATTENTION, cause, reason);
    }

    private Decision decision(Decision.Kind kind, Cause cause, String reason) {
      return new Decision(certificate, kind, cause, reason, settings, key, 0, lineageId);
    }
  }
}
