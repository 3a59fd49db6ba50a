package dev.reissued.bench;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.ConfigLoader;
import dev.reissued.config.CsrType;
import dev.reissued.config.ReissuedConfig;
import dev.reissued.config.ValidType;
import dev.reissued.db.Database;
import dev.reissued.inventory.InventorySync;
import dev.reissued.keys.Csr;
import dev.reissued.keys.KeySpec;
import dev.reissued.keys.MasterKey;
import dev.reissued.keys.Sealer;
import dev.reissued.notify.EventSink;
import dev.reissued.renewal.Checkpoints;
import dev.reissued.renewal.ProcessLease;
import dev.reissued.renewal.TestProcess;
import dev.reissued.sandbox.Sandbox;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.sandbox.SandboxOptions;
import dev.reissued.tencent.ClientSettings;
import dev.reissued.tencent.ReplaceCertificateRequest;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.TencentClients;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * How fast one renewal pass works off a backlog: N due certificates (default 300, half free, half
 * paid) in an in-process sandbox that answers RequestLimitExceeded above 10 requests per second, an
 * account configured for {@code requestsPerSecond: 10}, and an embedded PostgreSQL with durable
 * commits, opened as the daemon opens it (the default pool of 5). Each scenario gets a fresh
 * database and sandbox, syncs (untimed), then times {@code TestProcess.renew}: reconcile, plan and
 * the pipelined pass.
 *
 * <p>Scenarios are csrTypes, optionally with a delay added to every answer ({@code Original+500}
 * answers 500 ms late through {@link LatencyProxy}, as a distant API would), and optionally with
 * every certificate paid and keyed ECC P-256 ({@code Online:ecc}: the sandbox then makes cheap EC
 * keys, so the figure is reissued's, not the sandbox's RSA key generation). The limit each is held
 * to is the API's 10/s, or what this machine can do when that is lower, measured in the same run:
 * for {@code Upload}, RSA-2048 key pair + CSR generation on every core; for {@code Online}, the
 * in-process sandbox's own rate, since it makes an RSA key for every Online re-issue (as Tencent
 * does, but on this machine's cores). Achieved rate is the ReplaceCertificate requests the sandbox
 * received divided by the wall time of {@code renew}.
 *
 * <pre>
 * mvn -B -Pbench test-compile exec:java -Dexec.mainClass=dev.reissued.bench.RenewalThroughputBenchmark
 *     [-Dbench.count=300] [-Dbench.scenarios=Online,Original,Upload]
 *     # more: -Dbench.scenarios=Online:ecc,Original+500
 * </pre>
 */
public final class RenewalThroughputBenchmark {
  private static final String ACCOUNT = "bench";
  private static final int API_REQUESTS_PER_SECOND = 10;
  private static final int PROBES = 5;
  private static final int CAPACITY_PAIRS = 40;

  private final int count;
  private final Path directory;
  private final PrintStream out;
  private int databases;

  private RenewalThroughputBenchmark(int count, Path directory, PrintStream out) {
    this.count = count;
    this.directory = directory;
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    BenchSupport.quietLogs();
    int count = Integer.getInteger("bench.count", 300);
    List<Scenario> scenarios = new ArrayList<>();
    for (String name : System.getProperty("bench.scenarios", "Online,Original,Upload").split(",")) {
      scenarios.add(Scenario.parse(name.strip()));
    }
    Path directory = Files.createTempDirectory("reissued-bench");
    try {
      new RenewalThroughputBenchmark(count, directory, System.out).run(scenarios);
    } finally {
      BenchSupport.deleteRecursively(directory);
    }
  }

