package dev.reissued.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies db/migration (packed into the jar) with Flyway; safe to run any number of times. */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  /** PostgreSQL's SQLSTATE for a relation that does not exist. */
  private static final String UNDEFINED_TABLE = "42P01";

  private Migrations() {}

  /** Migrates and returns how many migrations this call applied (0 when already current). */
  public static int migrate(DataSource dataSource) {
    try {
      MigrateResult result = flyway(dataSource).migrate();
      if (result.migrationsExecuted > 0) {
        log.info(
            "database schema migrated to version {} ({} migrations applied)",
            result.targetSchemaVersion,
            result.migrationsExecuted);
      } else {
        log.debug("database schema is current");
      }
      return result.migrationsExecuted;
    } catch (FlywayException failure) {
      throw new DatabaseException("database migration failed: " + failure.getMessage(), failure);
    }
  }

  /**
   * The highest version in db/migration, the schema this build reads. Kept by hand, checked by
   * MigrationsTest against the files: knowing it needs no scan of the jar.
   */
  public static final int LATEST_VERSION = 15;

  /**
   * Fails, saying what to do, unless the schema is at least what this version of reissued expects:
   * commands that only read never migrate (they may run as a role that cannot), so an older schema
   * is an error to fix with {@code reissued migrate}, not a surprise half-way. One query on
   * Flyway's history table instead of asking Flyway, whose scan of the jar and some 200 classes
   * were a third of a read-only command's time to its first line.
   */
  public static void requireCurrent(DataSource dataSource) {
    int current;
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
      current = 0;
      while (rows.next()) {
        current = Math.max(current, versionNumber(rows.getString(1)));
      }
    } catch (SQLException failure) {
      if (UNDEFINED_TABLE.equals(failure.getSQLState())) {
        current = 0;
      } else {
        throw new DatabaseException(
            "cannot read the schema version: " + failure.getMessage(), failure);
      }
    }
    if (current < LATEST_VERSION) {
      throw new DatabaseException(
          (current == 0
                  ? "the database has no reissued schema yet"
                  : "the database schema is at version "
                      + current
                      + ", older than this reissued's "
                      + LATEST_VERSION)
              + ": run `reissued migrate` first");
    }
  }

  /** A version as Flyway records it ("7", or "7.1" for a fix between two), by its major part. */
  private static int versionNumber(String version) {
    try {
      return Integer.parseInt(version.split("\\.", 2)[0].strip());
    } catch (NumberFormatException notOurs) {
      return 0;
    }
  }

  private static Flyway flyway(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load();
  }
}
