package dev.reissued.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reissued.db.Jdbc;
import dev.reissued.db.Migrations;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.schedule.Duty;
import dev.reissued.testing.ProcessFixture;
import dev.reissued.testing.ReissuedProcess;
import dev.reissued.testing.TestConfigs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * The experiments of issue 10, rerunnable: due free certificates, an SSL API that answers late and
 * loses answers, and {@code reissued run} as a real daemon process that is killed, or whose
 * PostgreSQL is stopped under it, until every certificate is re-issued and delivered. The sandbox's
 * counts are the truth about what was sent: the harness fails (exit 1) on any ReplaceCertificate
 * that reached the API after one for the same certificate had been accepted, and on any certificate
 * that does not end with one {@code succeeded} ledger row naming the certificate the API issued,
 * delivered.
 *
 * <ul>
 *   <li>{@code crash-loop}: 200 certificates; answers 0-3 s late and 30% of accepted re-issues'
 *       answers lost; the daemon killed with SIGKILL ten times, each 4-16 s after it was started,
 *       and started again at once; then left running, answers no longer lost. With {@code
 *       -Dbench.killFrom=pass} each kill comes that long after the daemon's renew pass sent its
 *       first request instead, so that every kill lands in a pass with requests in flight.
 *   <li>{@code db-restart}: 150 certificates, the same API; once a share of the re-issues (20-50%)
 *       has reached the API, {@code pg_ctl stop -m immediate}, and PostgreSQL started again 3-8 s
 *       later on the same data; the daemon keeps running (started again only if it exits).
 * </ul>
 *
 * <p>The API is the in-process sandbox behind {@link LatencyProxy}, limited to 10 requests a second
 * per account (RequestLimitExceeded above); the account is configured for 10 a second, connect and
 * read timeouts 1 s and 5 s (so a 3 s answer is read, and the settling period is 21 s); the
 * schedule renews every 10 s, reconciles every 5 s and tracks every 5 s. Every random choice comes
 * from one seed, printed first. Daemon logs, the sandbox's log and any failure's trail stay in
 * {@code target/chaos/SCENARIO-SEED/}.
 *
 * <pre>
 * mvn -B -Pbench test-compile exec:java -Dexec.mainClass=dev.reissued.bench.ChaosBenchmark
 *     -Dbench.scenario=crash-loop|db-restart [-Dbench.seed=N] [-Dbench.count=200]
 *     [-Dbench.csrType=Upload] [-Dbench.lostRate=0.3] [-Dbench.maxLatencyMillis=3000]
 *     [-Dbench.kills=10] [-Dbench.killSeconds=4-16] [-Dbench.killFrom=start|pass]
 *     [-Dbench.outageSeconds=3-8] [-Dbench.timeoutMinutes=20]
 *     [-Dbench.stallMinutes=5]
 * </pre>
 */
