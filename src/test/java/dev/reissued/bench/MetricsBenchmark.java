package dev.reissued.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reissued.db.Jdbc;
import dev.reissued.db.Migrations;
import dev.reissued.metrics.Health;
import dev.reissued.metrics.MetricsServer;
import dev.reissued.metrics.ReissuedMetrics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one {@code /metrics} scrape costs as the inventory grows: an inventory of N certificates
 * (default 10,000, 100,000 and 1,000,000) is generated with SQL over 100 accounts (60% free, 30%
 * paid, 10% uploaded; end dates spread from 5 days ago to 390 days ahead; one in 50 with a re-issue
 * row), then the daemon's metrics server is scraped over real HTTP, as Prometheus scrapes it.
 *
 * <p>Per scrape: wall time to the last byte, bytes served, and peak heap: the sum of the heap
 * pools' peak usage since a {@code System.gc()} just before the scrape (an upper bound: the pools
 * peak at different moments). The registry's meter count after the scrape shows whether scrapes
 * register meters. Run with {@code MAVEN_OPTS=-Xmx256m} to show that a scrape fits in 256 MB
 * (exec:java runs in Maven's JVM).
 *
 * <pre>
 * MAVEN_OPTS=-Xmx256m mvn -B -Pbench test-compile exec:java \
 *     -Dexec.mainClass=dev.reissued.bench.MetricsBenchmark [-Dbench.counts=10000,100000,1000000] [-Dbench.runs=3]
 * </pre>
 */
public final class MetricsBenchmark {
  private static final int ACCOUNTS = 100;

  private final List<Integer> counts;
  private final int runs;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newHttpClient();

  private MetricsBenchmark(List<Integer> counts, int runs, PrintStream out) {
    this.counts = counts;
    this.runs = runs;
    this.out = out;
  }

  public static void main(String[] args) {
    BenchSupport.quietLogs();
    List<Integer> counts =
        Arrays.stream(System.getProperty("bench.counts", "10000,100000,1000000").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();
    int runs = Integer.getInteger("bench.runs", 3);
    new MetricsBenchmark(counts, runs, System.out).run();
  }

  private record Scrape(double seconds, long bytes, long peakHeap, int meters) {}

  private void run() {
    out.println(BenchSupport.machine() + ", max heap " + mb(Runtime.getRuntime().maxMemory()));
    try (EmbeddedPostgres postgres = BenchSupport.startPostgres()) {
      HikariConfig poolConfig = new HikariConfig();
      poolConfig.setJdbcUrl(BenchSupport.createDatabase(postgres, "bench_metrics"));
      poolConfig.setMaximumPoolSize(4);
      try (HikariDataSource pool = new HikariDataSource(poolConfig)) {
        Migrations.migrate(pool);
        Jdbc jdbc = new Jdbc(pool);
        out.println();
        out.println("certificates  run      scrape s   MB served   peak heap MB   meters");
        out.println("-------------------------------------------------------------------");
        for (int count : counts) {
          long generating = System.nanoTime();
          generate(jdbc, count);
          double generated = BenchSupport.seconds(generating, System.nanoTime());
          ReissuedMetrics metrics = new ReissuedMetrics(jdbc);
          try (MetricsServer server =
              MetricsServer.start(
                  "127.0.0.1", 0, metrics, () -> new Health(true, null, true, true))) {
            double[] seconds = new double[runs];
            double[] bytes = new double[runs];
            double[] heap = new double[runs];
            for (int run = 0; run <= runs; run++) {
              Scrape scrape = scrape(server.port(), metrics);
              print(count, run == 0 ? "warm-up" : String.valueOf(run), scrape);
              if (run > 0) {
                seconds[run - 1] = scrape.seconds();
                bytes[run - 1] = scrape.bytes();
                heap[run - 1] = scrape.peakHeap();
              }
            }
            out.printf(
                Locale.ROOT,
                "%-13d %-8s %8.2f %11.1f %14.0f%n",
                count,
                "median",
                BenchSupport.median(seconds),
                BenchSupport.median(bytes) / 1e6,
                BenchSupport.median(heap) / 1e6);
            out.printf(Locale.ROOT, "(inventory of %d generated in %.1f s)%n", count, generated);
          } catch (OutOfMemoryError exhausted) {
            out.printf(
                Locale.ROOT,
                "%-13d OutOfMemoryError with max heap %s%n",
                count,
                mb(Runtime.getRuntime().maxMemory()));
          }
        }
        out.println("-------------------------------------------------------------------");
        out.println("load average after: " + BenchSupport.loadAverage());
      }
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  private void print(int count, String run, Scrape scrape) {
    out.printf(
        Locale.ROOT,
        "%-13d %-8s %8.2f %11.1f %14.1f %8d%n",
        count,
        run,
        scrape.seconds(),
        scrape.bytes() / 1e6,
        scrape.peakHeap() / 1e6,
        scrape.meters());
  }

  private Scrape scrape(int port, ReissuedMetrics metrics) {
    List<MemoryPoolMXBean> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();
    System.gc();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    long bytes = 0;
    try {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        byte[] buffer = new byte[64 * 1024];
        for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
          bytes += read;
        }
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException("/metrics answered " + response.statusCode());
      }
    } catch (IOException failure) {
      throw new IllegalStateException("cannot scrape /metrics: " + failure.getMessage(), failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", interrupted);
    }
    double seconds = BenchSupport.seconds(start, System.nanoTime());
    long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    return new Scrape(seconds, bytes, peak, metrics.registry().getMeters().size());
  }

  /**
   * {@code count} certificates over 100 accounts: of every 10, 6 free, 3 paid, 1 uploaded; end
   * dates spread evenly from 5 days ago to 390 days ahead; every 50th has a failed re-issue, every
   * 50th after it a succeeded one.
   */
  private static void generate(Jdbc jdbc, int count) {
    jdbc.update("TRUNCATE reissue, certificate CASCADE");
    jdbc.update(
        "INSERT INTO certificate (certificate_id, account, domain, is_free, is_uploaded, status,"
            + " package_type, not_before, not_after, first_seen_at, last_synced_at)"
            + " SELECT 'cert-' || i, 'account-' || (i % ?), 'host-' || i || '.example' || (i % ?) || '.com',"
            + " i % 10 < 6, i % 10 = 9, 1, CASE WHEN i % 10 < 6 THEN '83' END,"
            + " now() - interval '90 days',"
            + " now() - interval '5 days' + (i % 395) * interval '1 day' + (i % 86400) * interval '1 second',"
            + " now(), now()"
            + " FROM generate_series(1, ?) AS i",
        ACCOUNTS, ACCOUNTS, count);
    jdbc.update(
        "INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type, valid_type,"
            + " error_code, requested_at, sent_at, finished_at, claimed_by)"
            + " SELECT certificate_id, account, certificate_id, is_free,"
            + " CASE WHEN right(certificate_id, 2)::int % 100 < 50 THEN 'failed' ELSE 'succeeded' END,"
            + " 'Upload', 'DNS_AUTO',"
            + " CASE WHEN right(certificate_id, 2)::int % 100 < 50 THEN 'LimitExceeded' END,"
            + " now(), now(), now(), 'bench'"
            + " FROM certificate WHERE substring(certificate_id FROM 6)::int % 50 IN (0, 25)");
    jdbc.update("ANALYZE certificate");
    jdbc.update("ANALYZE reissue");
  }

  private static String mb(long bytes) {
    return (bytes / (1024 * 1024)) + " MB";
  }
}
