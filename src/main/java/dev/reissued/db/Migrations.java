package dev.reissued.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
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
      MigrateResult result =
          Flyway.configure()
              .dataSource(dataSource)
              .locations("classpath:db/migration")
              .failOnMissingLocations(true)
              .load()
              .migrate();
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
}
