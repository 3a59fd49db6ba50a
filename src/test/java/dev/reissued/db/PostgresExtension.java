package dev.reissued.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM, and for every test a fresh
 * database copied from a template that the production migrations built once. Register with
 * {@code @RegisterExtension final PostgresExtension postgres = new PostgresExtension();}.
 */
public final class PostgresExtension implements BeforeEachCallback, AfterEachCallback {
  private static final String TEMPLATE = "reissued_template";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private final boolean migrated;
  private Database database;
  private String name;

  public PostgresExtension() {
    this(true);
  }

  /** With {@code migrated=false} each test gets an empty database (for migration tests). */
  public PostgresExtension(boolean migrated) {
    this.migrated = migrated;
  }

  public Database database() {
    return database;
  }

  public Jdbc jdbc() {
    return database.jdbc();
  }

  public String jdbcUrl() {
    return server().getJdbcUrl("postgres", name);
  }

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
        HikariDataSource template = pool(server.getJdbcUrl("postgres", "postgres"), 2);
        execute(template, "CREATE DATABASE " + TEMPLATE);
        template.close();
        HikariDataSource templateDatabase = pool(server.getJdbcUrl("postgres", TEMPLATE), 2);
        Migrations.migrate(templateDatabase);
        templateDatabase.close();
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresExtension::stopServer));
      } catch (IOException failure) {
        throw new IllegalStateException("cannot start embedded PostgreSQL for tests", failure);
      }
    }
    return server;
  }

  private static void stopServer() {
    try {
      server.close();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    EmbeddedPostgres postgres = server();
    name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    HikariDataSource admin = pool(postgres.getJdbcUrl("postgres", "postgres"), 1);
    try {
      execute(admin, "CREATE DATABASE " + name + (migrated ? " TEMPLATE " + TEMPLATE : ""));
    } finally {
      admin.close();
    }
    database = Database.of(pool(postgres.getJdbcUrl("postgres", name), 10));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (database != null) {
      database.close();
    }
    HikariDataSource admin = pool(server().getJdbcUrl("postgres", "postgres"), 1);
    try {
      execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } finally {
      admin.close();
    }
  }

  static HikariDataSource pool(String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    return new HikariDataSource(config);
  }

  private static void execute(HikariDataSource dataSource, String sql) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException failure) {
      throw new IllegalStateException(sql + ": " + failure.getMessage(), failure);
    }
  }
}
