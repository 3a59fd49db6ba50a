package dev.reissued.renewal;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.CsrType;
import dev.reissued.keys.KeyException;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.Turn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * memory stays bounded however long the backlog.
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

  private final Claims claims;
  private final Transitions transitions;
  private final RequestPreparer preparer;
  private final OutcomeRecorder outcomes;
  private final RenewalPolicy policy;
  private final InFlight inFlight;
  private final ProcessLease lease;
  private final Clock clock;
  private final Checkpoints checkpoints;
  private final BooleanSupplier stopping;
  private final AccountConfig account;
  private final TencentClient client;
  private final AtomicBoolean accountStopped = new AtomicBoolean();
  private final AtomicInteger claimed = new AtomicInteger();
  private final AtomicInteger sent = new AtomicInteger();
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
    this.claims = crew.claims();
    this.transitions = crew.transitions();
    this.preparer = crew.preparer();
    this.outcomes = crew.outcomes();
    this.policy = crew.policy();
    this.inFlight = crew.inFlight();
    this.lease = crew.lease();
    this.clock = crew.clock();
    this.checkpoints = crew.checkpoints();
    this.stopping = crew.stopping();
    this.account = account;
    this.client = client;
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
        preparing.submit(() -> claimAndPrepare(decision, ready));
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
    return new Result(due.size(), claimed.get(), sent.get());
  }

  private void claimAndPrepare(Decision decision, BlockingQueue<PreparedRequest> ready) {
    if (accountStopped.get() || stopping.getAsBoolean()) {
      return;
    }
    String certificateId = decision.certificate().certificateId();
    long[] claimedId = {0};
    try {
      var claim =
          claims.claim(
              decision,
              policy,
              lease,
              clock.instant(),
              id -> {
                claimedId[0] = id;
                inFlight.add(id);
              });
      if (claim.isEmpty()) {
        return;
      }
      long id = claim.get().reissueId();
      claimed.incrementAndGet();
      checkpoints.reach(Checkpoints.Point.CLAIMED, id);
      PreparedRequest prepared;
      try {
        prepared = preparer.prepare(id, claim.get().decision());
      } catch (KeyException invalid) {
        Instant now = clock.instant();
        transitions.fail(
            new Observed(id, ReissueState.REQUESTED, null),
            Failure.terminal("reissued.CsrInvalid", invalid.getMessage(), null),
            SettledBy.PASS,
            now);
        inFlight.remove(id);
        log.error(
            "cannot make a CSR for certificate {} [row {}]: {}",
            certificateId,
            id,
            invalid.getMessage());
        return;
      }
      ready.put(prepared);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      release(claimedId[0]);
    } catch (RuntimeException failure) {
      // The row (if any) stays requested and unsent: no longer in flight, reconciliation fails
      // it harmlessly (never sent) at its next run.
      release(claimedId[0]);
      log.error(
          "cannot prepare the re-issue of certificate {}: {}", certificateId, failure.getMessage());
    }
  }

  private void release(long claimedId) {
    if (claimedId != 0) {
      inFlight.remove(claimedId);
    }
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
        send(request);
      } finally {
        inFlight.remove(request.reissueId());
      }
      checkpoints.reach(Checkpoints.Point.RECORDED, request.reissueId());
    }
  }

  private void send(PreparedRequest request) {
    if (accountStopped.get()) {
      outcomes.released(request, "account " + account.name() + " was refused by the API");
      return;
    }
    if (stopping.getAsBoolean()) {
      outcomes.released(request, "the daemon is stopping");
      return;
    }
    // Queue for the account's rate limit before the row says "sent": the settling period counts
    // from sent_at and allows a call only the short lead before its slot.
    Turn turn;
    try {
      turn = client.awaitTurn();
    } catch (TencentApiException noSlot) {
      outcomes.released(request, noSlot.getMessage());
      return;
    }
    Instant sentAt;
    try {
      Optional<Instant> marked = transitions.markSending(request.reissueId(), clock.instant());
      if (marked.isEmpty()) {
        log.warn(
            "re-issue row {} was settled by someone else before sending; not sent",
            request.reissueId());
        return;
      }
      sentAt = marked.get();
    } catch (RuntimeException databaseDown) {
      log.error(
          "cannot mark re-issue row {} as sending; not sent: {}",
          request.reissueId(),
          databaseDown.getMessage());
      return;
    }
    sent.incrementAndGet();
    checkpoints.reach(Checkpoints.Point.SENDING, request.reissueId());
    PreparedRequest.Answer response;
    try {
      response = request.send(client, turn);
    } catch (TencentApiException error) {
      checkpoints.reach(Checkpoints.Point.ANSWERED, request.reissueId());
      if (outcomes.failed(request, sentAt, error)) {
        accountStopped.set(true);
      }
      return;
    } catch (RuntimeException broken) {
      checkpoints.reach(Checkpoints.Point.ANSWERED, request.reissueId());
      outcomes.broken(request, sentAt, broken);
      return;
    }
    checkpoints.reach(Checkpoints.Point.ANSWERED, request.reissueId());
    outcomes.succeeded(request, sentAt, response);
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
