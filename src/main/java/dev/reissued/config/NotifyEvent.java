package dev.reissued.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What reissued tells operators about; the names used in {@code notify.webhooks[].events}. */
public enum NotifyEvent {
  /** A certificate was re-issued. */
  REISSUE_SUCCEEDED,
  /** A re-issue failed and will not be tried again. */
  REISSUE_FAILED,
  /** A re-issue's outcome is unknown and has not settled: someone should look. */
  OUTCOME_UNKNOWN,
  /** A certificate expires within notify.warnBefore and reissued will not re-issue it. */
  EXPIRING_UNRENEWABLE,
  /** The API refused an account's credentials or permissions. */
  ACCOUNT_REFUSED,
  /** The deploy hook failed for a new certificate. */
  DEPLOY_FAILED,
  /** A re-issue kept the end date: the lineage was re-issued, not renewed (it goes on to apply). */
  RENEWAL_NOT_EXTENDED,
  /** ApplyCertificate was refused for the account's (or main domain's) free certificate quota. */
  QUOTA_EXHAUSTED,
  /** Every cloud resource of a lineage was moved to its newest certificate. */
  CLOUD_DEPLOYED,
  /**
   * Cloud resources still hold an old certificate: their move failed after every retry, or the move
   * task never finished and was given up.
   */
  CLOUD_DEPLOY_FAILED,
  /** The account has not authorised the SSL service role, so no cloud resource can be moved. */
  CLOUD_ROLE_MISSING;

  /** The name in the configuration: {@code reissue_succeeded}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The event a configuration names, in any case. */
  static Optional<NotifyEvent> ofKey(String key) {
    return Arrays.stream(values())
        .filter(event -> event.key().equalsIgnoreCase(key.trim()))
        .findFirst();
  }

  /** "reissue_succeeded, reissue_failed, ...". */
  static String keys() {
    return Arrays.stream(values()).map(NotifyEvent::key).collect(Collectors.joining(", "));
  }
}
