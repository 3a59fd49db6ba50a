package dev.reissued.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A small JDBC helper in the manner of db-scheduler's JdbcRunner: SQL inline with {@code ?}
 * parameters, rows mapped by lambdas, {@link SQLException} wrapped unchecked, and explicit
 * transactions through {@link #inTransaction}. Instants bind as {@code timestamptz}.
 */
public final class Jdbc {
  /** Rows per round trip of a streamed read: few trips, and a chunk of rows in memory. */
  public static final int FETCH_SIZE = 1000;

  private final DataSource dataSource;

  public Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Takes one row of a streamed query; the row is only valid during the call. */
  @FunctionalInterface
  public interface RowConsumer {
    void accept(ResultSet row) throws SQLException;
  }

  @FunctionalInterface
  public interface TransactionWork<T> {
    T run(Handle handle);
  }

  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
    return withHandle(handle -> handle.query(sql, mapper, parameters));
  }

  public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
    return withHandle(handle -> handle.queryOne(sql, mapper, parameters));
  }

  public int update(String sql, Object... parameters) {
    return withHandle(handle -> handle.update(sql, parameters));
  }

  /**
   * Streams the rows of a query to the consumer, {@code fetchSize} rows at a time, without holding
   * them: in a transaction of its own, because PgJDBC only uses a cursor when autocommit is off.
   * Without JIT: the rows are wanted as they come, and PostgreSQL compiles a query it costs high
   * (any read of a large inventory) before it sends the first row, 0.2 s at a million rows.
   */
  public void forEachRow(String sql, int fetchSize, RowConsumer consumer, Object... parameters) {
    inTransaction(
        handle -> {
          handle.update("SET LOCAL jit = off");
          handle.forEachRow(sql, fetchSize, consumer, parameters);
          return null;
        });
  }

  /**
   * Runs the work on one connection in one transaction: committed when it returns, rolled back when
   * it throws.
   */
  public <T> T inTransaction(TransactionWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        T result = work.run(new Handle(connection));
        connection.commit();
        return result;
      } catch (RuntimeException | Error failure) {
        rollbackQuietly(connection, failure);
        throw failure;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException failure) {
      throw new DatabaseException("transaction failed: " + failure.getMessage(), failure);
    }
  }

  private <T> T withHandle(TransactionWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(new Handle(connection));
    } catch (SQLException failure) {
      throw new DatabaseException(
          "cannot get a database connection: " + failure.getMessage(), failure);
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  /** Statements on one connection, inside or outside a transaction. */
  public static final class Handle {
    private static final int BATCH_SIZE = 500;
    private final Connection connection;

    Handle(Connection connection) {
      this.connection = connection;
    }

    public Connection connection() {
      return connection;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
      try (PreparedStatement statement = prepare(sql, parameters);
          ResultSet rows = statement.executeQuery()) {
        List<T> results = new ArrayList<>();
        while (rows.next()) {
          results.add(mapper.map(rows));
        }
        return results;
      } catch (SQLException failure) {
        throw new DatabaseException(describe(sql, failure), failure);
      }
    }

    /**
     * Streams the rows of a query to the consumer, {@code fetchSize} rows at a time. PgJDBC reads
     * through a cursor only inside a transaction (autocommit off): outside one, it still reads
     * every row into memory first, so this refuses to run there.
     */
    public void forEachRow(String sql, int fetchSize, RowConsumer consumer, Object... parameters) {
      try {
        if (connection.getAutoCommit()) {
          throw new IllegalStateException(
              "forEachRow streams only inside a transaction (autocommit off): " + sql);
        }
        try (PreparedStatement statement = prepare(sql, parameters)) {
          statement.setFetchSize(fetchSize);
          try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              consumer.accept(rows);
            }
          }
        }
      } catch (SQLException failure) {
        throw new DatabaseException(describe(sql, failure), failure);
      }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
      List<T> results = query(sql, mapper, parameters);
      if (results.size() > 1) {
        throw new IllegalStateException(
            "expected at most one row, got " + results.size() + " from: " + sql);
      }
      return results.stream().findFirst();
    }

    public int update(String sql, Object... parameters) {
      try (PreparedStatement statement = prepare(sql, parameters)) {
        return statement.executeUpdate();
      } catch (SQLException failure) {
        throw new DatabaseException(describe(sql, failure), failure);
      }
    }

    /** One statement executed for every parameter row, in JDBC batches. */
    public void batch(String sql, List<Object[]> rows) {
      if (rows.isEmpty()) {
        return;
      }
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int pending = 0;
        for (Object[] parameters : rows) {
          for (int index = 0; index < parameters.length; index++) {
            bind(statement, index + 1, parameters[index]);
          }
          statement.addBatch();
          if (++pending == BATCH_SIZE) {
            statement.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          statement.executeBatch();
        }
      } catch (SQLException failure) {
        throw new DatabaseException(
            describe(
                sql, failure.getNextException() == null ? failure : failure.getNextException()),
            failure);
      }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
      PreparedStatement statement = connection.prepareStatement(sql);
      try {
        for (int index = 0; index < parameters.length; index++) {
          bind(statement, index + 1, parameters[index]);
        }
        return statement;
      } catch (SQLException | RuntimeException failure) {
        statement.close();
        throw failure;
      }
    }

    private void bind(PreparedStatement statement, int index, Object value) throws SQLException {
      if (value instanceof Instant instant) {
        // PostgreSQL keeps microseconds and rounds to them; truncating here means a stored
        // instant never reads back later than the one written.
        statement.setTimestamp(index, Timestamp.from(instant.truncatedTo(ChronoUnit.MICROS)));
      } else if (value instanceof Optional<?> optional) {
        bind(statement, index, optional.orElse(null));
      } else if (value instanceof String[] strings) {
        statement.setArray(index, connection.createArrayOf("text", strings));
      } else if (value instanceof Enum<?> constant) {
        statement.setString(index, constant.name());
      } else {
        statement.setObject(index, value);
      }
    }

    private static String describe(String sql, SQLException failure) {
      String firstLine = sql.strip().lines().findFirst().orElse("");
      return failure.getMessage()
          + " ["
          + firstLine
          + (sql.strip().contains("\n") ? " ..." : "")
          + "]";
    }
  }

  /**
   * Reads a nullable timestamptz column as an Instant: through OffsetDateTime, which pgjdbc parses
   * without the Calendar arithmetic of getTimestamp (a tenth of {@code status --json}'s CPU at a
   * million rows). Every time column here is timestamptz.
   */
  public static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  /** The same, by the column's position (1 for the first), for reads of many rows. */
  public static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }
}