  /**
   * A csrType; how late every answer comes (0: as fast as the sandbox answers); and whether every
   * certificate is paid with an ECC P-256 key ({@code :ecc}), so that Online costs the in-process
   * sandbox no RSA key generation.
   */
  private record Scenario(CsrType csrType, int latencyMillis, boolean ecc) {
    static Scenario parse(String text) {
      boolean ecc = text.endsWith(":ecc");
      String[] parts = (ecc ? text.substring(0, text.length() - 4) : text).split("\\+", 2);
      return new Scenario(
          CsrType.valueOf(parts[0]), parts.length == 2 ? Integer.parseInt(parts[1]) : 0, ecc);
    }

    String label() {
      return csrType
          + (ecc ? " paid/ECC" : "")
          + (latencyMillis == 0 ? "" : " +" + latencyMillis + "ms");
    }

    /** What may limit this scenario on this machine besides the API. */
    String machineLimit() {
      return csrType == CsrType.Original || csrType == CsrType.Online && ecc
          ? "none"
          : csrType.name();
    }
  }

  /** What one scenario measured. */
  private record Outcome(
      Scenario scenario,
      int claimed,
      int received,
      int succeeded,
      int rateLimited,
      int otherFailures,
      double seconds,
      double limit,
      double aloneSeconds,
      double sendingSeconds) {
    double achieved() {
      return received / seconds;
    }

    double share() {
      return achieved() / limit;
    }
  }

