package dev.reissued.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reissued.db.Jdbc;
import dev.reissued.db.Migrations;
import dev.reissued.inventory.InventorySync;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxInventory;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.tencent.ClientSettings;
import dev.reissued.tencent.TencentClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * How long {@code reissued sync} takes for one large account, and what it writes: N synthetic
 * certificates (default 100,000) from an in-process sandbox over real HTTP into an embedded
 * PostgreSQL with durable commits. Each run empties the inventory, then measures a first sync
 * (every certificate new) and an unchanged re-sync, each through {@link InventorySync#sync}:
 *
 * <ul>
 *   <li>wall time, and its ratio to the API floor (the page count at 10 requests/second: a sync can
 *       never be faster than that against Tencent Cloud);
 *   <li>rows written to {@code certificate} (inserted + updated + deleted, from {@code
 *       pg_stat_user_tables}; the pool is closed after each sync so that its backends report their
 *       counts), of them HOT updates, and the same over every table of the schema;
 *   <li>WAL written ({@code pg_current_wal_lsn()} before and after);
 *   <li>the heap: live after GC before the sync, and the largest live heap after any GC during the
 *       sync (the sandbox's own inventory is in both; run with a small heap, e.g. {@code
 *       MAVEN_OPTS=-Xmx1g}, so that collections are frequent enough to see the peak);
 *   <li>the table's size after the sync.
 * </ul>
 *
 * <pre>
 * MAVEN_OPTS=-Xmx1g mvn -B -Pbench test-compile exec:java -Dexec.mainClass=dev.reissued.bench.SyncBenchmark
 *     [-Dbench.count=100000] [-Dbench.runs=3] [-Dbench.warmUp=false]
 * </pre>
 */
public final class SyncBenchmark {
  private static final String ACCOUNT = "bench";
  private static final double API_REQUESTS_PER_SECOND = 10;
  private static final int PAGE = 1000;

  private final int count;
  private final int runs;
  private final boolean warmUp;
  private final PrintStream out;
  private final HeapWatch heap = new HeapWatch();

  private SyncBenchmark(int count, int runs, boolean warmUp, PrintStream out) {
    this.count = count;
    this.runs = runs;
    this.warmUp = warmUp;
    this.out = out;
  }

  public static void main(String[] args) {
    BenchSupport.quietLogs();
    int count = Integer.getInteger("bench.count", 100_000);
    int runs = Integer.getInteger("bench.runs", 3);
    boolean warmUp = !"false".equals(System.getProperty("bench.warmUp"));
    new SyncBenchmark(count, runs, warmUp, System.out).run();
  }

  /** One sync's figures; for the median line each column is its own median. */
  private record Measure(
      int pages,
      double seconds,
      long certificateRows,
      long hotUpdates,
      long allRows,
      long walBytes,
      long liveBeforeBytes,
      long peakLiveBytes,
      long tableBytes) {}

