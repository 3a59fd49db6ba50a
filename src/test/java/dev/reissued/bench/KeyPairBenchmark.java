package dev.reissued.bench;

import dev.reissued.keys.Csr;
import dev.reissued.keys.KeyAlgorithm;
import dev.reissued.keys.KeySpec;
import dev.reissued.keys.Pem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Key pair + CSR operations per second for every {@link KeySpec}, in this JVM and with the OpenSSL
 * command line, measured in the same run so the ratio compares like with like on this machine.
 *
 * <p>Run it with the {@code bench} profile (compiled with the tests so it cannot rot, but only run
 * on request):
 *
 * <pre>
 * mvn -B -P bench test-compile exec:java                      # 4 s per measurement, ~2.5 min
 * mvn -B -P bench test-compile exec:java -Dbench.seconds=2    # quicker, noisier
 * </pre>
 *
 * <p>One Java operation is what the daemon does for {@code CsrType=Upload}: generate the key pair,
 * build and sign the CSR, PEM-encode CSR and private key ({@link Csr#create}, {@link
 * Pem#privateKey}). One OpenSSL operation is {@code openssl req -new -newkey ... -nodes -keyout
 * -out -subj -addext subjectAltName=...}, one process per operation, which also writes two files.
 * "1" columns use one thread (one process at a time), "N" columns use as many threads (concurrent
 * processes) as there are processors. Each measurement runs for at least the given seconds and one
 * operation per thread; slow RSA 4096 figures therefore rest on few operations.
 *
 * <p>OpenSSL's process start is part of its figure because that is what calling the command line
 * costs. OpenSSL 3.0 has no in-process key generation benchmark ({@code openssl speed} measures
 * signatures only), so the harness also times {@code openssl version} per process and reports
 * OpenSSL's per-operation time net of that start-up as an estimate of its in-process speed.
 */
public final class KeyPairBenchmark {
  private static final String SUBJECT = "/CN=bench.example";
  private static final String SAN = "subjectAltName=DNS:bench.example,DNS:www.bench.example";

  private final double seconds;
  private final int threads;
  private final Path directory;
  private final PrintStream out;

  private KeyPairBenchmark(double seconds, int threads, Path directory, PrintStream out) {
    this.seconds = seconds;
    this.threads = threads;
    this.directory = directory;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    double seconds = Double.parseDouble(System.getProperty("bench.seconds", "4"));
    int threads = Runtime.getRuntime().availableProcessors();
    Path directory = Files.createTempDirectory("reissued-bench");
    try {
      new KeyPairBenchmark(seconds, threads, directory, System.out).run();
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(KeyPairBenchmark::deleteQuietly);
      }
    }
  }

  private void run() throws Exception {
    String version = new String(openssl("version").getInputStream().readAllBytes()).strip();
    out.printf(
        Locale.ROOT,
        "reissued key pair + CSR benchmark: %s, %d processors, load average %s, %.1f s per"
            + " measurement, %s%n%n",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        threads,
        loadAverage(),
        seconds,
        version);

    Rate processStart = measure(1, thread -> waitFor(openssl("version")));
    out.printf(
        Locale.ROOT,
        "openssl process start (openssl version): %.1f ms per process%n%n",
        processStart.millisPerOp());

    List<KeySpec> specs =
        List.of(
            KeySpec.of("RSA", "2048"),
            KeySpec.of("RSA", "3072"),
            KeySpec.of("RSA", "4096"),
            KeySpec.of("ECC", "prime256v1"),
            KeySpec.of("ECC", "secp384r1"),
            KeySpec.of("SM2", "sm2p256v1"));
    String header =
        String.format(
            Locale.ROOT,
            "%-15s %11s %11s %11s %11s %12s %12s %13s",
            "spec",
            "java 1",
            "java " + threads,
            "openssl 1",
            "openssl " + threads,
            "java/ossl 1",
            "java/ossl " + threads,
            "ossl 1 -start");
    out.println("operations per second; java/ossl > 1 means Java is faster;");
    out.println(
        "ossl 1 -start: OpenSSL one at a time with the process start-up subtracted (estimate)");
    out.println();
    out.println(header);
    out.println("-".repeat(header.length()));
    for (KeySpec spec : specs) {
      measure(1, Math.min(1.0, seconds / 2), thread -> javaOperation(spec)); // JIT warm-up
      Rate java1 = measure(1, thread -> javaOperation(spec));
      Rate javaN = measure(threads, thread -> javaOperation(spec));
      Rate openssl1 = measure(1, thread -> waitFor(opensslOperation(spec, thread)));
      Rate opensslN = measure(threads, thread -> waitFor(opensslOperation(spec, thread)));
      double netMillis = openssl1.millisPerOp() - processStart.millisPerOp();
      out.printf(
          Locale.ROOT,
          "%-15s %11.1f %11.1f %11.1f %11.1f %12.2f %12.2f %13s%n",
          spec,
          java1.perSecond(),
          javaN.perSecond(),
          openssl1.perSecond(),
          opensslN.perSecond(),
          java1.perSecond() / openssl1.perSecond(),
          javaN.perSecond() / opensslN.perSecond(),
          netMillis > 0 ? String.format(Locale.ROOT, "%.1f", 1000 / netMillis) : "n/a");
      out.flush();
    }
  }

  private static void javaOperation(KeySpec spec) {
    Csr csr = Csr.create("bench.example", List.of("www.bench.example"), spec);
    if (Pem.privateKey(csr.keyPair().getPrivate()).isEmpty() || csr.pem().isEmpty()) {
      throw new IllegalStateException("empty PEM");
    }
  }

  private Process opensslOperation(KeySpec spec, int thread) throws IOException {
    List<String> command = new ArrayList<>(List.of("req", "-new", "-nodes"));
    if (spec.algorithm() == KeyAlgorithm.RSA) {
      command.addAll(List.of("-newkey", "rsa:" + spec.parameter(), "-sha256"));
    } else if (spec.algorithm() == KeyAlgorithm.ECC) {
      boolean p384 = spec.parameter().equals("secp384r1");
      command.addAll(
          List.of(
              "-newkey",
              "ec",
              "-pkeyopt",
              "ec_paramgen_curve:" + (p384 ? "P-384" : "P-256"),
              p384 ? "-sha384" : "-sha256"));
    } else {
      command.addAll(List.of("-newkey", "sm2", "-sm3"));
    }
    command.addAll(
        List.of(
            "-keyout",
            directory.resolve("key-" + thread + ".pem").toString(),
            "-out",
            directory.resolve("csr-" + thread + ".pem").toString(),
            "-subj",
            SUBJECT,
            "-addext",
            SAN));
    return openssl(command.toArray(String[]::new));
  }

  private Process openssl(String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command)
        .directory(directory.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void waitFor(Process process) throws Exception {
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "openssl failed: " + process.info().commandLine().orElse("?"));
    }
  }

  private Rate measure(int threadCount, Operation operation) throws Exception {
    return measure(threadCount, seconds, operation);
  }

  /** Every thread repeats the operation until the time is up; the rate is all of them together. */
  private static Rate measure(int threadCount, double seconds, Operation operation)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threadCount);
    AtomicInteger operations = new AtomicInteger();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int thread = 0; thread < threadCount; thread++) {
        int id = thread;
        futures.add(
            pool.submit(
                () -> {
                  do {
                    operation.run(id);
                    operations.incrementAndGet();
                  } while (System.nanoTime() < deadline);
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new Rate(operations.get(), (System.nanoTime() - start) / 1e9);
  }

  @FunctionalInterface
  private interface Operation {
    void run(int thread) throws Exception;
  }

  private record Rate(int operations, double seconds) {
    double perSecond() {
      return operations / seconds;
    }

    double millisPerOp() {
      return 1000 * seconds / operations;
    }
  }

  /** Other work on a shared machine skews every figure; say how busy it was. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException unknown) {
      return "unknown";
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // A temporary benchmark file left behind is harmless.
    }
  }
}
