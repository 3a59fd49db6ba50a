package dev.reissued.renewal;

import java.util.Locale;

/** Who settled a ledger row; the values of {@code reissue.settled_by}. */
public enum SettledBy {
  /** The API's answer to the request. */
  API,
  /** Reconciliation, from what the API shows (or does not show) after the fact. */
  RECONCILE,
  /** The pass itself, for a request it never sent (stopping, a CSR it could not make). */
  PASS,
  /** An operator, with {@code reissued resolve}. */
  OPERATOR;

  public String sql() {
    return name().toLowerCase(Locale.ROOT);
  }
}
