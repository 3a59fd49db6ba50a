package dev.reissued.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reissued.db.Jdbc;
import dev.reissued.db.Migrations;
import dev.reissued.inventory.CertificateStatus;
import dev.reissued.inventory.Inventory;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.testing.TestConfigs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Issue 11's read path at 10,000, 100,000 and 1,000,000 certificates: inventories generated with
 * SQL over 100 accounts (60% free, 30% paid, 10% uploaded, end dates spread evenly over the next
 * 395 days, a ledger row for one certificate in 50), and for each size {@code plan}, {@code plan
 * --json}, {@code plan --due}, {@code status} and {@code status --json} run as an operator runs
 * them: a JVM of their own with {@code -Xmx256m}, stdout read through a pipe. Each figure is the
 * median of the runs: wall time, time to the first byte of output (both from exec, so they include
 * the JVM's start; {@code --help} shows what the start alone costs), the first byte after the
 * child's main method began, peak heap ({@link PeakHeap}), the most heap still live after a
 * collection (from the GC log), peak RSS. At the largest size it also times the due scan ({@link
 * Inventory#expiringBetween}) and prints its plan and that of the ledger read for the due
 * certificates, with EXPLAIN (ANALYZE, BUFFERS).
 *
 * <pre>
 * mvn -B -Pbench -DskipTests package exec:java -Dexec.mainClass=dev.reissued.bench.ScaleBenchmark
 *     [-Dbench.sizes=10000,100000,1000000] [-Dbench.runs=3] [-Dbench.heap=-Xmx256m]
 *     [-Dbench.commands="--help;plan;plan --json;plan --due;status;status --json"]
 *     [-Dbench.classPath=OTHER/target/classes]
 * </pre>
 */
public final class ScaleBenchmark {
  private static final int ACCOUNTS = 100;
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  /**
   * Certificate n: account (n / 10) % 100 (so every account holds every kind), free when n % 10 <
   * 6, uploaded when n % 10 = 9, paid otherwise; its end a fixed pseudo-random point in the next
   * 395 days, so that about 7.6% fall in the 30-day due window.
   */
  private static final String CERTIFICATES =
      "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status,"
          + " status_name, package_type, encrypt_algorithm, not_before, not_after, first_seen_at,"
          + " last_synced_at)"
          + " SELECT 'sc' || lpad(to_hex(n), 8, '0'), 'acct' || lpad(((n / 10) % 100)::text, 3, '0'),"
          + " 'host' || n || '.example.com', n % 10 < 6, n % 10 = 9, 1, 'issued',"
          + " CASE WHEN n % 10 < 6 THEN '83' WHEN n % 10 < 9 THEN '6' END, 'RSA 2048',"
          + " now() - interval '300 days',"
          + " now() + interval '1 hour' + random() * interval '395 days', now(), now()"
          + " FROM generate_series(1, ?) n";

  /**
   * One certificate in 50 has a ledger row: every other one a retryable failure from two days ago,
   * the rest a succeeded re-issue.
   */
  private static final String LEDGER =
      "INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type,"
          + " valid_type, new_certificate_id, error_code, retryable, attempt, next_attempt_at,"
          + " requested_at, sent_at, finished_at, claimed_by, settled_by)"
          + " SELECT c.certificate_id, c.account, c.certificate_id, c.is_free,"
          + " CASE WHEN n % 2 = 0 THEN 'failed' ELSE 'succeeded' END, 'Original', 'DNS_AUTO',"
          + " CASE WHEN n % 2 = 1 THEN 'new' || c.certificate_id END,"
          + " CASE WHEN n % 2 = 0 THEN 'InternalError' END, CASE WHEN n % 2 = 0 THEN true END, 1,"
          + " now() - interval '1 day', now() - interval '2 days', now() - interval '2 days',"
          + " now() - interval '2 days', 'bench/1', 'api'"
          + " FROM generate_series(1, ? / 50) n"
          + " JOIN certificate c ON c.certificate_id = 'sc' || lpad(to_hex(n * 50 - (n * 7) % 50), 8, '0')";

  /** The statement {@link Inventory#expiringBetween} runs. */
  private static final String DUE_SCAN =
      "SELECT certificate_id, account, domain, alt_names, status, status_name, source, package_type,"
          + " is_free, is_uploaded, encrypt_algorithm, not_before, not_after, replaced_by,"
          + " replaced_for, gone_at, origin_certificate_id"
          + " FROM certificate WHERE account = ? AND not_after > ? AND not_after <= ?"
          + " AND gone_at IS NULL ORDER BY not_after, certificate_id";

  /** The statement the planner's ledger read runs for the due certificates (Ledger.rowsOf). */
  private static final String LEDGER_ROWS =
      "SELECT id, certificate_id, state FROM reissue"
          + " WHERE lineage_id = ANY (?) OR certificate_id = ANY (?) ORDER BY id DESC";

  private final List<Integer> sizes;
  private final int runs;
  private final String heap;
  private final List<String> commands;
  private final PrintStream out;

  /**
   * Where the child JVM finds reissued: the runnable jar, as {@code bin/reissued} runs it (with
   * this build's test classes after it, for {@link PeakHeap} alone), so that start-up costs what it
   * costs an operator; the Maven class path of some hundred jars loads classes measurably slower.
   * {@code -Dbench.classPath} names another build instead (an earlier commit's {@code
   * target/reissued.jar} or {@code target/classes}), to measure the before and the after under the
   * same load. Without a jar (not packaged), the Maven class path, and the table says so.
   */
  private final String classPath = childClassPath();

  private static String childClassPath() {
    String other = System.getProperty("bench.classPath", "");
    if (!other.isEmpty()) {
      return other + File.pathSeparator + BenchSupport.classPath();
    }
    Path jar = Path.of("target", "reissued.jar");
    if (Files.isRegularFile(jar)) {
      return jar.toAbsolutePath()
          + File.pathSeparator
          + Path.of("target", "test-classes").toAbsolutePath();
    }
    return BenchSupport.classPath();
  }

  private ScaleBenchmark(
      List<Integer> sizes, int runs, String heap, List<String> commands, PrintStream out) {
    this.sizes = sizes;
    this.runs = runs;
    this.heap = heap;
    this.commands = commands;
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    BenchSupport.quietLogs();
    List<Integer> sizes =
        Arrays.stream(System.getProperty("bench.sizes", "10000,100000,1000000").split(","))
            .map(size -> Integer.valueOf(size.strip()))
            .toList();
    List<String> commands =
        Arrays.stream(
                System.getProperty(
                        "bench.commands", "--help;plan;plan --json;plan --due;status;status --json")
                    .split(";"))
            .map(String::strip)
            .toList();
    new ScaleBenchmark(
            sizes,
            Integer.getInteger("bench.runs", 3),
            System.getProperty("bench.heap", "-Xmx256m"),
            commands,
            System.out)
        .run();
  }

  /** One run of one command line. */
  private record Run(
      int exitCode,
      double wallSeconds,
      double firstByteSeconds,
      double firstByteAfterMainSeconds,
      long bytes,
      long lines,
      double cpuSeconds,
      long peakHeap,
      long liveHeap,
      long peakResident) {}

  private void run() throws IOException {
    Path directory = Files.createTempDirectory("reissued-scale-");
    try (EmbeddedPostgres postgres = BenchSupport.startPostgres()) {
      String url = BenchSupport.createDatabase(postgres, "bench_scale");
      HikariConfig poolConfig = new HikariConfig();
      poolConfig.setJdbcUrl(url);
      poolConfig.setMaximumPoolSize(2);
      try (HikariDataSource pool = new HikariDataSource(poolConfig)) {
        Migrations.migrate(pool);
        Jdbc jdbc = new Jdbc(pool);
        Path config = writeConfig(directory, url);
        out.println(BenchSupport.machine());
        out.println("child JVM: " + heap + " (" + runs + " runs of each command, medians)");
        out.println(
            "child class path: "
                + (classPath.contains("reissued.jar")
                    ? "the runnable jar"
                    : "Maven's (no target/reissued.jar: run with package)")
                + (System.getProperty("bench.classPath", "").isEmpty()
                    ? ""
                    : ", after " + System.getProperty("bench.classPath")));
        for (int size : sizes) {
          generate(jdbc, size);
          out.printf(
              Locale.ROOT,
              "%n%,d certificates, %s%n",
              size,
              BenchSupport.machine().replaceFirst("^\\d+ processors, ", ""));
          out.println(
              "command                wall s first byte s  after main s       bytes      lines"
                  + "  cpu s  peak heap MB  live heap MB  peak RSS MB  exit");
          out.println("-".repeat(131));
          for (String command : commands) {
            List<Run> measured = new ArrayList<>();
            for (int index = 0; index < runs; index++) {
              measured.add(runCli(directory, config, command));
            }
            print(command, measured);
          }
          if (size == sizes.stream().mapToInt(Integer::intValue).max().orElse(size)) {
            dueScan(jdbc, size);
          }
        }
      }
    } finally {
      BenchSupport.deleteRecursively(directory);
    }
  }

  private void generate(Jdbc jdbc, int size) {
    long start = System.nanoTime();
    jdbc.update("TRUNCATE certificate CASCADE");
    jdbc.inTransaction(
        handle -> {
          handle.query("SELECT setseed(0.42)", row -> 1);
          handle.update(CERTIFICATES, size);
          return handle.update(LEDGER, size);
        });
    jdbc.update("VACUUM ANALYZE certificate");
    jdbc.update("VACUUM ANALYZE reissue");
    long ledger = jdbc.queryOne("SELECT count(*) FROM reissue", row -> row.getLong(1)).orElse(0L);
    out.printf(
        Locale.ROOT,
        "%ngenerated %,d certificates and %,d ledger rows in %.1f s%n",
        size,
        ledger,
        BenchSupport.seconds(start, System.nanoTime()));
  }

  private static Path writeConfig(Path directory, String url) throws IOException {
    TestConfigs.masterKey(directory);
    String accounts =
        IntStream.range(0, ACCOUNTS)
            .mapToObj(
                index ->
                    "  - { name: acct%03d, secretId: AKIDbench%03d, secretKey: bench-secret }"
                        .formatted(index, index))
            .collect(Collectors.joining("\n"));
    Path config = directory.resolve("reissued.yaml");
    Files.writeString(
        config,
        "database: { url: \"%s\" }\naccounts:\n%s\nkeys: { masterKeyFile: master.key }\nrenewal: { renewBefore: %dd }\n"
            .formatted(url, accounts, RENEW_BEFORE.toDays()));
    return config;
  }

  private Run runCli(Path directory, Path config, String command) {
    Path peak = directory.resolve("peak.txt");
    Path gcLog = directory.resolve("gc.log");
    Path err = directory.resolve("stderr.txt");
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    line.add(heap);
    line.add("-Xlog:gc:file=" + gcLog);
    line.add("-cp");
    line.add(classPath);
    line.add(PeakHeap.class.getName());
    line.add(peak.toString());
    line.addAll(Arrays.asList(command.split(" ")));
    if (!command.startsWith("--")) {
      line.add("-c");
      line.add(config.toString());
    }
    try {
      Files.deleteIfExists(peak);
      long start = System.nanoTime();
      Process process =
          new ProcessBuilder(line)
              .directory(directory.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      long firstByte = -1;
      long bytes = 0;
      long lines = 0;
      byte[] buffer = new byte[1 << 16];
      try (InputStream stdout = process.getInputStream()) {
        for (int read = stdout.read(buffer); read >= 0; read = stdout.read(buffer)) {
          if (firstByte < 0 && read > 0) {
            firstByte = System.nanoTime();
          }
          bytes += read;
          for (int index = 0; index < read; index++) {
            if (buffer[index] == '\n') {
              lines++;
            }
          }
        }
      }
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("reissued " + command + " did not end within " + TIMEOUT);
      }
      long end = System.nanoTime();
      if (process.exitValue() != 0) {
        out.println("  reissued " + command + " exited " + process.exitValue() + ": " + tail(err));
      }
      long[] peaks = readPeaks(peak);
      return new Run(
          process.exitValue(),
          BenchSupport.seconds(start, end),
          firstByte < 0 ? Double.NaN : BenchSupport.seconds(start, firstByte),
          firstByte < 0 || peaks[2] < 0 ? Double.NaN : BenchSupport.seconds(peaks[2], firstByte),
          bytes,
          lines,
          peaks[3] < 0 ? Double.NaN : peaks[3] / 1e9,
          peaks[0],
          liveHeap(gcLog),
          peaks[1]);
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot run reissued " + command, failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", interrupted);
    }
  }

  private static long[] readPeaks(Path peak) throws IOException {
    if (!Files.exists(peak)) {
      return new long[] {-1, -1, -1, -1};
    }
    String[] fields = Files.readString(peak).strip().split(" ");
    return new long[] {
      Long.parseLong(fields[0]),
      Long.parseLong(fields[1]),
      Long.parseLong(fields[2]),
      Long.parseLong(fields[3])
    };
  }

  /** The most heap in use just after a collection, in bytes; -1 when none ran. */
  private static long liveHeap(Path gcLog) throws IOException {
    long live = -1;
    if (Files.exists(gcLog)) {
      for (String line : Files.readAllLines(gcLog)) {
        Matcher pause = GC_PAUSE.matcher(line);
        if (pause.find()) {
          live = Math.max(live, Long.parseLong(pause.group(2)) << 20);
        }
      }
    }
    return live;
  }

  private static String tail(Path file) throws IOException {
    String text = Files.readString(file).strip();
    return text.substring(Math.max(0, text.length() - 600));
  }

  private void print(String command, List<Run> measured) {
    for (Run run : measured) {
      row("  " + command, run);
    }
    row(
        command + " (median)",
        new Run(
            measured.stream().mapToInt(Run::exitCode).max().orElse(0),
            median(measured.stream().mapToDouble(Run::wallSeconds).toArray()),
            median(measured.stream().mapToDouble(Run::firstByteSeconds).toArray()),
            median(measured.stream().mapToDouble(Run::firstByteAfterMainSeconds).toArray()),
            (long) median(measured.stream().mapToDouble(Run::bytes).toArray()),
            (long) median(measured.stream().mapToDouble(Run::lines).toArray()),
            median(measured.stream().mapToDouble(Run::cpuSeconds).toArray()),
            (long) median(measured.stream().mapToDouble(Run::peakHeap).toArray()),
            (long) median(measured.stream().mapToDouble(Run::liveHeap).toArray()),
            (long) median(measured.stream().mapToDouble(Run::peakResident).toArray())));
  }

  private static double median(double[] values) {
    return BenchSupport.median(values);
  }

  private void row(String label, Run run) {
    out.printf(
        Locale.ROOT,
        "%-22s %6.2f %12.2f %12.2f %11d %10d %6.2f %13s %13s %12s %5d%n",
        label,
        run.wallSeconds(),
        run.firstByteSeconds(),
        run.firstByteAfterMainSeconds(),
        run.bytes(),
        run.lines(),
        run.cpuSeconds(),
        megabytes(run.peakHeap()),
        megabytes(run.liveHeap()),
        megabytes(run.peakResident()),
        run.exitCode());
  }

  private static String megabytes(long bytes) {
    return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
  }

  /**
   * The due scan of the largest inventory: {@link Inventory#expiringBetween} over the 30-day window
   * for every account (median of 3 per account, then the median and the slowest account), and
   * EXPLAIN (ANALYZE, BUFFERS) of it and of the ledger read for the due certificates of one
   * account.
   */
  private void dueScan(Jdbc jdbc, int size) {
    Inventory inventory = new Inventory(jdbc);
    Instant now = Instant.now();
    Instant end = now.plus(RENEW_BEFORE);
    double[] perAccount = new double[ACCOUNTS];
    int due = 0;
    for (int index = 0; index < ACCOUNTS; index++) {
      String account = "acct%03d".formatted(index);
      double[] times = new double[3];
      for (int repeat = 0; repeat < times.length; repeat++) {
        long start = System.nanoTime();
        List<InventoryCertificate> found = inventory.expiringBetween(account, now, end);
        times[repeat] = BenchSupport.seconds(start, System.nanoTime()) * 1000;
        due = repeat == 0 ? due + found.size() : due;
      }
      perAccount[index] = median(times);
    }
    out.printf(
        Locale.ROOT,
        "%ndue scan at %,d certificates (Inventory.expiringBetween, 30-day window, from Java,"
            + " warm): %,d due in %d accounts; per account median %.2f ms, slowest %.2f ms%n",
        size,
        due,
        ACCOUNTS,
        median(perAccount),
        Arrays.stream(perAccount).max().orElse(0));
    List<String> dueIds =
        inventory.expiringBetween("acct000", now, end).stream()
            .map(InventoryCertificate::certificateId)
            .toList();
    long accountLedger =
        jdbc.queryOne(
                "SELECT count(*) FROM reissue WHERE account = 'acct000'", row -> row.getLong(1))
            .orElse(0L);
    double[] firstRow = new double[3];
    for (int repeat = 0; repeat < firstRow.length; repeat++) {
      firstRow[repeat] = firstStatusRowMillis(jdbc);
    }
    out.printf(
        Locale.ROOT,
        "status's query (CertificateStatus.forEach, from Java): first row after %.1f ms"
            + " (median of 3)%n",
        median(firstRow));
    out.println("\nEXPLAIN (ANALYZE, BUFFERS) of the due scan, account acct000:");
    explain(jdbc, DUE_SCAN, "acct000", now, end);
    out.printf(
        Locale.ROOT,
        "%nEXPLAIN (ANALYZE, BUFFERS) of the ledger read for its %d due certificates"
            + " (the account has %d ledger rows):%n",
        dueIds.size(),
        accountLedger);
    String[] ids = dueIds.toArray(String[]::new);
    explain(jdbc, LEDGER_ROWS, ids, ids);
  }

  /** How long the status query takes to hand over its first row; the rest is left unread. */
  private static double firstStatusRowMillis(Jdbc jdbc) {
    long start = System.nanoTime();
    try {
      CertificateStatus.forEach(
          jdbc,
          certificate -> {
            throw new FirstRow(System.nanoTime());
          });
    } catch (FirstRow first) {
      return (first.at - start) / 1e6;
    }
    return Double.NaN;
  }

  /** Stops {@link #firstStatusRowMillis}'s read at the first row. */
  private static final class FirstRow extends RuntimeException {
    final long at;

    FirstRow(long at) {
      super(null, null, false, false);
      this.at = at;
    }
  }

  private void explain(Jdbc jdbc, String sql, Object... parameters) {
    jdbc.query("EXPLAIN (ANALYZE, BUFFERS) " + sql, row -> row.getString(1), parameters)
        .forEach(
            line ->
                // The ledger read's plan quotes every id of its arrays: show the start of them.
                out.println("  " + (line.length() > 200 ? line.substring(0, 200) + " ..." : line)));
  }
}
