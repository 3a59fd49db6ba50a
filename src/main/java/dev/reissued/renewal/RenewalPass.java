package dev.reissued.renewal;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.CsrType;
import dev.reissued.tencent.Settling;
import dev.reissued.tencent.TencentClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One renewal pass over one account: every due certificate is claimed, prepared and sent, as a
 * pipeline. Preparers (one per core when keys are made here) claim rows and make keys ahead of the
 * calls into a bounded queue; senders take prepared requests and call the API through the account's
 * rate limiter. So the API is kept busy while keys are generated and ledger rows are written, and
 * memory stays bounded however long the backlog. {@link PassPreparer} claims and prepares one
 * certificate, {@link PassSender} sends one request; this class runs the pipeline between them.
 */
final class RenewalPass {
  private static final Logger log = LoggerFactory.getLogger(RenewalPass.class);

  /**
   * How long an answer may take while the pass still sends at the account's full rate. A sender
   * waits for the limiter and then for the answer, so S senders can send no more than S / (answer
   * time) requests a second: with a fixed 4 and an API answering in 500 ms, at most 8/s of the
   * allowed 10/s, the limiter idle in between. With rate × this many senders, one waits at most
   * about this long in the limiter's queue after its row is marked sent, well inside {@link
   * Settling#MARGIN}.
   */
  static final Duration ANSWER_BUDGET = Duration.ofSeconds(2);

  static final int MIN_SENDERS = 4;
  static final int MAX_SENDERS = 64;

  /** Tells a sender that nothing more will come. */
  private static final PreparedRequest POISON = new PreparedRequest(-1, null, null, null);

  private final InFlight inFlight;
  private final Checkpoints checkpoints;
  private final BooleanSupplier stopping;
  private final AccountConfig account;
  private final PassPreparer preparation;
  private final PassSender sender;
  private final int senders;

  /** What a pass works with: the parts of its process's re-issue stage. */
  record Crew(
      Claims claims,
      Transitions transitions,
      RequestPreparer preparer,
      OutcomeRecorder outcomes,
      RenewalPolicy policy,
      InFlight inFlight,
      ProcessLease lease,
      Clock clock,
      Checkpoints checkpoints,
      BooleanSupplier stopping) {}

  RenewalPass(Crew crew, AccountConfig account, TencentClient client) {
    this.inFlight = crew.inFlight();
    this.checkpoints = crew.checkpoints();
    this.stopping = crew.stopping();
    this.account = account;
    this.preparation = new PassPreparer(crew);
    this.sender = new PassSender(crew, account, client);
    this.senders = senders(account.requestsPerSecond());
  }

  /**
   * Enough senders to keep {@code requestsPerSecond} busy while answers take {@link
   * #ANSWER_BUDGET}.
   */
  static int senders(double requestsPerSecond) {
    double needed = Math.ceil(requestsPerSecond * ANSWER_BUDGET.toMillis() / 1000.0);
    return (int) Math.max(MIN_SENDERS, Math.min(MAX_SENDERS, needed));
  }

  /** What one pass did; the outcomes themselves are in the ledger. */
  public record Result(int due, int claimed, int sent) {}

  Result run(List<Decision> decisions) {
    List<Decision> due = decisions.stream().filter(Decision::isDue).toList();
    if (due.isEmpty()) {
      return new Result(0, 0, 0);
    }
    for (Decision decision : due) {
      log.atInfo()
          .addKeyValue("event", "reissue_due")
          .addKeyValue("account", decision.certificate().account())
          .addKeyValue("certificate_id", decision.certificate().certificateId())
          .log(
              "due: certificate {} ({}, {}): {}",
              decision.certificate().certificateId(),
              decision.certificate().domain(),
              decision.certificate().free() ? "free" : "paid",
              decision.reason());
    }
    boolean makesKeys = due.stream().anyMatch(d -> d.settings().csrType() == CsrType.Upload);
    int preparers = makesKeys ? Math.max(1, Runtime.getRuntime().availableProcessors()) : 2;
    BlockingQueue<PreparedRequest> ready = new ArrayBlockingQueue<>(preparers * 2);
    ExecutorService preparing =
        Executors.newFixedThreadPool(preparers, named("reissued-prepare-" + account.name()));
    ExecutorService sending =
        Executors.newFixedThreadPool(senders, named("reissued-send-" + account.name()));
    try {
      List<Future<?>> sendersDone = new ArrayList<>();
      for (int index = 0; index < senders; index++) {
        sendersDone.add(sending.submit(() -> sendUntilDone(ready)));
      }
      for (Decision decision : due) {
        preparing.submit(() -> prepare(decision, ready));
      }
      preparing.shutdown();
      awaitQuietly(preparing);
      for (int index = 0; index < senders; index++) {
        putQuietly(ready, POISON);
      }
      for (Future<?> sender : sendersDone) {
        try {
          sender.get();
        } catch (Exception unexpected) {
          log.error("a sender of account {} ended abnormally", account.name(), unexpected);
        }
      }
    } finally {
      preparing.shutdownNow();
      sending.shutdownNow();
    }
    return new Result(due.size(), preparation.claimed(), sender.sent());
  }

  private void prepare(Decision decision, BlockingQueue<PreparedRequest> ready) {
    if (sender.accountStopped() || stopping.getAsBoolean()) {
      return;
    }
    preparation.claimAndPrepare(decision, ready);
  }

  private void sendUntilDone(BlockingQueue<PreparedRequest> ready) {
    while (true) {
      PreparedRequest request;
      try {
        request = ready.take();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
      if (request == POISON) {
        return;
      }
      var certificate = request.decision().certificate();
      try (var account = MDC.putCloseable("account", certificate.account());
          var id = MDC.putCloseable("certificate_id", certificate.certificateId());
          var row = MDC.putCloseable("reissue_id", String.valueOf(request.reissueId()))) {
        sender.send(request);
      } finally {
        inFlight.remove(request.reissueId());
      }
      checkpoints.reach(Checkpoints.Point.RECORDED, request.reissueId());
    }
  }

  private static void awaitQuietly(ExecutorService executor) {
    try {
      while (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
        log.debug("still preparing re-issues");
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void putQuietly(BlockingQueue<PreparedRequest> queue, PreparedRequest request) {
    try {
      queue.put(request);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
