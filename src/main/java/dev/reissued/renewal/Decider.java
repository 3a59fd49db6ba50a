package dev.reissued.renewal;

import dev.reissued.config.RenewalConfig.EffectiveSettings;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.keys.KeySpec;
import dev.reissued.renewal.Decision.Cause;

/** Builds the decisions of one certificate, as the policy learns its action and key. */
record Decider(
    InventoryCertificate certificate,
    EffectiveSettings settings,
    KeySpec key,
    String lineageId,
    Action action,
    int attempt) {
  Decider with(KeySpec newKey, Action newAction) {
    return new Decider(certificate, settings, newKey, lineageId, newAction, attempt);
  }

  Decision notEligible(Cause cause, String reason) {
    return decision(Decision.Kind.NOT_ELIGIBLE, cause, reason, 0);
  }

  Decision later(Cause cause, String reason) {
    return decision(Decision.Kind.LATER, cause, reason, 0);
  }

  Decision attention(Cause cause, String reason) {
    return decision(Decision.Kind.ATTENTION, cause, reason, 0);
  }

  Decision due(String reason, int attemptNumber) {
    return decision(Decision.Kind.DUE, Cause.DUE, reason, attemptNumber);
  }

  private Decision decision(Decision.Kind kind, Cause cause, String reason, int attemptNumber) {
    return new Decision(
        certificate, kind, cause, reason, settings, key, attemptNumber, lineageId, action);
  }
}
