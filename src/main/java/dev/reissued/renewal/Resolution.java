package dev.reissued.renewal;

import dev.reissued.db.DatabaseException;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.tencent.ErrorClass;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * An operator's ruling on one ledger row ({@code reissued resolve}), recorded as the operator's. An
 * open row takes the operator's word. A failed row becomes succeeded only on evidence: the API must
 * show the certificate re-issued as the id given ({@code ReplacedFor} on the original, or {@code
 * ReplacedBy} on the new one), so a typo cannot mark a lineage's one free re-issue used. Every
 * write is a compare-and-set on the row as it was read here.
 */
public final class Resolution {
  static final String RESOLVED_FAILED = "reissued.ResolvedByOperator";

  private final Ledger ledger;
  private final Transitions transitions;
  private final Inventory inventory;
  private final Clock clock;

  public Resolution(Ledger ledger, Transitions transitions, Inventory inventory, Clock clock) {
    this.ledger = ledger;
    this.transitions = transitions;
    this.inventory = inventory;
    this.clock = clock;
  }

  /** What the operator says happened. */
  public sealed interface Ruling {}

  /** No re-issue happened: the row fails, and the certificate may be tried again. */
  public record Failed() implements Ruling {}

  /** It was re-issued as {@code newCertificateId}. */
  public record Succeeded(String newCertificateId) implements Ruling {}

  /** Whatever the API shows. */
  public record FromApi() implements Ruling {}

  /** The outcome, and a sentence for the operator. */
  public record Outcome(boolean settled, String message) {}

  public Optional<ReissueRecord> find(long id) {
    return ledger.find(id);
  }

  public Outcome resolve(long id, Ruling ruling, String note, TencentClient client) {
    Optional<ReissueRecord> found = ledger.find(id);
    if (found.isEmpty()) {
      return new Outcome(false, "no re-issue with id " + id);
    }
    ReissueRecord row = found.get();
    Observed seen = Observed.of(row);
    Instant now = clock.instant();
    boolean open = row.state().isOpen();
    if (!open && row.state() != ReissueState.FAILED) {
      return new Outcome(
          false, "re-issue " + id + " is settled already (" + row.state().sql() + ")");
    }
    try {
      if (ruling instanceof Failed) {
        if (!open) {
          return new Outcome(false, "re-issue " + id + " is failed already");
        }
        Failure failure =
            Failure.retryable(RESOLVED_FAILED, "settled as failed by an operator", null, now);
        return written(
            id, row, transitions.fail(seen, failure, SettledBy.OPERATOR, now), "failed", note);
      }
      String newId;
      if (ruling instanceof Succeeded succeeded) {
        newId = succeeded.newCertificateId();
        if (!open && !confirmed(row.certificateId(), newId, client)) {
          return new Outcome(
              false,
              "the API does not show certificate "
                  + row.certificateId()
                  + " re-issued as "
                  + newId
                  + "; a failed row becomes succeeded only on that evidence (try --from-api)");
        }
      } else {
        Optional<String> shown = Evidence.of(row, domainOf(row.certificateId()), client);
        if (shown.isEmpty()) {
          return new Outcome(
              false, "the API shows no re-issue of certificate " + row.certificateId());
        }
        newId = shown.get();
      }
      return written(
          id,
          row,
          transitions.succeed(seen, newId, null, SettledBy.OPERATOR, now),
          "succeeded (" + newId + ")",
          note);
    } catch (TencentApiException unavailable) {
      return new Outcome(
          false,
          "cannot ask the API about " + row.certificateId() + ": " + unavailable.getMessage());
    } catch (DatabaseException refused) {
      if (refused.isUniqueViolation()) {
        return new Outcome(
            false,
            "another re-issue of the lineage of "
                + row.certificateId()
                + " is live; a free lineage holds only one");
      }
      throw refused;
    }
  }

  private Outcome written(long id, ReissueRecord row, boolean settled, String as, String note) {
    if (!settled) {
      return new Outcome(false, "re-issue " + id + " changed meanwhile; nothing changed");
    }
    ledger.note(id, note);
    return new Outcome(
        true, "re-issue " + id + " of certificate " + row.certificateId() + " settled as " + as);
  }

  private String domainOf(String certificateId) {
    return inventory.find(certificateId).map(InventoryCertificate::domain).orElse(null);
  }

  private static boolean confirmed(String certificateId, String newId, TencentClient client) {
    if (Evidence.reissueOf(certificateId, client).filter(newId::equals).isPresent()) {
      return true;
    }
    try {
      return certificateId.equals(
          client.describeCertificateDetail(newId).certificate().certificateExtra().replacedBy());
    } catch (TencentApiException unavailable) {
      if (unavailable.errorClass() == ErrorClass.GONE) {
        return false;
      }
      throw unavailable;
    }
  }
}
