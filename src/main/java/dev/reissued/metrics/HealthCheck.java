package dev.reissued.metrics;

import dev.reissued.db.Database;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Answers {@code /healthz} and {@code /readyz} within a bound, whatever the database does. The
 * probe runs on a thread of its own; the HTTP thread waits for it at most {@code budget}, and past
 * that says the database gave no answer (and what the last probe found). One probe runs at a time:
 * a probe still waiting is shared by every request that comes meanwhile, so a liveness probe
 * hitting a hung database does not pile up threads or connections.
 */
public final class HealthCheck implements AutoCloseable {
  /** Well inside a liveness probe's usual 1 s timeout, with room for the HTTP exchange. */
  public static final Duration BUDGET = Duration.ofMillis(800);

  private final Supplier<Optional<String>> databaseProblem;
  private final Duration budget;
  private final ExecutorService prober =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "reissued-health");
            thread.setDaemon(true);
            return thread;
          });
  private CompletableFuture<Optional<String>> inFlight;
  private Optional<String> lastProblem = Optional.empty();

  /** The database's timeouts for one probe: the driver counts whole seconds. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  /** The daemon's check: {@link Database#probe} within {@link #BUDGET}. */
  public static HealthCheck of(Database database) {
    return new HealthCheck(() -> database.probe(PROBE_TIMEOUT), BUDGET);
  }

  /**
   * @param databaseProblem empty when the database answers, else why not
   */
  public HealthCheck(Supplier<Optional<String>> databaseProblem, Duration budget) {
    this.databaseProblem = databaseProblem;
    this.budget = budget;
  }

  /** The reading now: the database probed (within the budget), and what the caller knows. */
  public Health check(boolean schedulerStarted, boolean synced) {
    CompletableFuture<Optional<String>> probe = probe();
    String problem;
    try {
      problem = probe.get(budget.toMillis(), TimeUnit.MILLISECONDS).orElse(null);
    } catch (TimeoutException slow) {
      problem =
          "no answer within "
              + budget.toMillis()
              + " ms"
              + lastProblem().map(last -> "; the last probe found: " + last).orElse("");
    } catch (ExecutionException failed) {
      problem = "the probe failed: " + failed.getCause();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      problem = "interrupted while probing";
    }
    return new Health(problem == null, problem, schedulerStarted, synced);
  }

  private synchronized CompletableFuture<Optional<String>> probe() {
    if (inFlight == null || inFlight.isDone()) {
      inFlight = CompletableFuture.supplyAsync(this::runProbe, prober);
    }
    return inFlight;
  }

  private Optional<String> runProbe() {
    Optional<String> problem = databaseProblem.get();
    synchronized (this) {
      lastProblem = problem;
    }
    return problem;
  }

  private synchronized Optional<String> lastProblem() {
    return lastProblem;
  }

  @Override
  public void close() {
    prober.shutdownNow();
  }
}
