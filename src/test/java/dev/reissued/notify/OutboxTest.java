package dev.reissued.notify;

import static dev.reissued.notify.WebhookMessageRows.config;
import static dev.reissued.notify.WebhookMessageRows.event;
import static dev.reissued.notify.WebhookMessageRows.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reissued.config.NotifyConfig;
import dev.reissued.config.NotifyEvent;
import dev.reissued.config.WebhookKind;
import dev.reissued.db.Jdbc;
import dev.reissued.db.PostgresExtension;
import dev.reissued.testing.SettableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Publishing records one delivery per webhook, and repeats are held back in the database. */
class OutboxTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  final SettableClock clock = SettableClock.now();
  final NotifyConfig twoWebhooks =
      config(
          webhook(
              "ops", WebhookKind.wecom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=one"),
          webhook(
              "audit",
              WebhookKind.generic,
              "https://audit.example.com/hook",
              NotifyEvent.REISSUE_SUCCEEDED));

  @Test
  void publishing_records_one_pending_delivery_per_webhook_that_wants_the_event() {
    Outbox outbox = new Outbox(postgres.jdbc(), twoWebhooks, clock);

    List<String> failed =
        outbox.record(event(NotifyEvent.REISSUE_FAILED, "CERT0001", clock.instant()));
    List<String> succeeded =
        outbox.record(event(NotifyEvent.REISSUE_SUCCEEDED, "CERT0002", clock.instant()));

    assertThat(failed).containsExactly("ops");
    assertThat(succeeded).containsExactlyInAnyOrder("ops", "audit");
    assertThat(WebhookMessageRows.all(postgres.jdbc()))
        .extracting(
            WebhookMessageRows.Row::eventType,
            WebhookMessageRows.Row::webhook,
            WebhookMessageRows.Row::status,
            WebhookMessageRows.Row::attempts)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("reissue_failed", "ops", "pending", 0),
            org.assertj.core.groups.Tuple.tuple("reissue_succeeded", "ops", "pending", 0),
            org.assertj.core.groups.Tuple.tuple("reissue_succeeded", "audit", "pending", 0));
  }

  @Test
  void repeats_within_repeat_every_are_suppressed_and_go_out_again_after_it() {
    Outbox outbox = new Outbox(postgres.jdbc(), twoWebhooks, clock);

    List<String> first =
        outbox.record(event(NotifyEvent.REISSUE_FAILED, "CERT0001", clock.instant()));
    clock.advance(Duration.ofHours(23));
    List<String> repeat =
        outbox.record(event(NotifyEvent.REISSUE_FAILED, "CERT0001", clock.instant()));
    List<String> otherCertificate =
        outbox.record(event(NotifyEvent.REISSUE_FAILED, "CERT0002", clock.instant()));
    List<String> otherEvent =
        outbox.record(event(NotifyEvent.OUTCOME_UNKNOWN, "CERT0001", clock.instant()));
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    List<String> afterRepeatEvery =
        outbox.record(event(NotifyEvent.REISSUE_FAILED, "CERT0001", clock.instant()));

    assertThat(first).containsExactly("ops");
    assertThat(repeat).isEmpty();
    assertThat(otherCertificate).containsExactly("ops");
    assertThat(otherEvent).containsExactly("ops");
    assertThat(afterRepeatEvery).containsExactly("ops");
    assertThat(WebhookMessageRows.all(postgres.jdbc())).hasSize(4);
  }

  @Test
  void account_refusals_repeat_per_account_whatever_the_certificate() {
    Outbox outbox = new Outbox(postgres.jdbc(), twoWebhooks, clock);

    List<String> first =
        outbox.record(event(NotifyEvent.ACCOUNT_REFUSED, "CERT0001", clock.instant()));
    List<String> sameAccount =
        outbox.record(event(NotifyEvent.ACCOUNT_REFUSED, "CERT0002", clock.instant()));
    List<String> noCertificate =
        outbox.record(event(NotifyEvent.ACCOUNT_REFUSED, null, clock.instant()));

    assertThat(first).containsExactly("ops");
    assertThat(sameAccount).isEmpty();
    assertThat(noCertificate).isEmpty();
  }

  @Test
  void a_webhook_added_later_gets_the_event_even_within_repeat_every() {
    new Outbox(
            postgres.jdbc(),
            config(webhook("ops", WebhookKind.wecom, "https://example.com/a")),
            clock)
        .record(event(NotifyEvent.REISSUE_FAILED, "CERT0001", clock.instant()));
    Outbox reconfigured =
        new Outbox(
            postgres.jdbc(),
            config(
                webhook("ops", WebhookKind.wecom, "https://example.com/a"),
                webhook("pager", WebhookKind.slack, "https://example.com/b")),
            clock);

    assertThat(reconfigured.record(event(NotifyEvent.REISSUE_FAILED, "CERT0001", clock.instant())))
        .containsExactly("pager");
  }

  @Test
  void two_daemons_publishing_the_same_event_at_once_record_it_once_per_webhook() throws Exception {
    // Two pools on one database, as two daemons would have; eight publishers on each.
    try (HikariDataSource otherPool = pool(postgres.jdbcUrl())) {
      List<Outbox> outboxes = new ArrayList<>();
      for (int index = 0; index < 16; index++) {
        Jdbc jdbc = index % 2 == 0 ? postgres.jdbc() : new Jdbc(otherPool);
        outboxes.add(new Outbox(jdbc, twoWebhooks, clock));
      }
      ExecutorService threads = Executors.newFixedThreadPool(outboxes.size());
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<List<String>>> results = new ArrayList<>();
        for (Outbox outbox : outboxes) {
          results.add(
              threads.submit(
                  () -> {
                    start.await();
                    return outbox.record(
                        event(NotifyEvent.REISSUE_SUCCEEDED, "CERT0001", clock.instant()));
                  }));
        }
        start.countDown();
        List<String> recordedFor = new ArrayList<>();
        for (Future<List<String>> result : results) {
          recordedFor.addAll(result.get());
        }

        assertThat(recordedFor).containsExactlyInAnyOrder("ops", "audit");
        assertThat(WebhookMessageRows.all(postgres.jdbc())).hasSize(2);
      } finally {
        threads.shutdownNow();
      }
    }
  }

  @Test
  void nothing_is_written_when_no_webhook_wants_the_event() {
    Outbox outbox = new Outbox(postgres.jdbc(), NotifyConfig.NONE, clock);

    assertThat(outbox.record(event(NotifyEvent.REISSUE_FAILED, "CERT0001", clock.instant())))
        .isEmpty();
    assertThat(postgres.jdbc().queryOne("SELECT count(*) FROM notification", row -> row.getLong(1)))
        .contains(0L);
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(0);
    return new HikariDataSource(config);
  }
}
