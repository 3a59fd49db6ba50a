package dev.reissued.renewal;

import java.time.Instant;

/**
 * What a ledger transition is decided from: a row's state and {@code sent_at} as they were read.
 * Every transition is a compare-and-set on exactly these two, so a decision made on a row that has
 * moved on since it was read changes nothing. A row's {@code sent_at} is set once and its states
 * only move forward (requested → unknown → succeeded or failed; failed → succeeded only on
 * evidence), so the pair names one moment in the row's life and cannot come back.
 */
public record Observed(long id, ReissueState state, Instant sentAt) {
  public static Observed of(ReissueRecord record) {
    return new Observed(record.id(), record.state(), record.sentAt());
  }

  /** The same row, sent at {@code sentAt}, still requested: what a sender knows after sending. */
  static Observed sent(long id, Instant sentAt) {
    return new Observed(id, ReissueState.REQUESTED, sentAt);
  }

  /** The same moment of the row, in another state (after a transition this process made). */
  Observed in(ReissueState newState) {
    return new Observed(id, newState, sentAt);
  }

  boolean wasSent() {
    return sentAt != null;
  }
}
