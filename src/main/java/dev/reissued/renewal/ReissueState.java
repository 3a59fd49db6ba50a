package dev.reissued.renewal;

import java.util.Locale;

/** The states of a ledger row; the values of {@code reissue.state}. */
public enum ReissueState {
  /** Committed before the call; the request may or may not have been sent. */
  REQUESTED,
  /** The API answered with the new certificate's id. */
  SUCCEEDED,
  /** The API answered with an error, or reconciliation showed no re-issue happened. */
  FAILED,
  /** The request may have reached the API but no answer came back; reconciliation settles it. */
  UNKNOWN;

  public String sql() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ReissueState fromSql(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  public boolean isOpen() {
    return this == REQUESTED || this == UNKNOWN;
  }
}
