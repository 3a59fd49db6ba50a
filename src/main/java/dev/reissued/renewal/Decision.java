package dev.reissued.renewal;

import dev.reissued.config.RenewalConfig.EffectiveSettings;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.keys.KeySpec;

/**
 * What the policy says about one certificate, and why, in words an operator understands. For a due
 * certificate, {@code action} is what will be asked (re-issue or apply), {@code key} the key that
 * will be used (RSA 2048 for a free re-issue; RSA 2048 or ECC P-256 for an apply) and {@code
 * attempt} the attempt number the row will carry.
 */
public record Decision(
    InventoryCertificate certificate,
    Kind kind,
    Cause cause,
    String reason,
    EffectiveSettings settings,
    KeySpec key,
    int attempt,
    String lineageId,
    Action action) {

  public enum Kind {
    /** Re-issue now. */
    DUE,
    /** Fine for now; the reason says when it becomes due or when the next attempt is. */
    LATER,
    /** Will not be re-issued by reissued; the reason says what a human should do. */
    NOT_ELIGIBLE,
    /** An attempt is in flight or its outcome is unknown: reconciliation is on it. */
    ATTENTION
  }

  /** Why, for code: the reason's words are for people and may change. */
  public enum Cause {
    /** Due now (first attempt, or a retry whose backoff is over). */
    DUE,
    /** Not due yet: the reason says when. */
    NOT_YET_DUE,
    /** A retryable failure is backing off. */
    BACKING_OFF,
    /** An attempt is in progress. */
    IN_PROGRESS,
    /** An attempt's outcome is unknown; reconciliation is on it. */
    OUTCOME_UNKNOWN,
    /** No longer returned by the API. */
    GONE,
    /** Re-issued by reissued already. */
    REISSUED,
    /** The API shows it re-issued (by reissued or elsewhere). */
    REISSUED_ELSEWHERE,
    /** The free lineage's one re-issue is used. */
    FREE_REISSUE_USED,
    /** Uploaded by the user: Tencent cannot re-issue it. */
    UPLOADED,
    /** Already expired. */
    EXPIRED,
    /** Not issued (reviewing, pending, revoked, ...). */
    NOT_ISSUED,
    /** Renewal disabled by a rule. */
    DISABLED,
    /** The API gave no end date. */
    VALIDITY_UNKNOWN,
    /** A paid re-issue that did not extend validity: renew or buy. */
    NOT_EXTENDED,
    /** Renewed by a new free certificate (ApplyCertificate). */
    RENEWED,
    /** The account's (or main domain's) free certificate quota is used up. */
    QUOTA_EXHAUSTED,
    /** The last attempt failed terminally. */
    FAILED_TERMINALLY,
    /** Attempts are used up. */
    GAVE_UP
  }

  public boolean isDue() {
    return kind == Kind.DUE;
  }
}
