package dev.reissued.bench;

import ch.qos.logback.classic.Level;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/** What the benchmark harnesses share: a durable embedded PostgreSQL, quiet logs, the machine. */
final class BenchSupport {
  private BenchSupport() {}

  /**
   * An embedded PostgreSQL that commits durably, as a production server does: zonky turns {@code
   * synchronous_commit} off by default, which would flatter every figure that includes a commit.
   */
  static EmbeddedPostgres startPostgres() {
    try {
      return EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", failure);
    }
  }

  /** Creates an empty database and answers its JDBC URL. */
  static String createDatabase(EmbeddedPostgres postgres, String name) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException failure) {
      throw new IllegalStateException(
          "cannot create database " + name + ": " + failure.getMessage(), failure);
    }
    return postgres.getJdbcUrl("postgres", name);
  }

  /**
   * Logs at WARN, so that one INFO line per certificate does not bury the tables (they go to
   * stdout, logs to stderr).
   */
  static void quietLogs() {
    if (!Boolean.getBoolean("bench.verbose")) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
          .setLevel(Level.WARN);
    }
  }

  /** Other work on a shared machine skews every figure; say how busy it was. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException unknown) {
      return "unknown";
    }
  }

  static String machine() {
    return Runtime.getRuntime().availableProcessors()
        + " processors, load average "
        + loadAverage()
        + ", "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.version");
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  static double seconds(long startNanos, long endNanos) {
    return (endNanos - startNanos) / 1e9;
  }

  static void deleteRecursively(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(BenchSupport::deleteQuietly);
    } catch (IOException ignored) {
      // A temporary benchmark directory left behind is harmless.
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // as above
    }
  }
}
