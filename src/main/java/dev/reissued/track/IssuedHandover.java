package dev.reissued.track;

import dev.reissued.db.Jdbc;

/**
 * Where tracking hands an issued certificate on: delivery, in the same transaction that records it
 * issued, so that a crash can lose neither.
 */
@FunctionalInterface
public interface IssuedHandover {
  void handOver(Jdbc.Handle handle, Issued issued);
}
