package dev.reissued.renewal;

import dev.reissued.config.AccountConfig;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.renewal.Ledger.Abandoned;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles re-issues an earlier version abandoned: rows recorded as failed although Tencent carried
 * the request out (the race of issue 10: a "never sent" verdict on a stale snapshot, or a late
 * re-issue the API showed only after the settling period). The API's word — the certificate's
 * {@code ReplacedFor} — settles the earliest such row as succeeded, so the certificate Tencent
 * issued is tracked and delivered instead of abandoned.
 */
final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  private final Ledger ledger;
  private final Transitions transitions;
  private final Inventory inventory;
  private final Clock clock;

  Recovery(Ledger ledger, Transitions transitions, Inventory inventory, Clock clock) {
    this.ledger = ledger;
    this.transitions = transitions;
    this.inventory = inventory;
    this.clock = clock;
  }

  /** Settles what the API shows; returns how many rows were recovered. */
  int recover(AccountConfig account, TencentClient client) {
    int recovered = 0;
    for (Abandoned candidate : ledger.abandoned(account.name(), clock.instant())) {
      String certificateId = candidate.record().certificateId();
      Optional<String> newId =
          inventory
              .find(certificateId)
              .map(InventoryCertificate::replacedFor)
              .filter(id -> !id.isBlank());
      if (newId.isEmpty() && candidate.refusedAsReplaced()) {
        try {
          newId = Evidence.reissueOf(certificateId, client);
        } catch (TencentApiException unavailable) {
          log.debug(
              "cannot look for the re-issue of certificate {} yet: {}",
              certificateId,
              unavailable.getMessage());
          continue;
        }
      }
      if (newId.isPresent()
          && transitions.recover(candidate.record(), newId.get(), clock.instant())) {
        log.warn(
            "re-issue {} of certificate {} had been recorded as failed, but the API shows the"
                + " certificate re-issued as {}: settled as succeeded, to be tracked and delivered",
            candidate.record().id(),
            certificateId,
            newId.get());
        recovered++;
      }
    }
    return recovered;
  }
}
