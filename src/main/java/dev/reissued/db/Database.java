package dev.reissued.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reissued.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool over the configured PostgreSQL, or over an embedded one when no URL is
 * configured. One per process; every component (Quartz included) borrows from it.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource dataSource;
  private final Optional<EmbeddedDatabase> embedded;
  private final Jdbc jdbc;

  private Database(HikariDataSource dataSource, Optional<EmbeddedDatabase> embedded) {
    this.dataSource = dataSource;
    this.embedded = embedded;
    this.jdbc = new Jdbc(dataSource);
  }

  public static Database open(DatabaseConfig config) {
    Optional<EmbeddedDatabase> embedded =
        config.isEmbedded()
            ? Optional.of(EmbeddedDatabase.start(config.embeddedDataDir(), config.embeddedPort()))
            : Optional.empty();
    try {
      HikariConfig pool = new HikariConfig();
      pool.setPoolName("reissued");
      pool.setJdbcUrl(
          embedded.map(EmbeddedDatabase::jdbcUrl).orElseGet(() -> config.url().orElseThrow()));
      if (embedded.isPresent()) {
        pool.setUsername(EmbeddedDatabase.USER);
      } else {
        config.username().ifPresent(pool::setUsername);
        config.password().ifPresent(secret -> pool.setPassword(secret.reveal()));
      }
      pool.setMaximumPoolSize(config.poolSize());
      pool.setMinimumIdle(1);
      // Fail fast at start with a clear message rather than on first use.
      pool.setInitializationFailTimeout(10_000);
      pool.setConnectionTimeout(10_000);
      pool.addDataSourceProperty("ApplicationName", "reissued");
      HikariDataSource dataSource = new HikariDataSource(pool);
      log.debug("connection pool open on {}", config.maskedUrl().orElse("the embedded database"));
      return new Database(dataSource, embedded);
    } catch (RuntimeException failure) {
      embedded.ifPresent(EmbeddedDatabase::close);
      String where = config.maskedUrl().orElse("the embedded database");
      throw new DatabaseException(
          "cannot connect to " + where + ": " + rootMessage(failure), failure);
    }
  }

  /** Wraps an existing data source (tests, and tools that bring their own pool). */
  public static Database of(HikariDataSource dataSource) {
    return new Database(dataSource, Optional.empty());
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Jdbc jdbc() {
    return jdbc;
  }

  public Optional<EmbeddedDatabase> embedded() {
    return embedded;
  }

  /** Publishes the pool's metrics (HikariCP's own Micrometer tracker) to the registry. */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    dataSource.setMetricRegistry(registry);
  }

  /**
   * Whether the database answers now: one {@code SELECT 1} on a connection of its own, outside the
   * pool, with connect, login and read timeouts of {@code timeout} (whole seconds, at least one).
   * The pool would wait its 10 s connection timeout before saying the database is down; a health
   * probe must say so, and why, at once. Empty when it answered, else the reason.
   */
  public Optional<String> probe(Duration timeout) {
    String seconds = String.valueOf(Math.max(1, (timeout.toMillis() + 999) / 1000));
    Properties properties = new Properties();
    properties.putAll(dataSource.getDataSourceProperties());
    if (dataSource.getUsername() != null) {
      properties.setProperty("user", dataSource.getUsername());
    }
    if (dataSource.getPassword() != null) {
      properties.setProperty("password", dataSource.getPassword());
    }
    properties.setProperty("connectTimeout", seconds);
    properties.setProperty("loginTimeout", seconds);
    properties.setProperty("socketTimeout", seconds);
    properties.setProperty("ApplicationName", "reissued health");
    try (Connection connection = new Driver().connect(dataSource.getJdbcUrl(), properties);
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
      return Optional.empty();
    } catch (SQLException unreachable) {
      // The driver's own message names the host and port ("Connection to db:5432 refused").
      return Optional.of(String.valueOf(unreachable.getMessage()));
    } catch (RuntimeException unusable) {
      return Optional.of(String.valueOf(rootMessage(unusable)));
    }
  }

  public int migrate() {
    return Migrations.migrate(dataSource);
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  @Override
  public void close() {
    dataSource.close();
    embedded.ifPresent(EmbeddedDatabase::close);
  }
}
