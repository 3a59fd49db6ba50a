package dev.reissued.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reissued.db.Jdbc;
import dev.reissued.db.Migrations;
import dev.reissued.inventory.InventorySync;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxInventory;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.tencent.Certificate;
import dev.reissued.tencent.ClientSettings;
import dev.reissued.tencent.TencentClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * How long {@code reissued sync} takes for one large account: N synthetic certificates (default
 * 10,000) from an in-process sandbox over real HTTP into an embedded PostgreSQL with durable
 * commits. Each run empties the inventory, then times a first sync (every certificate new) and an
 * unchanged re-sync. The two halves of {@link InventorySync#sync} are timed apart: fetching (paging
 * DescribeCertificates through the account's 10 requests/second limiter) and writing (one
 * transaction).
 *
 * <p>The API floor is the page count at 10 requests/second: a sync can never be faster than that
 * against Tencent Cloud, so "x floor" says how far above it the sync is.
 *
 * <pre>
 * mvn -B -Pbench test-compile exec:java -Dexec.mainClass=dev.reissued.bench.SyncBenchmark
 *     [-Dbench.count=10000] [-Dbench.runs=5]
 * </pre>
 */
public final class SyncBenchmark {
  private static final String ACCOUNT = "bench";
  private static final double API_REQUESTS_PER_SECOND = 10;

  private final int count;
  private final int runs;
  private final PrintStream out;

  private SyncBenchmark(int count, int runs, PrintStream out) {
    this.count = count;
    this.runs = runs;
    this.out = out;
  }

  public static void main(String[] args) {
    BenchSupport.quietLogs();
    int count = Integer.getInteger("bench.count", 10_000);
    int runs = Integer.getInteger("bench.runs", 5);
    new SyncBenchmark(count, runs, System.out).run();
  }

  /** One sync's figures; for the median line each column is its own median. */
  private record Timing(int pages, double fetchSeconds, double writeSeconds, double totalSeconds) {}

  private void run() {
    Clock clock = Clock.systemUTC();
    try (EmbeddedPostgres postgres = BenchSupport.startPostgres();
        Sandbox sandbox =
            Sandbox.start(
                SandboxOptions.defaults()
                    .withInventory(SandboxInventory.synthetic(count, 1, clock)))) {
      HikariConfig poolConfig = new HikariConfig();
      poolConfig.setJdbcUrl(BenchSupport.createDatabase(postgres, "bench_sync"));
      poolConfig.setMaximumPoolSize(5);
      try (HikariDataSource pool = new HikariDataSource(poolConfig);
          TencentClient client =
              TencentClient.create(
                  ClientSettings.of(ACCOUNT, sandbox.secretId(), SandboxOptions.DEFAULT_SECRET_KEY)
                      .withEndpoint(sandbox.endpoint())
                      .withRequestsPerSecond(API_REQUESTS_PER_SECOND))) {
        Migrations.migrate(pool);
        Jdbc jdbc = new Jdbc(pool);
        InventorySync sync = new InventorySync(jdbc, clock);
        out.printf(
            Locale.ROOT,
            "reissued sync benchmark: %d certificates, %d runs after 1 warm-up; %s%nembedded"
                + " PostgreSQL with synchronous_commit=on; in-process sandbox, its limit %d/s;"
                + " client limiter %.0f requests/s%n%n",
            count,
            runs,
            BenchSupport.machine(),
            sandbox.options().rateLimit(),
            API_REQUESTS_PER_SECOND);
        String header =
            String.format(
                Locale.ROOT,
                "%-8s %-8s %5s %9s %9s %9s %9s %8s",
                "run",
                "sync",
                "pages",
                "fetch s",
                "write s",
                "total s",
                "certs/s",
                "x floor");
        out.println(header);
        out.println("-".repeat(header.length()));
        Timing[] firsts = new Timing[runs];
        Timing[] repeats = new Timing[runs];
        for (int run = 0; run <= runs; run++) {
          jdbc.update("TRUNCATE certificate CASCADE");
          Timing first = time(sync, client, sandbox, true);
          Timing repeat = time(sync, client, sandbox, false);
          String label = run == 0 ? "warm-up" : String.valueOf(run);
          print(label, "first", first);
          print(label, "re-sync", repeat);
          if (run > 0) {
            firsts[run - 1] = first;
            repeats[run - 1] = repeat;
          }
        }
        out.println("-".repeat(header.length()));
        print("median", "first", median(firsts));
        print("median", "re-sync", median(repeats));
        int pages = firsts[0].pages();
        out.printf(
            Locale.ROOT,
            "%nAPI floor: %d DescribeCertificates pages (Limit 1000) at %.0f requests/s = %.2f s;"
                + " x floor = total / floor.%n",
            pages,
            API_REQUESTS_PER_SECOND,
            pages / API_REQUESTS_PER_SECOND);
      }
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot stop embedded PostgreSQL", failure);
    }
  }

  private Timing time(
      InventorySync sync, TencentClient client, Sandbox sandbox, boolean expectAllNew) {
    long served = sandbox.requestsServed();
    long start = System.nanoTime();
    List<Certificate> certificates = client.listAllCertificates();
    long fetched = System.nanoTime();
    InventorySync.Result result = sync.write(ACCOUNT, certificates);
    long written = System.nanoTime();
    int expectedNew = expectAllNew ? count : 0;
    if (result.total() != count
        || result.added() != expectedNew
        || result.changed() != 0
        || result.gone() != 0) {
      throw new IllegalStateException("unexpected sync result: " + result);
    }
    return new Timing(
        (int) (sandbox.requestsServed() - served),
        BenchSupport.seconds(start, fetched),
        BenchSupport.seconds(fetched, written),
        BenchSupport.seconds(start, written));
  }

  private void print(String run, String kind, Timing timing) {
    double total = timing.totalSeconds();
    out.printf(
        Locale.ROOT,
        "%-8s %-8s %5d %9.2f %9.2f %9.2f %9.0f %8.2f%n",
        run,
        kind,
        timing.pages(),
        timing.fetchSeconds(),
        timing.writeSeconds(),
        total,
        count / total,
        total / (timing.pages() / API_REQUESTS_PER_SECOND));
    out.flush();
  }

  private static Timing median(Timing[] timings) {
    double[] fetch = new double[timings.length];
    double[] write = new double[timings.length];
    double[] total = new double[timings.length];
    for (int index = 0; index < timings.length; index++) {
      fetch[index] = timings[index].fetchSeconds();
      write[index] = timings[index].writeSeconds();
      total[index] = timings[index].totalSeconds();
    }
    return new Timing(
        timings[0].pages(),
        BenchSupport.median(fetch),
        BenchSupport.median(write),
        BenchSupport.median(total));
  }
}