  private void run(List<Scenario> scenarios) throws IOException {
    Path masterKey = directory.resolve("master.key");
    Files.createFile(
        masterKey,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(masterKey, MasterKey.generateBase64());
    out.printf(
        Locale.ROOT,
        "reissued renewal throughput benchmark: %d due certificates per scenario (half free, half"
            + " paid)%n%s%nsandbox limit %d requests/s (RequestLimitExceeded above it); account"
            + " requestsPerSecond: %d; embedded PostgreSQL with synchronous_commit=on, pool of"
            + " 5%n%n",
        count,
        BenchSupport.machine(),
        API_REQUESTS_PER_SECOND,
        API_REQUESTS_PER_SECOND);
    List<Outcome> outcomes = new ArrayList<>();
    Map<String, Double> machineLimits = new LinkedHashMap<>();
    try (EmbeddedPostgres postgres = BenchSupport.startPostgres()) {
      for (Scenario scenario : scenarios) {
        double limit =
            Math.min(
                API_REQUESTS_PER_SECOND,
                machineLimits.computeIfAbsent(scenario.machineLimit(), this::machineLimit));
        Outcome outcome = scenario(postgres, scenario, limit);
        outcomes.add(outcome);
        out.printf(
            Locale.ROOT,
            "%s: %d requests in %.1f s (%.2f/s); one request alone answered in %.0f ms (median of"
                + " %d); a sender's time from marking a row sent to recording its outcome: %.0f ms"
                + " on average%n",
            scenario.label(),
            outcome.received(),
            outcome.seconds(),
            outcome.achieved(),
            1000 * outcome.aloneSeconds(),
            PROBES,
            1000 * outcome.sendingSeconds());
        out.flush();
      }
    }
    out.println();
    String header =
        String.format(
            Locale.ROOT,
            "%-16s %5s %5s %9s %7s %6s %7s %10s %8s %7s",
            "scenario",
            "rows",
            "sent",
            "succeeded",
            "limited",
            "failed",
            "wall s",
            "achieved/s",
            "limit/s",
            "share");
    out.println(header);
    out.println("-".repeat(header.length()));
    for (Outcome outcome : outcomes) {
      out.printf(
          Locale.ROOT,
          "%-16s %5d %5d %9d %7d %6d %7.1f %10.2f %8.2f %6.1f%%%n",
          outcome.scenario().label(),
          outcome.claimed(),
          outcome.received(),
          outcome.succeeded(),
          outcome.rateLimited(),
          outcome.otherFailures(),
          outcome.seconds(),
          outcome.achieved(),
          outcome.limit(),
          100 * outcome.share());
    }
    out.println();
    out.println(
        "rows: ledger rows the pass claimed (every certificate is due); sent: ReplaceCertificate"
            + " requests");
    out.println(
        "the sandbox received; limited: rows failed with RequestLimitExceeded; failed: any other"
            + " failed or");
    out.println(
        "unknown row; limit: 10/s, or this machine's rate where lower (above); share: achieved /"
            + " limit.");
    out.flush();
  }

  /** What this machine allows for a csrType, measured now; infinite where only the API limits. */
  private double machineLimit(String limitedBy) {
    int threads = Runtime.getRuntime().availableProcessors();
    switch (limitedBy) {
      case "Upload" -> {
        double rate = keygenRate(threads);
        out.printf(
            Locale.ROOT,
            "machine: RSA-2048 key pair + CSR on %d threads: %.1f per second (%d pairs)%n",
            threads,
            rate,
            CAPACITY_PAIRS);
        return rate;
      }
      case "Online" -> {
        double rate = sandboxOnlineRate(threads * 4);
        out.printf(
            Locale.ROOT,
            "machine: the in-process sandbox answers Online re-issues (an RSA-2048 key each) at"
                + " %.1f per second unthrottled (%d requests, %d threads)%n",
            rate,
            CAPACITY_PAIRS,
            threads * 4);
        return rate;
      }
      default -> {
        return Double.POSITIVE_INFINITY;
      }
    }
  }

  private Outcome scenario(EmbeddedPostgres postgres, Scenario scenario, double limit)
      throws IOException {
    String prefix = "S" + (++databases);
    String jdbcUrl =
        BenchSupport.createDatabase(postgres, "bench_" + prefix.toLowerCase(Locale.ROOT));
    List<SandboxCertificate> inventory = dueInventory(prefix, scenario.ecc());
    List<SandboxCertificate> probes = notDue(prefix + "Probe", PROBES);
    List<SandboxCertificate> everything = new ArrayList<>(inventory);
    everything.addAll(probes);
    try (Sandbox sandbox =
            Sandbox.start(
                SandboxOptions.defaults()
                    .withRateLimit(API_REQUESTS_PER_SECOND)
                    .withInventory(everything));
        LatencyProxy proxy =
            scenario.latencyMillis() > 0
                ? new LatencyProxy(sandbox.endpoint(), scenario.latencyMillis())
                : null) {
      URI endpoint = proxy == null ? sandbox.endpoint() : proxy.endpoint();
      ReissuedConfig config =
          new ConfigLoader(System::getenv).load(writeConfig(jdbcUrl, endpoint, scenario));
      AccountConfig account = config.accounts().get(0);
      Clock clock = Clock.systemUTC();
      try (Database database = Database.open(config.database());
          TencentClient client = TencentClients.forAccount(account)) {
        database.migrate();
        new InventorySync(database.jdbc(), clock).sync(client);
        double alone = aloneLatency(client, scenario, probes);
        try (ProcessLease lease = ProcessLease.acquire(database.dataSource())) {
          TestProcess engine =
              new TestProcess(
                  database.jdbc(),
                  config,
                  new Sealer(MasterKey.read(config.keys().masterKeyFile())),
                  lease,
                  clock,
                  EventSink.NONE,
                  Checkpoints.NONE);
          Instant passStarted = Instant.now();
          long start = System.nanoTime();
          engine.renew(account, client);
          double seconds = BenchSupport.seconds(start, System.nanoTime());
          int received = 0;
          for (SandboxCertificate certificate : inventory) {
            received += sandbox.replaceRequestsReceived(certificate.id());
          }
          Map<String, Integer> outcomes = ledgerOutcomes(database);
          int succeeded = outcomes.getOrDefault("succeeded", 0);
          int rateLimited = outcomes.getOrDefault("RequestLimitExceeded", 0);
          int rows = outcomes.values().stream().mapToInt(Integer::intValue).sum();
          double sending =
              database
                  .jdbc()
                  .queryOne(
                      "SELECT avg(extract(epoch FROM finished_at - sent_at)) FROM reissue WHERE"
                          + " state = 'succeeded'",
                      row -> row.getDouble(1))
                  .orElse(Double.NaN);
          List<String> limitedAt =
              database
                  .jdbc()
                  .query(
                      "SELECT round(extract(epoch FROM sent_at - ?)::numeric, 2) FROM reissue"
                          + " WHERE error_code = 'RequestLimitExceeded' ORDER BY sent_at",
                      row -> row.getString(1) + " s",
                      passStarted);
          if (!limitedAt.isEmpty()) {
            out.println(
                scenario.label()
                    + ": RequestLimitExceeded for rows marked sent at "
                    + limitedAt
                    + " into the pass");
          }
          return new Outcome(
              scenario,
              rows,
              received,
              succeeded,
              rateLimited,
              rows - succeeded - rateLimited,
              seconds,
              limit,
              alone,
              sending);
        }
      }
    }
  }

  /** Rows by state, failed rows by error code. */
  private static Map<String, Integer> ledgerOutcomes(Database database) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    database
        .jdbc()
        .query(
            "SELECT CASE WHEN state = 'failed' THEN error_code ELSE state END, count(*) FROM"
                + " reissue GROUP BY 1",
            row -> counts.put(row.getString(1), row.getInt(2)));
    return counts;
  }

