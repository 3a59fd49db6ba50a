package dev.reissued.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reissued.config.NotifyEvent;
import dev.reissued.config.WebhookConfig;
import dev.reissued.db.Jdbc;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the {@link Outbox} recorded. One background thread per process, of its own rather than
 * a Quartz job: Quartz's jobs here are per account and duty on a cron, while delivery wants a short
 * poll, and the database already keeps nodes apart. Each round claims due deliveries with one
 * {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING}, which moves them a
 * lease ahead and counts the attempt; then, with no transaction open, it sends each and records the
 * outcome: {@code sent}, or a retry after a backoff, or {@code failed} after the last attempt. A
 * worker that dies mid-send leaves its rows to be claimed again when the lease ends (a message may
 * then go out twice, never zero times).
 *
 * <p>Only the webhooks this node is configured with are claimed. Renewals never wait for any of
 * this: they only insert into the outbox.
 */
public final class WebhookWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {};

  private final Jdbc jdbc;
  private final Map<String, WebhookConfig> webhooks;
  private final WebhookRetry policy;
  private final Clock clock;
  private final WebhookSender sender;
  private final String worker = ManagementFactory.getRuntimeMXBean().getName();
  private final Semaphore wakeUp = new Semaphore(0);
  private volatile boolean stopping;
  private Thread thread;

  public WebhookWorker(
      Jdbc jdbc,
      List<WebhookConfig> webhooks,
      WebhookRetry policy,
      Clock clock,
      WebhookSender sender) {
    this.jdbc = jdbc;
    this.webhooks =
        webhooks.stream().collect(Collectors.toMap(WebhookConfig::name, Function.identity()));
    this.policy = policy;
    this.clock = clock;
    this.sender = sender;
  }

  /** A delivery claimed for sending: the row, its attempt number, and the event to send. */
  record Claimed(long id, String webhook, int attempt, Event event) {}

  /** What one round did. */
  public record Round(int sent, int retrying, int failed) {
    public int attempted() {
      return sent + retrying + failed;
    }
  }

  /** Starts the background thread; it polls every {@code pollInterval} and on {@link #wake()}. */
  public synchronized WebhookWorker start() {
    if (thread == null && !webhooks.isEmpty()) {
      thread = new Thread(this::loop, "reissued-notify");
      thread.setDaemon(true);
      thread.start();
      log.info("delivering notifications to webhook(s) {}", webhooks.keySet());
    }
    return this;
  }

  /** Asks the background thread to look for due deliveries now. */
  public void wake() {
    wakeUp.release();
  }

  private void loop() {
    while (!stopping) {
      Round round;
      try {
        round = deliverDue();
      } catch (RuntimeException failure) {
        log.warn(
            "notification delivery round failed, trying again in {}: {}",
            policy.pollInterval(),
            failure.getMessage());
        round = new Round(0, 0, 0);
      }
      if (round.attempted() < policy.batchSize()) {
        try {
          wakeUp.tryAcquire(policy.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          wakeUp.drainPermits();
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /** One round: claims up to a batch of due deliveries, sends them, records each outcome. */
  public Round deliverDue() {
    if (webhooks.isEmpty()) {
      return new Round(0, 0, 0);
    }
    int sent = 0;
    int retrying = 0;
    int failed = 0;
    for (Claimed delivery : claim()) {
      if (stopping && Thread.currentThread() == thread) {
        // Not sent: give the attempt back so that the next worker starts fresh.
        release(delivery);
        continue;
      }
      switch (deliver(delivery)) {
        case "sent" -> sent++;
        case "failed" -> failed++;
        default -> retrying++;
      }
    }
    return new Round(sent, retrying, failed);
  }

  private List<Claimed> claim() {
    Instant now = clock.instant();
    return jdbc.query(
        "UPDATE notification_delivery d SET attempts = d.attempts + 1, next_attempt_at = ?, claimed_by = ?"
            + " FROM notification n"
            + " WHERE n.id = d.notification_id AND d.id IN ("
            + "   SELECT id FROM notification_delivery"
            + "   WHERE status = 'pending' AND next_attempt_at <= ? AND webhook = ANY(?)"
            + "   ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " RETURNING d.id, d.webhook, d.attempts, n.event_type, n.account, n.certificate_id, n.domain,"
            + " n.summary, n.details::text AS details, n.created_at",
        WebhookWorker::claimed,
        now.plus(policy.lease()),
        worker,
        now,
        webhooks.keySet().toArray(new String[0]),
        policy.batchSize());
  }

  private String deliver(Claimed delivery) {
    WebhookConfig webhook = webhooks.get(delivery.webhook());
    Event event = delivery.event();
    Optional<String> problem;
    try {
      problem = sender.send(webhook, event);
    } catch (RuntimeException unexpected) {
      problem = Optional.of(unexpected.toString());
    }
    Instant now = clock.instant();
    if (problem.isEmpty()) {
      jdbc.update(
          "UPDATE notification_delivery SET status = 'sent', sent_at = ?, next_attempt_at = NULL, last_error = NULL WHERE id = ?",
          now,
          delivery.id());
      log.info(
          "sent {} about {} to webhook {} (attempt {})",
          event.type().key(),
          event.certificateId() == null ? "account " + event.account() : event.certificateId(),
          webhook.name(),
          delivery.attempt());
      return "sent";
    }
    String error = problem.get();
    if (delivery.attempt() >= policy.maxAttempts()) {
      jdbc.update(
          "UPDATE notification_delivery SET status = 'failed', next_attempt_at = NULL, last_error = ? WHERE id = ?",
          error,
          delivery.id());
      log.error(
          "webhook {}: gave up on {} about {} after {} attempts; last: {}",
          webhook.name(),
          event.type().key(),
          event.certificateId() == null ? "account " + event.account() : event.certificateId(),
          delivery.attempt(),
          error);
      return "failed";
    }
    Instant next = now.plus(policy.backoffAfter(delivery.attempt()));
    jdbc.update(
        "UPDATE notification_delivery SET next_attempt_at = ?, last_error = ? WHERE id = ?",
        next,
        error,
        delivery.id());
    log.warn(
        "webhook {}: {} about {} not delivered (attempt {} of {}): {}; next attempt after {}",
        webhook.name(),
        event.type().key(),
        event.certificateId() == null ? "account " + event.account() : event.certificateId(),
        delivery.attempt(),
        policy.maxAttempts(),
        error,
        next);
    return "retrying";
  }

  private void release(Claimed delivery) {
    jdbc.update(
        "UPDATE notification_delivery SET attempts = attempts - 1, next_attempt_at = ? WHERE id = ? AND status = 'pending'",
        clock.instant(),
        delivery.id());
  }

  private static Claimed claimed(ResultSet row) throws SQLException {
    Map<String, String> details;
    try {
      details = JSON.readValue(row.getString("details"), DETAILS);
    } catch (IOException unreadable) {
      details = Map.of();
    }
    Event event =
        new Event(
            NotifyEvent.valueOf(row.getString("event_type").toUpperCase(Locale.ROOT)),
            row.getString("account"),
            row.getString("certificate_id"),
            row.getString("domain"),
            row.getString("summary"),
            details,
            Jdbc.instant(row, "created_at"));
    return new Claimed(row.getLong("id"), row.getString("webhook"), row.getInt("attempts"), event);
  }

  /**
   * Stops the thread: the message being sent finishes (bounded by the HTTP timeout), the rest stay
   * pending.
   */
  @Override
  public void close() {
    stopping = true;
    wakeUp.release();
    Thread running;
    synchronized (this) {
      running = thread;
    }
    if (running == null) {
      return;
    }
    try {
      running.join(WebhookSender.TIMEOUT.plusSeconds(2).toMillis());
      if (running.isAlive()) {
        running.interrupt();
        running.join(Duration.ofSeconds(2).toMillis());
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
