package dev.reissued.notify;

import static dev.reissued.notify.WebhookMessageRows.config;
import static dev.reissued.notify.WebhookMessageRows.event;
import static dev.reissued.notify.WebhookMessageRows.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.config.NotifyEvent;
import dev.reissued.config.WebhookConfig;
import dev.reissued.config.WebhookKind;
import dev.reissued.db.PostgresExtension;
import dev.reissued.testing.Await;
import dev.reissued.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sending, retrying with backoff, giving up, and keeping several workers apart. */
class WebhookWorkerTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  final SettableClock clock = SettableClock.now();
  final WebhookReceiver receiver = WebhookReceiver.start();
  final WebhookRetry policy =
      new WebhookRetry(
          4,
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          20,
          Duration.ofMillis(100));

  @AfterEach
  void stop() {
    receiver.close();
  }

  WebhookWorker worker(WebhookConfig... webhooks) {
    return new WebhookWorker(
        postgres.jdbc(), List.of(webhooks), policy, clock, new WebhookSender());
  }

  void publish(WebhookConfig webhook, String certificateId) {
    new Outbox(postgres.jdbc(), config(webhook), clock)
        .record(event(NotifyEvent.REISSUE_FAILED, certificateId, clock.instant()));
  }

  @Test
  void a_failing_webhook_is_retried_with_backoff_and_marked_sent_when_it_recovers()
      throws Exception {
    WebhookConfig ops = webhook("ops", WebhookKind.generic, receiver.url("/hook"));
    WebhookWorker worker = worker(ops);
    publish(ops, "CERT0001");
    receiver.answerNext(500, "upstream down");
    receiver.answerNext(503, "");
    Instant start = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);

    WebhookWorker.Round first = worker.deliverDue();
    WebhookMessageRows.Row afterFirst = WebhookMessageRows.only(postgres.jdbc());
    WebhookWorker.Round tooEarly = worker.deliverDue();
    clock.advance(Duration.ofSeconds(30));
    WebhookWorker.Round second = worker.deliverDue();
    WebhookMessageRows.Row afterSecond = WebhookMessageRows.only(postgres.jdbc());
    clock.advance(Duration.ofSeconds(59));
    WebhookWorker.Round stillBackingOff = worker.deliverDue();
    clock.advance(Duration.ofSeconds(1));
    WebhookWorker.Round third = worker.deliverDue();

    assertThat(first.retrying()).isEqualTo(1);
    assertThat(afterFirst.status()).isEqualTo("pending");
    assertThat(afterFirst.lastError()).isEqualTo("HTTP 500: upstream down");
    assertThat(afterFirst.nextAttemptAt()).isEqualTo(start.plusSeconds(30));
    assertThat(tooEarly.attempted()).isZero();
    assertThat(second.retrying()).isEqualTo(1);
    assertThat(afterSecond.lastError()).isEqualTo("HTTP 503");
    assertThat(afterSecond.nextAttemptAt()).isEqualTo(start.plusSeconds(30 + 60));
    assertThat(stillBackingOff.attempted()).isZero();
    assertThat(third.sent()).isEqualTo(1);
    WebhookMessageRows.Row done = WebhookMessageRows.only(postgres.jdbc());
    assertThat(done.status()).isEqualTo("sent");
    assertThat(done.attempts()).isEqualTo(3);
    assertThat(done.sentAt()).isEqualTo(start.plusSeconds(90));
    assertThat(done.lastError()).isNull();
    assertThat(receiver.received()).hasSize(3);
  }

  @Test
  void a_wecom_errcode_in_a_200_answer_is_a_failure_and_gives_up_after_the_last_attempt() {
    WebhookConfig ops =
        webhook("ops", WebhookKind.wecom, receiver.url("/cgi-bin/webhook/send?key=secret-token"));
    receiver.answer(
        200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url, hint: [1700000000_abc]\"}");
    WebhookWorker worker = worker(ops);
    publish(ops, "CERT0001");

    List<WebhookWorker.Round> rounds = new ArrayList<>();
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      rounds.add(worker.deliverDue());
      clock.advance(policy.maxBackoff());
    }
    WebhookWorker.Round afterGivingUp = worker.deliverDue();

    assertThat(rounds).extracting(WebhookWorker.Round::retrying).containsExactly(1, 1, 1, 0);
    assertThat(rounds.get(3).failed()).isEqualTo(1);
    assertThat(afterGivingUp.attempted()).isZero();
    WebhookMessageRows.Row row = WebhookMessageRows.only(postgres.jdbc());
    assertThat(row.status()).isEqualTo("failed");
    assertThat(row.attempts()).isEqualTo(4);
    assertThat(row.nextAttemptAt()).isNull();
    assertThat(row.lastError()).startsWith("errcode 93000: invalid webhook url");
    assertThat(receiver.received()).hasSize(4);
  }

  @Test
  void dingtalk_errcode_and_feishu_code_are_failures_and_zero_codes_are_not() {
    WebhookConfig dingtalk =
        webhook("ding", WebhookKind.dingtalk, receiver.url("/robot/send?access_token=t"));
    WebhookConfig feishu =
        webhook("lark", WebhookKind.feishu, receiver.url("/open-apis/bot/v2/hook/t"));
    WebhookWorker worker = worker(dingtalk, feishu);
    publish(dingtalk, "CERT0001");
    receiver.answerNext(200, "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}");
    worker.deliverDue();
    publish(feishu, "CERT0002");
    receiver.answerNext(200, "{\"code\":19024,\"msg\":\"Key Words Not Found\",\"data\":{}}");
    worker.deliverDue();
    clock.advance(policy.maxBackoff());
    receiver.answerNext(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    receiver.answerNext(200, "{\"code\":0,\"msg\":\"success\",\"data\":{},\"StatusCode\":0}");

    WebhookWorker.Round retry = worker.deliverDue();

    assertThat(retry.sent()).isEqualTo(2);
    assertThat(WebhookMessageRows.all(postgres.jdbc()))
        .extracting(
            WebhookMessageRows.Row::webhook,
            WebhookMessageRows.Row::status,
            WebhookMessageRows.Row::attempts)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("ding", "sent", 2),
            org.assertj.core.groups.Tuple.tuple("lark", "sent", 2));
  }

  @Test
  void the_webhook_url_never_appears_in_the_recorded_error() {
    WebhookConfig ops =
        webhook("ops", WebhookKind.wecom, receiver.url("/cgi-bin/webhook/send?key=secret-token"));
    receiver.answer(404, "no robot at /cgi-bin/webhook/send?key=secret-token");
    publish(ops, "CERT0001");

    worker(ops).deliverDue();

    assertThat(WebhookMessageRows.only(postgres.jdbc()).lastError())
        .startsWith("HTTP 404")
        .doesNotContain("secret-token");
  }

  @Test
  void an_unreachable_webhook_is_a_retryable_failure() {
    WebhookConfig ops = webhook("ops", WebhookKind.generic, "http://127.0.0.1:1/hook");
    publish(ops, "CERT0001");

    WebhookWorker.Round round = worker(ops).deliverDue();

    assertThat(round.retrying()).isEqualTo(1);
    assertThat(WebhookMessageRows.only(postgres.jdbc()).lastError()).contains("ConnectException");
  }

  @Test
  void two_workers_on_one_database_send_each_message_once() throws Exception {
    WebhookConfig ops = webhook("ops", WebhookKind.generic, receiver.url("/hook"));
    for (int index = 0; index < 30; index++) {
      publish(ops, "CERT%04d".formatted(index));
    }
    List<WebhookWorker> workers = List.of(worker(ops), worker(ops), worker(ops));
    ExecutorService threads = Executors.newFixedThreadPool(workers.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> sent = new ArrayList<>();
      for (WebhookWorker worker : workers) {
        sent.add(
            threads.submit(
                () -> {
                  start.await();
                  int total = 0;
                  for (WebhookWorker.Round round = worker.deliverDue();
                      round.attempted() > 0;
                      round = worker.deliverDue()) {
                    total += round.sent();
                  }
                  return total;
                }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> count : sent) {
        total += count.get();
      }

      assertThat(total).isEqualTo(30);
      assertThat(receiver.received()).hasSize(30);
      assertThat(
              receiver.received().stream()
                  .map(request -> request.json().get("certificate_id").asText())
                  .distinct())
          .hasSize(30);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void the_background_worker_sends_a_new_message_without_waiting_for_its_poll() throws Exception {
    WebhookConfig ops = webhook("ops", WebhookKind.generic, receiver.url("/hook"));
    WebhookRetry slowPoll =
        new WebhookRetry(
            4,
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            20,
            Duration.ofMinutes(10));
    Outbox outbox = new Outbox(postgres.jdbc(), config(ops), clock);
    try (WebhookWorker worker =
        new WebhookWorker(postgres.jdbc(), List.of(ops), slowPoll, clock, new WebhookSender())
            .start()) {
      outbox.onRecorded(worker::wake);
      outbox.record(event(NotifyEvent.REISSUE_FAILED, "CERT0001", clock.instant()));
      await(
          () ->
              WebhookMessageRows.all(postgres.jdbc()).stream()
                  .allMatch(row -> row.status().equals("sent")));
      // That round is over; the worker now waits ten minutes unless woken.
      outbox.record(event(NotifyEvent.REISSUE_FAILED, "CERT0002", clock.instant()));

      var received = receiver.await(2, Duration.ofSeconds(10));

      assertThat(received.get(1).json().get("certificate_id").asText()).isEqualTo("CERT0002");
      await(
          () ->
              WebhookMessageRows.all(postgres.jdbc()).stream()
                  .allMatch(row -> row.status().equals("sent")));
    }
  }

  @Test
  void closing_a_worker_stuck_on_a_hanging_webhook_returns_within_the_http_timeout()
      throws Exception {
    WebhookConfig ops = webhook("ops", WebhookKind.generic, receiver.url("/hook"));
    receiver.hold();
    publish(ops, "CERT0001");
    WebhookWorker worker =
        new WebhookWorker(
                postgres.jdbc(),
                List.of(ops),
                policy,
                clock,
                new WebhookSender(Duration.ofSeconds(2)))
            .start();
    receiver.await(1, Duration.ofSeconds(10));

    Instant before = Instant.now();
    worker.close();

    assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(6));
    WebhookMessageRows.Row row = WebhookMessageRows.only(postgres.jdbc());
    assertThat(row.status()).isEqualTo("pending");
    assertThat(row.lastError()).contains("timed out");
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    Await.until(Duration.ofSeconds(10), condition);
  }
}
