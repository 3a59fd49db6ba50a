package dev.reissued.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies db/migration (packed into the jar) with Flyway; safe to run any number of times. */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

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
   * Fails, saying what to do, unless the schema is exactly what this version of reissued expects:
   * commands that only read never migrate (they may run as a role that cannot), so an older schema
   * is an error to fix with {@code reissued migrate}, not a surprise half-way.
   */
  public static void requireCurrent(DataSource dataSource) {
    MigrationInfoService info;
    try {
      info = flyway(dataSource).info();
    } catch (FlywayException failure) {
      throw new DatabaseException(
          "cannot read the schema version: " + failure.getMessage(), failure);
    }
    MigrationInfo[] pending = info.pending();
    if (pending.length > 0) {
      MigrationInfo current = info.current();
      throw new DatabaseException(
          (current == null
                  ? "the database has no reissued schema yet"
                  : "the database schema is at version "
                      + current.getVersion()
                      + ", older than this reissued's "
                      + pending[pending.length - 1].getVersion())
              + ": run `reissued migrate` first");
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