  private void run() {
    Clock clock = Clock.systemUTC();
    try (EmbeddedPostgres postgres = BenchSupport.startPostgres();
        Sandbox sandbox =
            Sandbox.start(
                SandboxOptions.defaults()
                    .withInventory(SandboxInventory.synthetic(count, 1, clock)))) {
      String url = BenchSupport.createDatabase(postgres, "bench_sync");
      try (HikariDataSource observerPool = pool(url, 2);
          TencentClient client =
              TencentClient.create(
                  ClientSettings.of(ACCOUNT, sandbox.secretId(), SandboxOptions.DEFAULT_SECRET_KEY)
                      .withEndpoint(sandbox.endpoint())
                      .withRequestsPerSecond(API_REQUESTS_PER_SECOND))) {
        Migrations.migrate(observerPool);
        Jdbc observer = new Jdbc(observerPool);
        int pages = (count + PAGE - 1) / PAGE;
        double floor = pages / API_REQUESTS_PER_SECOND;
        out.printf(
            Locale.ROOT,
            "reissued sync benchmark: %d certificates, %d runs after %d warm-up; %s; max heap %d"
                + " MB%nembedded PostgreSQL with synchronous_commit=on; in-process sandbox, its"
                + " limit %d/s; client limiter %.0f requests/s%n",
            count,
            runs,
            warmUp ? 1 : 0,
            BenchSupport.machine(),
            Runtime.getRuntime().maxMemory() >> 20,
            sandbox.options().rateLimit(),
            API_REQUESTS_PER_SECOND);
        out.printf(
            Locale.ROOT,
            "API floor: %d DescribeCertificates pages (Limit %d) at %.0f requests/s = %.2f s;"
                + " x floor = wall / floor%n",
            pages,
            PAGE,
            API_REQUESTS_PER_SECOND,
            floor);
        String header =
            String.format(
                Locale.ROOT,
                "%-8s %-8s %5s %8s %7s %8s %9s %7s %9s %9s %8s %8s %8s",
                "run",
                "sync",
                "pages",
                "wall s",
                "x floor",
                "x paging",
                "cert rows",
                "HOT",
                "all rows",
                "WAL MB",
                "live MB",
                "peak MB",
                "table MB");
        out.println(header);
        out.println("-".repeat(header.length()));
        Measure[] firsts = new Measure[runs];
        Measure[] repeats = new Measure[runs];
        double[] pagings = new double[runs];
        for (int run = warmUp ? 0 : 1; run <= runs; run++) {
          observer.update("TRUNCATE certificate CASCADE");
          observer.update("VACUUM certificate");
          double paging = pagingAlone(client);
          Measure first = measure(url, observer, client, sandbox, true);
          Measure repeat = measure(url, observer, client, sandbox, false);
          String label = run == 0 ? "warm-up" : String.valueOf(run);
          print(label, "paging", null, floor, paging);
          print(label, "first", first, floor, paging);
          print(label, "re-sync", repeat, floor, paging);
          if (run > 0) {
            firsts[run - 1] = first;
            repeats[run - 1] = repeat;
            pagings[run - 1] = paging;
          }
        }
        out.println("-".repeat(header.length()));
        double paging = BenchSupport.median(pagings);
        print("median", "paging", null, floor, paging);
        print("median", "first", median(firsts), floor, paging);
        print("median", "re-sync", median(repeats), floor, paging);
        out.printf(
            Locale.ROOT,
            "%npaging: listAllCertificates alone, writing nothing (the API floor as this machine"
                + " reaches it then); x paging: wall / that run's paging; cert rows: n_tup_ins + n_tup_upd + n_tup_del of certificate (HOT: n_tup_hot_upd);"
                + " all rows: the same over every table in the schema; live MB: heap after GC"
                + " before the sync; peak MB: the largest heap after any GC during it%n"
                + "load average at the end: %s%n",
            BenchSupport.loadAverage());
      }
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot stop embedded PostgreSQL", failure);
    }
  }

  private Measure measure(
      String url, Jdbc observer, TencentClient client, Sandbox sandbox, boolean expectAllNew) {
    long[] rowsBefore = writtenRows(observer, -1);
    String walBefore = walPosition(observer);
    long liveBefore = heap.collectAndMeasure();
    long served = sandbox.requestsServed();
    InventorySync.Result result;
    long start;
    long end;
    // A pool of its own, closed after the sync: its backends exit and report their row counts.
    try (HikariDataSource syncPool = pool(url, 5)) {
      Jdbc jdbc = new Jdbc(syncPool);
      jdbc.query("SELECT 1", row -> row.getInt(1));
      InventorySync sync = new InventorySync(jdbc, Clock.systemUTC());
      heap.startWatching();
      start = System.nanoTime();
      result = sync.sync(client);
      end = System.nanoTime();
    }
    long peakLive = heap.stopWatching();
    String walAfter = walPosition(observer);
    long[] rowsAfter = writtenRows(observer, rowsBefore[2]);
    int expectedNew = expectAllNew ? count : 0;
    if (result.total() != count
        || result.added() != expectedNew
        || result.changed() != 0
        || result.gone() != 0) {
      throw new IllegalStateException("unexpected sync result: " + result);
    }
    long walBytes =
        observer
            .queryOne(
                "SELECT pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn)::bigint",
                row -> row.getLong(1),
                walAfter,
                walBefore)
            .orElseThrow();
    long tableBytes =
        observer
            .queryOne("SELECT pg_table_size('certificate')", row -> row.getLong(1))
            .orElseThrow();
    return new Measure(
        (int) (sandbox.requestsServed() - served),
        BenchSupport.seconds(start, end),
        rowsAfter[0] - rowsBefore[0],
        rowsAfter[1] - rowsBefore[1],
        rowsAfter[2] - rowsBefore[2],
        walBytes,
        liveBefore,
        Math.max(peakLive, liveBefore),
        tableBytes);
  }

