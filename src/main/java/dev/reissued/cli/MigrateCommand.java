package dev.reissued.cli;

import dev.reissued.db.Database;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "migrate", description = "Apply the database migrations (safe to repeat).")
final class MigrateCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var loaded = config.load();
    try (Database database = Database.open(loaded.database())) {
      int applied = database.migrate();
      spec.commandLine()
          .getOut()
          .println(
              applied == 0
                  ? "database schema is up to date"
                  : "applied " + applied + " migrations");
    }
    return ExitCode.OK;
  }
}
