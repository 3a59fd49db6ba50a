package dev.reissued.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reissued.config.NotifyConfig;
import dev.reissued.config.NotifyEvent;
import dev.reissued.config.WebhookConfig;
import dev.reissued.db.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink a running reissued publishes to: each event becomes a {@code notification} row and one
 * {@code notification_delivery} row per webhook that wants it, in one short transaction. Nothing is
 * sent here; the {@link WebhookWorker} sends later, so publishing costs a renewal one insert.
 *
 * <p>Repeats are decided in the database, so that several daemons on one database send once: at
 * most one delivery per (event type, subject, webhook) per {@code notify.repeatEvery}, where the
 * subject is the certificate, or the account for account-wide events. The check and the insert run
 * under a transaction-scoped advisory lock keyed on (event type, subject); a second publisher of
 * the same event waits for the first to commit, and its check (a new statement, so a new snapshot
 * under READ COMMITTED) then sees the first one's rows.
 */
public final class Outbox implements EventSink {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** The first key of the two-key advisory lock: "NOTI" (the process lease uses "REIS"). */
  static final int LOCK_NAMESPACE = 0x4E4F5449;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbc jdbc;
  private final List<WebhookConfig> webhooks;
  private final Duration repeatEvery;
  private final Clock clock;
  private volatile Runnable onRecorded = () -> {};

  public Outbox(Jdbc jdbc, NotifyConfig config, Clock clock) {
    this.jdbc = jdbc;
    this.webhooks = config.webhooks();
    this.repeatEvery = config.repeatEvery();
    this.clock = clock;
  }

  /** Called after a publish recorded something, e.g. to wake this process's delivery worker. */
  public void onRecorded(Runnable listener) {
    this.onRecorded = listener;
  }

  @Override
  public void publish(Event event) {
    record(event);
  }

  /**
   * Records the event for every webhook that wants it and has not had it for this subject within
   * {@code notify.repeatEvery}.
   *
   * @return the names of the webhooks it was recorded for; empty when all were repeats (or none
   *     wants it)
   */
  public List<String> record(Event event) {
    List<String> wanting =
        webhooks.stream()
            .filter(webhook -> webhook.wants(event.type()))
            .map(WebhookConfig::name)
            .toList();
    if (wanting.isEmpty()) {
      return List.of();
    }
    String type = event.type().key();
    String subject = subjectOf(event);
    Instant now = clock.instant();
    String details = json(event);
    List<String> recorded =
        jdbc.inTransaction(
            handle -> {
              handle.query(
                  "SELECT pg_advisory_xact_lock(?, hashtext(?))",
                  row -> 0,
                  LOCK_NAMESPACE,
                  type + "|" + subject);
              Set<String> recent =
                  new HashSet<>(
                      handle.query(
                          "SELECT DISTINCT d.webhook FROM notification n JOIN notification_delivery d ON d.notification_id = n.id"
                              + " WHERE n.event_type = ? AND n.subject = ? AND n.created_at > ?",
                          row -> row.getString(1),
                          type,
                          subject,
                          now.minus(repeatEvery)));
              List<String> fresh = wanting.stream().filter(name -> !recent.contains(name)).toList();
              if (fresh.isEmpty()) {
                return fresh;
              }
              long id =
                  handle
                      .queryOne(
                          "INSERT INTO notification (event_type, subject, account, certificate_id, domain, summary, details, created_at)"
                              + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
                              + " RETURNING id",
                          row -> row.getLong(1),
                          type,
                          subject,
                          event.account(),
                          event.certificateId(),
                          event.domain(),
                          event.summary(),
                          details,
                          now)
                      .orElseThrow();
              List<Object[]> rows = new ArrayList<>();
              for (String webhook : fresh) {
                rows.add(new Object[] {id, webhook, now, now});
              }
              handle.batch(
                  "INSERT INTO notification_delivery (notification_id, webhook, next_attempt_at, created_at) VALUES (?, ?, ?, ?)",
                  rows);
              return fresh;
            });
    if (recorded.isEmpty()) {
      log.debug(
          "{} about {} not recorded again: already sent to every webhook within {}",
          type,
          subject,
          repeatEvery);
    } else {
      log.debug("{} about {} recorded for webhook(s) {}", type, subject, recorded);
      onRecorded.run();
    }
    return recorded;
  }

  /** What repeats are counted against: account-wide events by account, the rest by certificate. */
  static String subjectOf(Event event) {
    if (event.type() == NotifyEvent.ACCOUNT_REFUSED
        || event.type() == NotifyEvent.QUOTA_EXHAUSTED
        || event.type() == NotifyEvent.CLOUD_ROLE_MISSING
        || event.certificateId() == null
        || event.certificateId().isBlank()) {
      return "account:" + event.account();
    }
    return event.certificateId();
  }

  private static String json(Event event) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(event.details()));
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("cannot write event details as JSON", impossible);
    }
  }
}
