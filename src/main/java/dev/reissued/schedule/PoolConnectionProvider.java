package dev.reissued.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Hands Quartz connections from reissued's own HikariCP pool: one pool per process. */
final class PoolConnectionProvider implements ConnectionProvider {
  private final DataSource dataSource;

  PoolConnectionProvider(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  public void shutdown() {
    // The pool belongs to the process, which closes it after the scheduler.
  }

  @Override
  public void initialize() {
    // Nothing: the pool is open already.
  }
}