  /**
   * Due within the default 30-day window: free (RSA 2048, as free ones must be) and paid,
   * alternately.
   */
  private List<SandboxCertificate> dueInventory(String prefix, boolean allPaid) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<SandboxCertificate> certificates = new ArrayList<>(count);
    for (int index = 0; index < count; index++) {
      Instant notAfter = now.plus(Duration.ofDays(10)).plusSeconds(index);
      SandboxCertificate.Builder builder =
          SandboxCertificate.builder(
              String.format(Locale.ROOT, "%sDue%05d", prefix, index),
              String.format(Locale.ROOT, "due-%05d.bench.example", index));
      Duration validity = Duration.ofDays(90);
      if (allPaid || index % 2 == 1) {
        builder.paid();
        validity = Duration.ofDays(365);
      }
      certificates.add(
          builder
              .validity(notAfter.minus(validity), notAfter)
              .insertTime(notAfter.minus(validity))
              .build());
    }
    return certificates;
  }

  /** Paid certificates far from due, for requests made outside the pass. */
  private static List<SandboxCertificate> notDue(String prefix, int how) {
    Instant notAfter = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(300));
    List<SandboxCertificate> certificates = new ArrayList<>();
    for (int index = 0; index < how; index++) {
      certificates.add(
          SandboxCertificate.builder(
                  String.format(Locale.ROOT, "%s%03d", prefix, index),
                  String.format(
                      Locale.ROOT, "%s-%03d.bench.example", prefix.toLowerCase(Locale.ROOT), index))
              .paid()
              .validity(notAfter.minus(Duration.ofDays(365)), notAfter)
              .build());
    }
    return certificates;
  }

  private static ReplaceCertificateRequest request(
      CsrType csrType, boolean ecc, SandboxCertificate certificate) {
    return switch (csrType) {
      case Online ->
          ReplaceCertificateRequest.online(
              certificate.id(),
              ValidType.DNS_AUTO,
              "bench-password-1",
              ecc ? "ECC" : "RSA",
              ecc ? "prime256v1" : "2048");
      case Upload ->
          ReplaceCertificateRequest.upload(
              certificate.id(),
              ValidType.DNS_AUTO,
              Csr.create(certificate.domain(), List.of(), KeySpec.RSA_2048).pem());
      case Original -> ReplaceCertificateRequest.original(certificate.id(), ValidType.DNS_AUTO);
    };
  }

  /**
   * The median time of one ReplaceCertificate sent alone. With S senders a pass cannot send faster
   * than S divided by the time each request takes, whatever the rate limit.
   */
  private static double aloneLatency(
      TencentClient client, Scenario scenario, List<SandboxCertificate> probes) {
    double[] seconds = new double[probes.size()];
    for (int index = 0; index < probes.size(); index++) {
      ReplaceCertificateRequest request =
          request(scenario.csrType(), scenario.ecc(), probes.get(index));
      pause(); // past the limiter's spacing, so that only the request is timed
      long start = System.nanoTime();
      client.replaceCertificate(request);
      seconds[index] = BenchSupport.seconds(start, System.nanoTime());
    }
    return BenchSupport.median(seconds);
  }

  private static void pause() {
    try {
      Thread.sleep(1000 / API_REQUESTS_PER_SECOND + 50);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private Path writeConfig(String jdbcUrl, URI endpoint, Scenario scenario) throws IOException {
    Path config = directory.resolve("reissued-" + databases + ".yaml");
    Files.writeString(
        config,
        """
        database: { url: "%s", username: postgres, poolSize: 5 }
        accounts:
          - name: %s
            secretId: %s
            secretKey: %s
            endpoint: %s
            requestsPerSecond: %d
            timeouts: { connect: 5s, read: 30s }
        renewal:
          renewBefore: 30d
          csrType: %s
          validType: DNS_AUTO
          key: %s
        keys: { masterKeyFile: master.key }
        """
            .formatted(
                jdbcUrl,
                ACCOUNT,
                SandboxOptions.DEFAULT_SECRET_ID,
                SandboxOptions.DEFAULT_SECRET_KEY,
                endpoint,
                API_REQUESTS_PER_SECOND,
                scenario.csrType(),
                scenario.ecc()
                    ? "{ algorithm: ECC, parameter: prime256v1 }"
                    : "{ algorithm: RSA, parameter: \"2048\" }"));
    return config;
  }

  /** RSA-2048 key pairs with their CSRs per second, on every core, as Upload makes them. */
  private static double keygenRate(int threads) {
    List<SandboxCertificate> names = notDue("Keygen", 1);
    IntConsumer pair = index -> Csr.create(names.get(0).domain(), List.of(), KeySpec.RSA_2048);
    inParallel(threads, threads * 2, pair); // JIT warm-up
    long start = System.nanoTime();
    inParallel(threads, CAPACITY_PAIRS, pair);
    return CAPACITY_PAIRS / BenchSupport.seconds(start, System.nanoTime());
  }

  /** Online re-issues per second that a sandbox of its own answers, with no rate limit anywhere. */
  private static double sandboxOnlineRate(int threads) {
    List<SandboxCertificate> certificates = notDue("Capacity", CAPACITY_PAIRS + threads);
    try (Sandbox sandbox =
            Sandbox.start(SandboxOptions.defaults().withRateLimit(0).withInventory(certificates));
        TencentClient client =
            TencentClient.create(
                ClientSettings.of(
                        "bench-sandbox-capacity",
                        SandboxOptions.DEFAULT_SECRET_ID,
                        SandboxOptions.DEFAULT_SECRET_KEY)
                    .withEndpoint(sandbox.endpoint())
                    .withRequestsPerSecond(1_000_000))) {
      IntConsumer reissue =
          index ->
              client.replaceCertificate(request(CsrType.Online, false, certificates.get(index)));
      inParallel(threads, threads, reissue); // JIT warm-up, one certificate per thread
      long start = System.nanoTime();
      inParallel(threads, CAPACITY_PAIRS, index -> reissue.accept(threads + index));
      return CAPACITY_PAIRS / BenchSupport.seconds(start, System.nanoTime());
    }
  }

  /** Runs {@code work} for 0..total-1 on {@code threads} threads. */
  private static void inParallel(int threads, int total, IntConsumer work) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int thread = 0; thread < threads; thread++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int index = next.getAndIncrement();
                      index < total;
                      index = next.getAndIncrement()) {
                    work.accept(index);
                  }
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", interrupted);
    } catch (ExecutionException failure) {
      throw new IllegalStateException("a worker failed", failure.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
