package dev.reissued.renewal;

import dev.reissued.db.DatabaseException;
import dev.reissued.db.Jdbc;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof of life for the process that claims ledger rows: a PostgreSQL session advisory lock held on
 * a connection of its own for as long as the process lives. The lock dies with the process (or its
 * connection), so another node can tell "its owner may still send this request" from "nobody will"
 * without waiting out a timeout.
 *
 * <p>Losing the connection loses the lock while the process may still run; the ledger guards that
 * case separately (the compare-and-set on {@code sent_at}, and the settling period for rows that
 * were sent).
 */
public final class ProcessLease implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProcessLease.class);

  /** The first key of the two-key advisory lock: "REIS", so reissued's locks are recognisable. */
  static final int NAMESPACE = 0x52454953;

  private final DataSource dataSource;
  private final Jdbc jdbc;
  private final int lease;
  private final String owner;
  private Connection connection;

  private ProcessLease(DataSource dataSource, int lease, String owner) {
    this.dataSource = dataSource;
    this.jdbc = new Jdbc(dataSource);
    this.lease = lease;
    this.owner = owner;
  }

  public static ProcessLease acquire(DataSource dataSource) {
    int lease;
    do {
      lease = new SecureRandom().nextInt();
    } while (lease == 0);
    String host = hostName();
    ProcessLease processLease =
        new ProcessLease(dataSource, lease, host + "/" + ProcessHandle.current().pid());
    processLease.ensureHeld();
    return processLease;
  }

  /** The advisory lock's key, as rows this process claims record it ({@code owner_lease}). */
  public int key() {
    return lease;
  }

  /** host/pid, for the ledger's claimed_by and for humans. */
  public String owner() {
    return owner;
  }

  /** Re-takes the lock if its connection was lost (a database restart); cheap when held. */
  public synchronized void ensureHeld() {
    try {
      if (connection != null && connection.isValid(2)) {
        return;
      }
      closeQuietly();
      connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
        lock.setInt(1, NAMESPACE);
        lock.setInt(2, lease);
        lock.execute();
      }
      log.debug("process lease {} held for {}", lease, owner);
    } catch (SQLException failure) {
      closeQuietly();
      throw new DatabaseException(
          "cannot take the process lease: " + failure.getMessage(), failure);
    }
  }

  /** Is some live session holding the lease a ledger row names (another process, alive)? */
  public boolean isHeldElsewhere(int key) {
    return jdbc.queryOne(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = ?::oid AND objid = ?::oid"
                + " AND objsubid = 2 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            row -> row.getLong(1) > 0,
            Integer.toUnsignedLong(NAMESPACE),
            Integer.toUnsignedLong(key))
        .orElse(false);
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException unknown) {
      return "unknown-host";
    }
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the lock goes with the connection either way
      }
      connection = null;
    }
  }

  /**
   * Unlocks explicitly: the connection goes back to the pool, and a session lock would stay with
   * it.
   */
  @Override
  public synchronized void close() {
    if (connection != null) {
      try (PreparedStatement unlock =
          connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
        unlock.setInt(1, NAMESPACE);
        unlock.setInt(2, lease);
        unlock.execute();
      } catch (SQLException failure) {
        log.debug(
            "process lease {} not unlocked ({}); it ends with its connection",
            lease,
            failure.getMessage());
      }
    }
    closeQuietly();
  }
}
