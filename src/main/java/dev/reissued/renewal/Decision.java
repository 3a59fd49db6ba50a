package dev.reissued.renewal;

import dev.reissued.config.RenewalConfig.EffectiveSettings;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.keys.KeySpec;

/**
 * What the policy says about one certificate, and why, in words an operator understands. For a due
 * certificate, {@code key} is the key that will be used (RSA 2048 for free certificates, whatever
 * the rules say) and {@code attempt} the attempt number the re-issue will carry.
 */
public record Decision(
    InventoryCertificate certificate,
    Kind kind,
    String reason,
    EffectiveSettings settings,
    KeySpec key,
    int attempt) {

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

  public boolean isDue() {
    return kind == Kind.DUE;
  }
}
