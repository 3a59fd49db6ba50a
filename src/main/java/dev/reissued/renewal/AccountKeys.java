package dev.reissued.renewal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a plan of a whole account learns once, before its first chunk: the ids that occur in the
 * account's ledger (as a lineage or a certificate) and the ids that a live certificate of the
 * account succeeds. A chunk then asks the database for the ledger rows and successors of just the
 * certificates that have any, most chunks for none: at a million certificates the two reads per
 * chunk, each probing two indexes with a thousand ids, were half of {@code plan}'s database time.
 *
 * <p>Either set is absent (unknown: every id is asked for, as a renew pass does) when more than
 * {@link #LIMIT} rows make it, so that the sets stay a few MB. Read at the start of the plan, a row
 * written during it may be missed, as the plan of a chunk already read would miss it.
 */
final class AccountKeys {
  /** Most rows read into one set: up to twice as many ids, some 20 MB at most. */
  static final int LIMIT = 100_000;

  /** Knows nothing: every id may have ledger rows and successors. */
  static final AccountKeys UNKNOWN = new AccountKeys(Optional.empty(), Optional.empty());

  private final Optional<Set<String>> inLedger;
  private final Optional<Set<String>> succeeded;

  AccountKeys(Optional<Set<String>> inLedger, Optional<Set<String>> succeeded) {
    this.inLedger = inLedger;
    this.succeeded = succeeded;
  }

  /** The ids of {@code ids} that may have ledger rows. */
  List<String> withLedgerRows(Collection<String> ids) {
    return only(ids, inLedger);
  }

  /** The ids of {@code ids} that a live certificate may succeed. */
  List<String> withSuccessors(Collection<String> ids) {
    return only(ids, succeeded);
  }

  private static List<String> only(Collection<String> ids, Optional<Set<String>> known) {
    return known
        .map(set -> ids.stream().filter(set::contains).toList())
        .orElseGet(() -> List.copyOf(ids));
  }
}
