package dev.reissued.renewal;

import dev.reissued.config.RenewalConfig.EffectiveSettings;
import dev.reissued.config.RenewalMode;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.keys.KeyAlgorithm;
import dev.reissued.keys.KeySpec;
import dev.reissued.renewal.Decision.Cause;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which action renews an eligible certificate, and with which key. A paid certificate is re-issued
 * with the rule's key. A free one is re-issued (RSA 2048) while its order's one re-issue is unused,
 * or renewed by a new free certificate per the rule's {@link RenewalMode}: {@code auto} applies
 * once the re-issue is used or the account has shown that re-issues keep the end date.
 */
final class ActionChoice {
  private final Duration renewBefore;
  private final Reasons reasons;

  ActionChoice(Duration renewBefore, Reasons reasons) {
    this.renewBefore = renewBefore;
    this.reasons = reasons;
  }

  /** The action and key for an eligible certificate, or why there is none. */
  record Chosen(Decider decider, Decision refusal) {}

  Chosen choose(
      InventoryCertificate certificate,
      RenewalPolicy.History history,
      EffectiveSettings settings,
      Decider decider) {
    if (!certificate.free()) {
      Decider paid = decider.with(settings.key(), Action.REISSUE);
      if (certificate.isReissueOfAnother() && extendedNothing(certificate)) {
        return new Chosen(
            paid,
            paid.notEligible(
                Cause.NOT_EXTENDED,
                "re-issue did not extend validity: renew or buy a new certificate"));
      }
      return new Chosen(paid, null);
    }
    Optional<String> reissueUsed = reissueUsed(certificate, history.rows());
    RenewalMode mode = settings.mode();
    boolean apply =
        mode == RenewalMode.apply
            || (mode == RenewalMode.auto
                && (reissueUsed.isPresent() || history.reissueKeepsEndDate()));
    if (!apply) {
      Decider reissue = decider.with(KeySpec.RSA_2048, Action.REISSUE);
      return new Chosen(
          reissue,
          reissueUsed
              .map(
                  used ->
                      reissue.notEligible(
                          Cause.FREE_REISSUE_USED,
                          used
                              + (mode == RenewalMode.reissue
                                  ? " (renewal.mode reissue: set auto or apply to renew it with a"
                                      + " new free certificate)"
                                  : "")))
              .orElse(null));
    }
    return new Chosen(decider.with(applyKey(settings.key()), Action.APPLY), null);
  }

  /** Why the free order's one re-issue is used, if it is. */
  private Optional<String> reissueUsed(
      InventoryCertificate certificate, List<ReissueRecord> lineage) {
    Optional<ReissueRecord> used =
        lineage.stream()
            .filter(r -> r.action() == Action.REISSUE && r.state() != ReissueState.FAILED)
            .findFirst();
    if (used.isPresent()) {
      return Optional.of(
          "free re-issue of this order already used for "
              + used.get().certificateId()
              + " on "
              + reasons.day(used.get().requestedAt())
              + (used.get().newCertificateId() == null
                  ? ""
                  : " (new id " + used.get().newCertificateId() + ")"));
    }
    if (certificate.isReissueOfAnother()) {
      return Optional.of(
          "free re-issue already used (this certificate re-issues "
              + certificate.replacedBy()
              + ")");
    }
    return lineage.stream()
        .filter(r -> "FailedOperation.OrderAlreadyReplaced".equals(r.errorCode()))
        .findFirst()
        .map(
            refused ->
                "free re-issue already used (Tencent answered OrderAlreadyReplaced on "
                    + reasons.day(refused.finishedAt())
                    + ")");
  }

  /** The key Tencent makes for an apply: the rule's, if it is RSA 2048 or ECC P-256. */
  static KeySpec applyKey(KeySpec wanted) {
    return wanted.algorithm() == KeyAlgorithm.ECC ? KeySpec.ECC_P256 : KeySpec.RSA_2048;
  }

  /** A re-issue whose end date was already inside the renewal window when it was issued. */
  private boolean extendedNothing(InventoryCertificate certificate) {
    if (certificate.notBefore() == null) {
      return false;
    }
    return !certificate.notAfter().minus(renewBefore).isAfter(certificate.notBefore());
  }
}
