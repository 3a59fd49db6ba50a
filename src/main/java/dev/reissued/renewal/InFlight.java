package dev.reissued.renewal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger rows this process is working on right now. Reconciliation in the same process skips
 * them; a row this process claimed but no longer works on (a pass that died on a database error) is
 * treated like one of a dead process.
 */
public final class InFlight {
  private final Set<Long> rows = ConcurrentHashMap.newKeySet();

  void add(long id) {
    rows.add(id);
  }

  void remove(long id) {
    rows.remove(id);
  }

  public boolean contains(long id) {
    return rows.contains(id);
  }

  public int size() {
    return rows.size();
  }
}