public final class ChaosBenchmark {
  private static final String ACCOUNT = "main";
  private static final int API_REQUESTS_PER_SECOND = 10;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);
  private static final Duration FIRST_SEND_TIMEOUT = Duration.ofSeconds(60);
  private static final String SCHEDULE =
      "schedule: { renew: \"*/10 * * * * ?\", reconcile: \"*/5 * * * * ?\","
          + " track: \"*/5 * * * * ?\" }";
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final Settings settings;
  private final Path work;
  private final Path logs;
  private final PrintStream out;
  private final Random random;
  private final String classPath = BenchSupport.classPath();
  private final List<ReissuedProcess> daemons = new ArrayList<>();
  private final List<SandboxCertificate> inventory;
  private EmbeddedPostgres postgres;
  private HikariDataSource pool;
  private Jdbc jdbc;
  private Sandbox sandbox;
  private LatencyProxy proxy;
  private Path config;
  private long startNanos;
  private int killsMidPass;
  private double succeededSeconds;

  private ChaosBenchmark(Settings settings, Path work, Path logs, PrintStream out) {
    this.settings = settings;
    this.work = work;
    this.logs = logs;
    this.out = out;
    this.random = new Random(settings.seed());
    this.inventory = ProcessFixture.dueFreeCertificates("Chaos", settings.count());
  }

  public static void main(String[] args) throws IOException {
    BenchSupport.quietLogs();
    Settings settings = Settings.fromSystemProperties();
    Path logs = Path.of("target", "chaos", settings.scenario().label + "-" + settings.seed());
    BenchSupport.deleteRecursively(logs);
    Files.createDirectories(logs);
    Path work = Files.createTempDirectory("reissued-chaos");
    int status;
    try {
      status = new ChaosBenchmark(settings, work, logs, System.out).run();
    } finally {
      BenchSupport.deleteRecursively(work);
    }
    System.out.flush();
    System.exit(status);
  }

  /** The scenarios of issue 10, with their default number of certificates. */
  private enum Scenario {
    CRASH_LOOP("crash-loop", 200),
    DB_RESTART("db-restart", 150);

    final String label;
    final int defaultCount;

    Scenario(String label, int defaultCount) {
      this.label = label;
      this.defaultCount = defaultCount;
    }

    static Scenario parse(String text) {
      return Arrays.stream(values())
          .filter(scenario -> scenario.label.equals(text))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "bench.scenario: '" + text + "' is neither crash-loop nor db-restart"));
    }
  }

  /** What to run, from {@code -Dbench.*}. */
  private record Settings(
      Scenario scenario,
      long seed,
      int count,
      String csrType,
      double lostRate,
      int maxLatencyMillis,
      int kills,
      int killFromMillis,
      int killToMillis,
      boolean killFromPass,
      int outageFromMillis,
      int outageToMillis,
      Duration timeout,
      Duration stall) {
    static Settings fromSystemProperties() {
      Scenario scenario = Scenario.parse(System.getProperty("bench.scenario", "crash-loop"));
      long seed = Long.getLong("bench.seed", new SecureRandom().nextInt(1_000_000));
      String[] killWindow = System.getProperty("bench.killSeconds", "4-16").split("-", 2);
      String[] outage = System.getProperty("bench.outageSeconds", "3-8").split("-", 2);
      return new Settings(
          scenario,
          seed,
          Integer.getInteger("bench.count", scenario.defaultCount),
          System.getProperty("bench.csrType", "Upload"),
          Double.parseDouble(System.getProperty("bench.lostRate", "0.3")),
          Integer.getInteger("bench.maxLatencyMillis", 3000),
          Integer.getInteger("bench.kills", 10),
          millis(killWindow[0]),
          millis(killWindow[1]),
          switch (System.getProperty("bench.killFrom", "start")) {
            case "start" -> false;
            case "pass" -> true;
            default ->
                throw new IllegalArgumentException(
                    "bench.killFrom: '"
                        + System.getProperty("bench.killFrom")
                        + "' is neither start nor pass");
          },
          millis(outage[0]),
          millis(outage[1]),
          Duration.ofMinutes(Integer.getInteger("bench.timeoutMinutes", 20)),
          Duration.ofMinutes(Integer.getInteger("bench.stallMinutes", 5)));
    }

    private static int millis(String seconds) {
      return (int) (Double.parseDouble(seconds.strip()) * 1000);
    }
  }

  private int run() throws IOException {
    int port = BenchSupport.freePort();
    Path dataDirectory = work.resolve("pgdata");
    out.printf(
        Locale.ROOT,
        "reissued chaos benchmark: %s, seed %d (again: -Dbench.scenario=%s -Dbench.seed=%d)%n"
            + "%s, %s%n"
            + "%d due free certificates, csrType %s; API: %d requests/s per account"
            + " (RequestLimitExceeded above), every answer 0-%d ms late, %.0f%% of accepted"
            + " ReplaceCertificate answers lost; account: %d requests/s, timeouts connect %d s,"
            + " read %d s; renew every 10 s, reconcile every 5 s, track every 5 s%n"
            + "%s%n"
            + "logs: %s%n%n",
        settings.scenario().label,
        settings.seed(),
        settings.scenario().label,
        settings.seed(),
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        BenchSupport.machine(),
        settings.count(),
        settings.csrType(),
        API_REQUESTS_PER_SECOND,
        settings.maxLatencyMillis(),
        100 * settings.lostRate(),
        API_REQUESTS_PER_SECOND,
        CONNECT_TIMEOUT.toSeconds(),
        READ_TIMEOUT.toSeconds(),
        switch (settings.scenario()) {
          case CRASH_LOOP ->
              String.format(
                  Locale.ROOT,
                  "the daemon killed (SIGKILL) %d times, each %.0f-%.0f s after %s, and started"
                      + " again at once; then left running, answers no longer lost",
                  settings.kills(),
                  settings.killFromMillis() / 1000.0,
                  settings.killToMillis() / 1000.0,
                  settings.killFromPass()
                      ? "its renew pass sent its first request"
                      : "it was started");
          case DB_RESTART ->
              String.format(
                  Locale.ROOT,
                  "PostgreSQL stopped at once (pg_ctl stop -m immediate) once 20-50%% of the"
                      + " certificates' requests reached the API, started again %.0f-%.0f s later;"
                      + " the daemon keeps running",
                  settings.outageFromMillis() / 1000.0,
                  settings.outageToMillis() / 1000.0);
        },
        logs.toAbsolutePath());
    out.flush();
    postgres = BenchSupport.startPostgres(dataDirectory, port);
    try {
      String jdbcUrl = BenchSupport.createDatabase(postgres, "chaos");
      pool = pool(jdbcUrl);
      jdbc = new Jdbc(pool);
      Migrations.migrate(pool);
      logSandboxTo(logs.resolve("sandbox.log"));
      sandbox =
          Sandbox.start(
              SandboxOptions.defaults()
                  .withRateLimit(API_REQUESTS_PER_SECOND)
                  .withSeed(settings.seed())
                  .withInventory(inventory));
      sandbox.setLostAnswerRate(settings.lostRate());
      Random latency = new Random(settings.seed() + 1);
      proxy =
          new LatencyProxy(
              sandbox.endpoint(),
              () -> {
                synchronized (latency) {
                  return latency.nextInt(settings.maxLatencyMillis() + 1);
                }
              });
      config =
          TestConfigs.write(
              work,
              jdbcUrl,
              proxy.endpoint(),
              CONNECT_TIMEOUT,
              READ_TIMEOUT,
              API_REQUESTS_PER_SECOND,
              "renewal: { renewBefore: 30d, csrType: "
                  + settings.csrType()
                  + " }\n"
                  + SCHEDULE
                  + "\noutput: { dir: "
                  + work.resolve("certs")
                  + " }\n");
      startNanos = System.nanoTime();
      ReissuedProcess daemon =
          switch (settings.scenario()) {
            case CRASH_LOOP -> crashLoop();
            case DB_RESTART -> databaseRestart(dataDirectory, port);
          };
      return finish(daemon);
    } finally {
      daemons.forEach(ReissuedProcess::close);
      if (proxy != null) {
        proxy.close();
      }
      if (sandbox != null) {
        sandbox.close();
      }
      if (pool != null) {
        pool.close();
      }
      closeQuietly(postgres);
    }
  }

  /**
   * Ten SIGKILLs, each 4-16 s (at random) after the daemon was started, or with {@code
   * -Dbench.killFrom=pass} after its renew pass sent its first request, and each time started again
   * at once; answers no longer lost from the last start on.
   */
  private ReissuedProcess crashLoop() {
    ReissuedProcess daemon = startDaemon();
    long startedAt = System.nanoTime();
    for (int kill = 1; kill <= settings.kills(); kill++) {
      long after =
          TimeUnit.MILLISECONDS.toNanos(
              settings.killFromMillis()
                  + random.nextInt(settings.killToMillis() - settings.killFromMillis() + 1));
      long from = startedAt;
      if (settings.killFromPass()) {
        from = awaitFirstSend(daemon);
      }
      sleepUntil(from + after, daemon);
      boolean running = daemon.printed("reissued is running");
      String atTheKill = snapshot();
      long inFlight = inFlight(daemon);
      daemon.kill();
      if (inFlight > 0) {
        killsMidPass++;
      }
      event(
          "kill %d: %s after %.1f s%s%s, %d of its rows in flight; %s",
          kill,
          daemon.name(),
          BenchSupport.seconds(startedAt, System.nanoTime()),
          running ? "" : " (still starting)",
          settings.killFromPass()
              ? String.format(
                  Locale.ROOT,
                  " (%.1f s after its first request)",
                  BenchSupport.seconds(from, System.nanoTime()))
              : "",
          inFlight,
          atTheKill);
      if (kill == settings.kills()) {
        sandbox.setLostAnswerRate(0);
        event("answers no longer lost");
      }
      daemon = startDaemon();
      startedAt = System.nanoTime();
    }
    return daemon;
  }

  /**
   * Stops PostgreSQL at once when 20-50% of the certificates' requests have reached the API, and
   * starts it again 3-8 s ({@code -Dbench.outageSeconds}) later.
   */
  private ReissuedProcess databaseRestart(Path dataDirectory, int port) {
    ReissuedProcess daemon = startDaemon();
    int threshold = settings.count() * (20 + random.nextInt(31)) / 100;
    long outageMillis =
        settings.outageFromMillis()
            + random.nextInt(settings.outageToMillis() - settings.outageFromMillis() + 1);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (receivedTotal() < threshold) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "the API received fewer than " + threshold + " re-issues in 5 minutes");
      }
      daemon = keepRunning(daemon);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    String before = snapshot();
    long stoppedAt = System.nanoTime();
    BenchSupport.stopImmediately(postgres, dataDirectory);
    event("PostgreSQL stopped (pg_ctl stop -m immediate); before: %s", before);
    sleepUntil(stoppedAt + TimeUnit.MILLISECONDS.toNanos(outageMillis), null);
    postgres = BenchSupport.startPostgres(dataDirectory, port);
    pool.getHikariPoolMXBean().softEvictConnections();
    event(
        "PostgreSQL answering again %.1f s after the stop; %s",
        BenchSupport.seconds(stoppedAt, System.nanoTime()), snapshot());
    return daemon;
  }

  /** Waits until done, then for one more renew pass, then stops the daemon and judges. */
  private int finish(ReissuedProcess daemon) {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
    Progress last = null;
    long lastChange = System.nanoTime();
    Progress progress;
    while (true) {
      daemon = keepRunning(daemon);
      progress = progress();
      if (progress != null && progress.done(settings.count())) {
        break;
      }
      if (progress != null && progress.succeeded() == settings.count() && succeededSeconds == 0) {
        succeededSeconds = BenchSupport.seconds(startNanos, System.nanoTime());
        event("every certificate succeeded; %s", progress);
      }
      if (progress != null && !progress.equals(last)) {
        last = progress;
        lastChange = System.nanoTime();
      }
      if (System.nanoTime() - nextProgress > 0) {
        event("%s", progress == null ? "database not answering" : progress);
        nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
      }
      if (System.nanoTime() - deadline > 0
          || System.nanoTime() - lastChange > settings.stall().toNanos()) {
        event(
            "giving up: %s",
            System.nanoTime() - deadline > 0
                ? "not done within " + settings.timeout().toMinutes() + " minutes"
                : "nothing changed for " + settings.stall().toMinutes() + " minutes");
        break;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    double wallSeconds = BenchSupport.seconds(startNanos, System.nanoTime());
    event("%s", progress == null ? "database not answering" : progress);
    Instant settled = Instant.now();
    // A renew pass that starts after everything succeeded must find nothing due and send nothing.
    awaitQuietly(Duration.ofSeconds(60), () -> renewLastFiredAt().isAfter(settled.plusSeconds(10)));
    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
    daemon.terminate();
    int exit;
    try {
      exit = daemon.awaitExit(STOP_TIMEOUT);
    } catch (AssertionError stuck) {
      exit = -1;
    }
    event("%s stopped with SIGTERM: exit %d", daemon.name(), exit);
    return judge(wallSeconds);
  }

  private ReissuedProcess startDaemon() {
    String name = String.format(Locale.ROOT, "daemon-%02d", daemons.size() + 1);
    ReissuedProcess daemon =
        ReissuedProcess.start(
            name,
            work,
            logs.resolve(name + ".log"),
            classPath,
            List.of("run", "--config", config.toString()));
    daemons.add(daemon);
    event("%s started (pid %d)", name, daemon.pid());
    return daemon;
  }

  /** As systemd's Restart=on-failure would: a daemon that exited by itself is started again. */
  private ReissuedProcess keepRunning(ReissuedProcess daemon) {
    if (daemon.isAlive()) {
      return daemon;
    }
    event(
        "%s exited by itself (%s)",
        daemon.name(), daemon.describe().lines().findFirst().orElse(""));
    return startDaemon();
  }

  private void sleepUntil(long nanoTime, ReissuedProcess daemon) {
    while (System.nanoTime() - nanoTime < 0) {
      if (daemon != null && !daemon.isAlive()) {
        event("%s exited by itself before it was killed", daemon.name());
        return;
      }
      LockSupport.parkNanos(Math.min(nanoTime - System.nanoTime(), 100_000_000L));
    }
  }

  private void event(String format, Object... arguments) {
    out.printf(
        Locale.ROOT,
        "%7.1f s  %s  %s%n",
        BenchSupport.seconds(startNanos == 0 ? System.nanoTime() : startNanos, System.nanoTime()),
        CLOCK.format(Instant.now()),
        String.format(Locale.ROOT, format, arguments));
    out.flush();
  }

  private int receivedTotal() {
    return inventory.stream().mapToInt(c -> sandbox.replaceRequestsReceived(c.id())).sum();
  }

  /**
   * Waits until the daemon's renew pass has sent a request (a row it claimed has {@code sent_at}),
   * and answers when that was seen; after {@link #FIRST_SEND_TIMEOUT} without one (nothing left
   * due, or its renew job never ran) it answers now, so that the loop goes on.
   */
  private long awaitFirstSend(ReissuedProcess daemon) {
    long deadline = System.nanoTime() + FIRST_SEND_TIMEOUT.toNanos();
    while (System.nanoTime() - deadline < 0 && daemon.isAlive()) {
      try {
        boolean sent =
            jdbc.queryOne(
                    "SELECT count(*) > 0 FROM reissue WHERE claimed_by LIKE ? AND sent_at IS NOT NULL",
                    row -> row.getBoolean(1),
                    "%/" + daemon.pid())
                .orElse(false);
        if (sent) {
          return System.nanoTime();
        }
      } catch (RuntimeException down) {
        // asked again below
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    event(
        "%s sent nothing within %d s; killed on the clock alone",
        daemon.name(), FIRST_SEND_TIMEOUT.toSeconds());
    return System.nanoTime();
  }

  /** Rows the daemon claimed that are still {@code requested}: its pass is under way. */
  private long inFlight(ReissuedProcess daemon) {
    try {
      return jdbc.queryOne(
              "SELECT count(*) FROM reissue WHERE state = 'requested' AND claimed_by LIKE ?",
              row -> row.getLong(1),
              "%/" + daemon.pid())
          .orElse(0L);
    } catch (RuntimeException down) {
      return -1;
    }
  }

  /** What the API received and what the ledger says, for the event lines. */
  private String snapshot() {
    String ledger;
    try {
      ledger =
          jdbc
              .query(
                  "SELECT state, count(*) FROM reissue GROUP BY state ORDER BY state",
                  row -> row.getString(1) + " " + row.getLong(2))
              .stream()
              .collect(Collectors.joining(", "));
    } catch (RuntimeException down) {
      ledger = "database not answering";
    }
    return receivedTotal()
        + " ReplaceCertificate received; ledger: "
        + (ledger.isEmpty() ? "no rows" : ledger);
  }

  /**
   * The ledger and deliveries in counts; equal when nothing moved. Issued and downloaded show
   * tracking and delivery at work: v_deliveries says delivered only once a track run has downloaded
   * everything due and then written the files.
   */
  private record Progress(
      long received,
      long succeeded,
      long issued,
      long downloaded,
      long delivered,
      long open,
      long failed,
      long rows) {
    boolean done(int certificates) {
      return succeeded == certificates && delivered == certificates && open == 0;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d ReplaceCertificate received; certificates succeeded %d, issued %d, downloaded %d,"
              + " delivered %d; ledger rows %d (%d open, %d failed)",
          received,
          succeeded,
          issued,
          downloaded,
          delivered,
          rows,
          open,
          failed);
    }
  }

  private Progress progress() {
    try {
      return jdbc.queryOne(
              """
              SELECT (SELECT count(DISTINCT certificate_id) FROM reissue WHERE state = 'succeeded'),
                     (SELECT count(DISTINCT d.old_certificate_id) FROM v_deliveries d
                       JOIN reissue r ON r.id = d.reissue_id
                       WHERE d.state = 'delivered' AND r.state = 'succeeded'
                         AND d.certificate_id = r.new_certificate_id),
                     (SELECT count(*) FROM reissue WHERE state = 'succeeded' AND issued_at IS NOT NULL),
                     (SELECT count(*) FROM delivery WHERE delivered_at IS NOT NULL),
                     (SELECT count(*) FROM reissue WHERE state IN ('requested', 'unknown')),
                     (SELECT count(*) FROM reissue WHERE state = 'failed'),
                     (SELECT count(*) FROM reissue)
              """,
              row ->
                  new Progress(
                      receivedTotal(),
                      row.getLong(1),
                      row.getLong(3),
                      row.getLong(4),
                      row.getLong(2),
                      row.getLong(5),
                      row.getLong(6),
                      row.getLong(7)))
          .orElseThrow();
    } catch (RuntimeException down) {
      return null;
    }
  }

  private Instant renewLastFiredAt() {
    try {
      return jdbc.queryOne(
              "SELECT prev_fire_time FROM qrtz_triggers WHERE trigger_name = ?",
              row -> Instant.ofEpochMilli(row.getLong(1)),
              Duty.RENEW.jobName(ACCOUNT))
          .orElse(Instant.EPOCH);
    } catch (RuntimeException down) {
      return Instant.EPOCH;
    }
  }

  /** One certificate as the API and the ledger see it at the end. */
  private record Verdict(
      String certificateId,
      int received,
      int accepted,
      int second,
      String replacedFor,
      List<String> succeededWith,
      String deliveredAs,
      String deliveryState) {
    boolean hasApiId() {
      return replacedFor != null
          && succeededWith.size() == 1
          && succeededWith.get(0).equals(replacedFor);
    }

    boolean delivered() {
      return hasApiId() && "delivered".equals(deliveryState) && replacedFor.equals(deliveredAs);
    }

    boolean ok() {
      return second == 0 && accepted == 1 && delivered();
    }

    String problem() {
      List<String> problems = new ArrayList<>();
      if (second > 0) {
        problems.add(second + " ReplaceCertificate after the accepted one");
      }
      if (accepted != 1) {
        problems.add(accepted + " accepted");
      }
      if (succeededWith.isEmpty()) {
        problems.add("no succeeded ledger row");
      } else if (!hasApiId()) {
        problems.add("ledger says " + succeededWith + ", the API " + replacedFor);
      }
      if (!delivered()) {
        problems.add("delivery " + deliveryState + " as " + deliveredAs);
      }
      return certificateId + ": " + String.join("; ", problems);
    }
  }

  private int judge(double wallSeconds) {
    Map<String, List<String>> succeeded = new LinkedHashMap<>();
    jdbc.query(
            "SELECT certificate_id, new_certificate_id FROM reissue WHERE state = 'succeeded'",
            row -> new String[] {row.getString(1), row.getString(2)})
        .forEach(pair -> succeeded.computeIfAbsent(pair[0], key -> new ArrayList<>()).add(pair[1]));
    Map<String, String[]> deliveries = new LinkedHashMap<>();
    jdbc.query(
            "SELECT d.old_certificate_id, d.certificate_id, d.state FROM v_deliveries d"
                + " JOIN reissue r ON r.id = d.reissue_id WHERE r.state = 'succeeded'",
            row -> new String[] {row.getString(1), row.getString(2), row.getString(3)})
        .forEach(row -> deliveries.put(row[0], row));
    List<Verdict> verdicts = new ArrayList<>();
    for (SandboxCertificate certificate : inventory) {
      String id = certificate.id();
      String[] delivery = deliveries.get(id);
      verdicts.add(
          new Verdict(
              id,
              sandbox.replaceRequestsReceived(id),
              sandbox.replaceRequestsAccepted(id),
              sandbox.replaceRequestsReceivedAfterAccepted(id),
              sandbox.certificate(id).map(SandboxCertificate::replacedFor).orElse(null),
              succeeded.getOrDefault(id, List.of()),
              delivery == null ? null : delivery[1],
              delivery == null ? "none" : delivery[2]));
    }
    long rowsSucceeded =
        jdbc.queryOne(
                "SELECT count(*) FROM reissue WHERE state = 'succeeded'", row -> row.getLong(1))
            .orElseThrow();
    out.println();
    out.printf(
        Locale.ROOT,
        "%-11s %12s %8s %8s %6s %6s %9s %9s %7s %7s%n",
        "scenario",
        "certificates",
        "received",
        "accepted",
        "second",
        "api id",
        "succeeded",
        "delivered",
        "limited",
        "wall s");
    out.println("-".repeat(94));
    out.printf(
        Locale.ROOT,
        "%-11s %12d %8d %8d %6d %6d %9d %9d %7d %7.1f%n",
        settings.scenario().label,
        settings.count(),
        verdicts.stream().mapToInt(Verdict::received).sum(),
        verdicts.stream().mapToInt(Verdict::accepted).sum(),
        verdicts.stream().mapToInt(Verdict::second).sum(),
        verdicts.stream().filter(Verdict::hasApiId).count(),
        rowsSucceeded,
        verdicts.stream().filter(Verdict::delivered).count(),
        proxy.rateLimited(),
        wallSeconds);
    out.println();
    out.println(
        "received/accepted: ReplaceCertificate requests the API received / that reached its"
            + " re-issue rules; second: received after one for the same certificate had been"
            + " accepted (summed); api id: certificates whose one succeeded row names the"
            + " certificate the API shows in ReplacedFor; succeeded: ledger rows succeeded;"
            + " delivered: certificates delivered (v_deliveries) as the API's id; limited:"
            + " RequestLimitExceeded answers, any action; wall: first start to all delivered.");
    out.printf(
        Locale.ROOT,
        "every certificate succeeded after %.1f s, delivered after %.1f s%n",
        succeededSeconds == 0 ? wallSeconds : succeededSeconds,
        wallSeconds);
    out.println("ledger rows: " + ledgerSummary() + " (every row: " + dumpLedger() + ")");
    out.println(
        "daemons started: "
            + daemons.size()
            + (settings.scenario() == Scenario.CRASH_LOOP
                ? "; kills with rows of the killed daemon in flight: "
                    + killsMidPass
                    + " of "
                    + settings.kills()
                : ""));
    List<Verdict> failed = verdicts.stream().filter(verdict -> !verdict.ok()).toList();
    if (failed.isEmpty()) {
      out.println(
          "OK: no second request, every certificate succeeded and delivered as the API's id");
      return 0;
    }
    out.println("FAILED: " + failed.size() + " certificates");
    failed.forEach(verdict -> out.println("  " + verdict.problem()));
    Path trails = logs.resolve("trails.txt");
    String text = failed.stream().map(this::trail).collect(Collectors.joining("\n"));
    try {
      Files.writeString(trails, text);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
    out.println();
    out.println(failed.stream().limit(3).map(this::trail).collect(Collectors.joining("\n")));
    out.println("every trail: " + trails.toAbsolutePath());
    return 1;
  }

  /** Every ledger row with its delivery, tab-separated, into the logs directory. */
  private Path dumpLedger() {
    Path file = logs.resolve("ledger.tsv");
    List<String> lines = new ArrayList<>();
    lines.add(
        "id\tcertificate_id\tstate\tattempt\trequested_at\tsent_at\tfinished_at\terror_code"
            + "\tnew_certificate_id\tsettled_by\tclaimed_by\tdelivery\tnote");
    lines.addAll(
        jdbc.query(
            """
            SELECT r.id, r.certificate_id, r.state, r.attempt, r.requested_at, r.sent_at,
                   r.finished_at, r.error_code, r.new_certificate_id, r.settled_by, r.claimed_by,
                   d.state AS delivery, r.note
            FROM reissue r LEFT JOIN v_deliveries d ON d.reissue_id = r.id ORDER BY r.id
            """,
            row ->
                String.join(
                    "\t",
                    String.valueOf(row.getLong("id")),
                    row.getString("certificate_id"),
                    row.getString("state"),
                    String.valueOf(row.getInt("attempt")),
                    time(Jdbc.instant(row, "requested_at")),
                    time(Jdbc.instant(row, "sent_at")),
                    time(Jdbc.instant(row, "finished_at")),
                    String.valueOf(row.getString("error_code")),
                    String.valueOf(row.getString("new_certificate_id")),
                    String.valueOf(row.getString("settled_by")),
                    String.valueOf(row.getString("claimed_by")),
                    String.valueOf(row.getString("delivery")),
                    String.valueOf(row.getString("note")))));
    try {
      Files.write(file, lines);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
    return file.toAbsolutePath();
  }

  private String ledgerSummary() {
    String states =
        jdbc
            .query(
                "SELECT state || coalesce(' ' || error_code, '') || coalesce(' by ' || settled_by, ''),"
                    + " count(*) FROM reissue GROUP BY 1 ORDER BY 1",
                row -> row.getString(1) + ": " + row.getLong(2))
            .stream()
            .collect(Collectors.joining(", "));
    long recovered =
        jdbc.queryOne(
                "SELECT count(*) FROM reissue WHERE note LIKE 'recovered:%'", row -> row.getLong(1))
            .orElse(0L);
    return states + "; recovered from failed: " + recovered;
  }

  /**
   * One failed certificate's story: what the API counted, its ledger rows and delivery, and every
   * line of the daemons' and the sandbox's logs that names it or one of its rows.
   */
  private String trail(Verdict verdict) {
    StringBuilder text = new StringBuilder();
    text.append("=== ")
        .append(verdict.problem())
        .append("\nAPI: received ")
        .append(verdict.received())
        .append(", accepted ")
        .append(verdict.accepted())
        .append(", after accepted ")
        .append(verdict.second())
        .append(", ReplacedFor ")
        .append(verdict.replacedFor())
        .append("\nledger rows (v_reissues):\n");
    List<Long> rowIds = new ArrayList<>();
    jdbc.query(
            """
            SELECT v.id, v.state, v.attempt, v.requested_at, v.sent_at, v.finished_at,
                   v.error_code, v.new_certificate_id, v.settled_by, r.claimed_by,
                   v.error_message, v.note
            FROM v_reissues v JOIN reissue r ON r.id = v.id
            WHERE v.certificate_id = ? ORDER BY v.id
            """,
            row -> {
              rowIds.add(row.getLong("id"));
              return String.format(
                  Locale.ROOT,
                  "  row %d %s attempt %d requested %s sent %s finished %s code %s new %s settled"
                      + " by %s claimed by %s: %s%s",
                  row.getLong("id"),
                  row.getString("state"),
                  row.getInt("attempt"),
                  time(Jdbc.instant(row, "requested_at")),
                  time(Jdbc.instant(row, "sent_at")),
                  time(Jdbc.instant(row, "finished_at")),
                  row.getString("error_code"),
                  row.getString("new_certificate_id"),
                  row.getString("settled_by"),
                  row.getString("claimed_by"),
                  row.getString("error_message"),
                  row.getString("note") == null ? "" : " (" + row.getString("note") + ")");
            },
            verdict.certificateId())
        .forEach(line -> text.append(line).append('\n'));
    jdbc.query(
            "SELECT reissue_id, certificate_id, state, attempts, last_error FROM v_deliveries"
                + " WHERE old_certificate_id = ?",
            row ->
                "  delivery of row "
                    + row.getLong(1)
                    + ": "
                    + row.getString(2)
                    + " "
                    + row.getString(3)
                    + ", attempts "
                    + row.getInt(4)
                    + ", last error "
                    + row.getString(5),
            verdict.certificateId())
        .forEach(line -> text.append(line).append('\n'));
    text.append("log lines:\n");
    List<String> needles = new ArrayList<>(List.of(verdict.certificateId()));
    for (Long id : rowIds) {
      needles.addAll(
          List.of(
              "row " + id + "]",
              "row " + id + ",",
              "row " + id + " ",
              "re-issue " + id + " ",
              "re-issue row " + id + " ",
              "ledger row " + id + " "));
    }
    Stream.concat(
            daemons.stream().map(d -> logs.resolve(d.name() + ".log")),
            Stream.of(logs.resolve("sandbox.log")))
        .forEach(
            file -> {
              try (Stream<String> lines = Files.lines(file)) {
                lines
                    .filter(line -> needles.stream().anyMatch(line::contains))
                    .forEach(
                        line ->
                            text.append("  ")
                                .append(file.getFileName())
                                .append(": ")
                                .append(line)
                                .append('\n'));
              } catch (IOException | UncheckedIOException unreadable) {
                text.append("  (cannot read ").append(file).append(")\n");
              }
            });
    return text.toString();
  }

  private static String time(Instant instant) {
    return instant == null ? "-" : CLOCK.format(instant);
  }

  private static void awaitQuietly(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  /** The sandbox's own account of each re-issue and lost answer, beside the daemons' logs. */
  private static void logSandboxTo(Path file) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setFile(file.toString());
    appender.setEncoder(encoder);
    appender.start();
    ch.qos.logback.classic.Logger logger = context.getLogger("dev.reissued.sandbox");
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(appender);
  }

  private static HikariDataSource pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(3_000);
    return new HikariDataSource(config);
  }

  private static void closeQuietly(EmbeddedPostgres server) {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException ignored) {
      // the harness is ending anyway
    }
  }
}
