package dev.reissued.bench;

import ch.qos.logback.classic.Level;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
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

  /**
   * The same on a data directory and port of the caller's choosing, kept when the server stops, so
   * that a harness can stop it under its clients and start it again where they expect it.
   */
  static EmbeddedPostgres startPostgres(Path dataDirectory, int port) {
    try {
      return EmbeddedPostgres.builder()
          .setServerConfig("synchronous_commit", "on")
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setPort(port)
          .start();
    } catch (IOException failure) {
      throw new UncheckedIOException(
          "cannot start embedded PostgreSQL on " + dataDirectory + ", port " + port, failure);
    }
  }

  /**
   * {@code pg_ctl stop -m immediate}: the server quits at once without a checkpoint, as in a crash,
   * and recovers from its WAL at the next start. pg_ctl is the one beside the running server's
   * binary, found through the process id in {@code postmaster.pid}. Then {@code server} is closed,
   * only to release the lock it holds on the data directory (its own stop finds nothing to stop),
   * so that a new server can start there.
   */
  static void stopImmediately(EmbeddedPostgres server, Path dataDirectory) {
    try {
      long pid =
          Long.parseLong(
              Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
      Path postgres =
          Path.of(
              ProcessHandle.of(pid)
                  .flatMap(process -> process.info().command())
                  .orElseThrow(() -> new IllegalStateException("no PostgreSQL server " + pid)));
      List<String> command = new ArrayList<>();
      if (LinuxUtils.isUnshareAvailable()) {
        // As zonky runs every PostgreSQL command when it runs as root: pg_ctl refuses root.
        command.addAll(List.of("unshare", "-U"));
      }
      command.addAll(
          List.of(
              postgres.resolveSibling("pg_ctl").toString(),
              "-D",
              dataDirectory.toString(),
              "stop",
              "-m",
              "immediate",
              "-w"));
      Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(pgCtl.getInputStream().readAllBytes());
      if (pgCtl.waitFor() != 0) {
        throw new IllegalStateException("pg_ctl stop -m immediate failed: " + output);
      }
      ch.qos.logback.classic.Logger zonky =
          (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.zonky");
      Level level = zonky.getLevel();
      zonky.setLevel(Level.OFF);
      try {
        server.close();
      } finally {
        zonky.setLevel(level);
      }
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot stop PostgreSQL in " + dataDirectory, failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping PostgreSQL", interrupted);
    }
  }

  /**
   * The project's class path: {@code exec:java} runs a harness inside Maven's JVM, whose {@code
   * java.class.path} is Maven's own, and loads the project through a URLClassLoader.
   */
  static String classPath() {
    if (BenchSupport.class.getClassLoader() instanceof URLClassLoader loader) {
      return Arrays.stream(loader.getURLs())
          .map(url -> Path.of(URI.create(url.toString())).toString())
          .collect(Collectors.joining(File.pathSeparator));
    }
    return System.getProperty("java.class.path");
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
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
