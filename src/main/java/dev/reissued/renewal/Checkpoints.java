package dev.reissued.renewal;

/**
 * Named moments in the life of a ledger row, between the database writes and API calls that decide
 * at-most-once. Production passes {@link #NONE}. The interleaving tests pass one that parks the
 * thread at each point until a scripted scheduler lets it go on, so that every order of a pass, a
 * reconciliation, a crash and a lost answer is run on purpose rather than hoped for.
 *
 * <p>Every point lies outside any transaction: a thread parked there holds no lock.
 */
public interface Checkpoints {
  enum Point {
    /** A pass committed its claim: the row is {@code requested}, unsent, in flight. */
    CLAIMED,
    /** A pass set {@code sent_at}; the request is about to leave. */
    SENDING,
    /** The API call returned (an answer, an error, or nothing); the outcome is not written yet. */
    ANSWERED,
    /** The outcome is written and the row is no longer in flight. */
    RECORDED,
    /** A reconciliation read the open rows of an account. */
    RECONCILE_READ,
    /** A reconciliation decided about one row (and read the API for it); about to write. */
    RECONCILE_DECIDED
  }

  void reach(Point point, long reissueId);

  Checkpoints NONE = (point, reissueId) -> {};
}