  /**
   * Rows written to certificate, its HOT updates, and rows written to every table of the schema, as
   * the statistics collector has them. With {@code previous} ≥ 0, waits (up to 5 s) until the count
   * over every table moves off it and then holds still: the counts arrive after the backends exit.
   */
  private static long[] writtenRows(Jdbc observer, long previous) {
    long[] last = read(observer);
    if (previous < 0) {
      return last;
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    int steady = 0;
    while (System.nanoTime() < deadline && steady < 3) {
      sleep(200);
      long[] now = read(observer);
      steady = java.util.Arrays.equals(now, last) && now[2] != previous ? steady + 1 : 0;
      last = now;
    }
    return last;
  }

  private static long[] read(Jdbc observer) {
    return observer
        .queryOne(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del)"
                + " FILTER (WHERE relname = 'certificate'), 0)::bigint,"
                + " coalesce(sum(n_tup_hot_upd) FILTER (WHERE relname = 'certificate'), 0)::bigint,"
                + " coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint"
                + " FROM pg_stat_user_tables WHERE schemaname = 'public'",
            row -> new long[] {row.getLong(1), row.getLong(2), row.getLong(3)})
        .orElseThrow();
  }

  private static String walPosition(Jdbc observer) {
    return observer
        .queryOne("SELECT pg_current_wal_lsn()::text", row -> row.getString(1))
        .orElseThrow();
  }

  private static HikariDataSource pool(String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    return new HikariDataSource(config);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", interrupted);
    }
  }

  /** Paging alone, writing nothing: the API floor as this machine reaches it at the moment. */
  private double pagingAlone(TencentClient client) {
    long start = System.nanoTime();
    int listed = client.listAllCertificates().size();
    double seconds = BenchSupport.seconds(start, System.nanoTime());
    if (listed != count) {
      throw new IllegalStateException("paging listed " + listed + " of " + count);
    }
    return seconds;
  }

  private void print(String run, String kind, Measure measure, double floor, double paging) {
    if (measure == null) {
      out.printf(Locale.ROOT, "%-8s %-8s %5s %8.2f %7.2f%n", run, kind, "", paging, paging / floor);
      return;
    }
    out.printf(
        Locale.ROOT,
        "%-8s %-8s %5d %8.2f %7.2f %8.2f %9d %7d %9d %9.1f %8.0f %8.0f %8.1f%n",
        run,
        kind,
        measure.pages(),
        measure.seconds(),
        measure.seconds() / floor,
        measure.seconds() / paging,
        measure.certificateRows(),
        measure.hotUpdates(),
        measure.allRows(),
        measure.walBytes() / 1e6,
        measure.liveBeforeBytes() / 1048576.0,
        measure.peakLiveBytes() / 1048576.0,
        measure.tableBytes() / 1e6);
    out.flush();
  }

  private static Measure median(Measure[] measures) {
    return new Measure(
        measures[0].pages(),
        median(measures, Measure::seconds),
        (long) median(measures, Measure::certificateRows),
        (long) median(measures, Measure::hotUpdates),
        (long) median(measures, Measure::allRows),
        (long) median(measures, Measure::walBytes),
        (long) median(measures, Measure::liveBeforeBytes),
        (long) median(measures, Measure::peakLiveBytes),
        (long) median(measures, Measure::tableBytes));
  }

  private static double median(
      Measure[] measures, java.util.function.ToDoubleFunction<Measure> figure) {
    double[] values = new double[measures.length];
    for (int index = 0; index < measures.length; index++) {
      values[index] = figure.applyAsDouble(measures[index]);
    }
    return BenchSupport.median(values);
  }

  /**
   * The heap in use after each garbage collection, through the collectors' notifications: the
   * largest such figure while watching is the most the sync kept alive at once (give or take what
   * was collectable but not yet collected).
   */
  private static final class HeapWatch implements NotificationListener {
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean watching;

    HeapWatch() {
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) collector).addNotificationListener(this, null, null);
      }
    }

    /** Collects, and answers the heap in use after it. */
    long collectAndMeasure() {
      System.gc();
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    void startWatching() {
      peak.set(0);
      watching = true;
    }

    long stopWatching() {
      watching = false;
      return peak.get();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
      if (!watching
          || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              notification.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      long used = 0;
      for (Map.Entry<String, MemoryUsage> pool :
          info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        if (HEAP_POOLS.contains(pool.getKey())) {
          used += pool.getValue().getUsed();
        }
      }
      peak.accumulateAndGet(used, Math::max);
    }

    private static final List<String> HEAP_POOLS =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .toList();
  }
}
