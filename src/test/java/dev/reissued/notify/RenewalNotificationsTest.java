package dev.reissued.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.Secret;
import dev.reissued.db.PostgresExtension;
import dev.reissued.inventory.InventorySync;
import dev.reissued.sandbox.SandboxCertificate;
import dev.reissued.schedule.AccountRefusals;
import dev.reissued.schedule.Duty;
import dev.reissued.schedule.DutyRunner;
import dev.reissued.tencent.TencentApiException;
import dev.reissued.tencent.TencentClient;
import dev.reissued.tencent.TencentClients;
import dev.reissued.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The engine's events reach the webhooks, and a webhook in trouble never holds up a renewal. */
class RenewalNotificationsTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  NotifyFixture fixture;

  NotifyFixture start(List<SandboxCertificate> inventory) {
    fixture = new NotifyFixture(postgres, directory, inventory, "renewal: { csrType: Original }");
    fixture.sync();
    return fixture;
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void a_reissue_is_announced_to_the_webhook_with_the_new_certificate_id() throws Exception {
    start(List.of(NotifyFixture.free("FreeDue1", "a.example.com", 10)));

    fixture.engine.renew(fixture.account(), fixture.client);
    fixture.worker().deliverDue();

    var body = fixture.receiver.await(1, Duration.ofSeconds(5)).get(0).json();
    String newId = fixture.sandbox.certificate("FreeDue1").orElseThrow().replacedFor();
    assertThat(body.get("event").asText()).isEqualTo("reissue_succeeded");
    assertThat(body.get("certificate_id").asText()).isEqualTo("FreeDue1");
    assertThat(body.get("domain").asText()).isEqualTo("a.example.com");
    assertThat(body.get("details").get("new_certificate_id").asText()).isEqualTo(newId);
    assertThat(WebhookMessageRows.only(postgres.jdbc()).status()).isEqualTo("sent");
  }

  @Test
  void a_renewal_pass_finishes_while_the_webhook_hangs() throws Exception {
    start(
        List.of(
            NotifyFixture.free("FreeDue1", "a.example.com", 10),
            NotifyFixture.free("FreeDue2", "b.example.com", 5)));
    fixture.receiver.hold();
    try (WebhookWorker worker = fixture.worker().start()) {
      fixture.outbox.onRecorded(worker::wake);
      fixture.outbox.record(
          WebhookMessageRows.event(
              dev.reissued.config.NotifyEvent.REISSUE_FAILED, "Earlier1", fixture.clock.instant()));
      fixture.receiver.await(1, Duration.ofSeconds(10));

      Instant before = Instant.now();
      var pass = fixture.engine.renew(fixture.account(), fixture.client);
      Duration took = Duration.between(before, Instant.now());

      assertThat(pass.sent()).isEqualTo(2);
      assertThat(took).isLessThan(Duration.ofSeconds(5));
      assertThat(fixture.receiver.received()).hasSize(1);
      assertThat(WebhookMessageRows.all(postgres.jdbc()))
          .filteredOn(row -> row.eventType().equals("reissue_succeeded"))
          .extracting(WebhookMessageRows.Row::certificateId)
          .containsExactlyInAnyOrder("FreeDue1", "FreeDue2");
      fixture.receiver.release();
      Await.until(
          Duration.ofSeconds(20),
          () ->
              WebhookMessageRows.all(postgres.jdbc()).stream()
                  .allMatch(row -> row.status().equals("sent")));
    }
  }

  @Test
  void a_sync_refused_for_bad_credentials_raises_account_refused_once() throws Exception {
    start(List.of(NotifyFixture.free("FreeLate", "late.example.com", 80)));
    AccountConfig good = fixture.account();
    AccountConfig wrongKey =
        new AccountConfig(
            good.name(),
            good.secretId(),
            Secret.of("not-the-key"),
            good.endpoint(),
            good.region(),
            good.requestsPerSecond(),
            good.connectTimeout(),
            good.readTimeout());
    try (TencentClient refused = TencentClients.forAccount(wrongKey)) {
      DutyRunner runner =
          AccountRefusals.reporting(
              fixture.outbox,
              fixture.clock,
              (duty, account) -> new InventorySync(postgres.jdbc(), fixture.clock).sync(refused));

      assertThatThrownBy(() -> runner.run(Duty.SYNC, wrongKey))
          .isInstanceOf(TencentApiException.class);
      assertThatThrownBy(() -> runner.run(Duty.SYNC, wrongKey))
          .isInstanceOf(TencentApiException.class);
    }

    WebhookMessageRows.Row row = WebhookMessageRows.only(postgres.jdbc());
    assertThat(row.eventType()).isEqualTo("account_refused");
    assertThat(row.account()).isEqualTo("main");
    assertThat(row.summary()).contains("AuthFailure");
  }

  @Test
  void a_duty_failing_for_other_reasons_raises_nothing() {
    start(List.of());
    DutyRunner runner =
        AccountRefusals.reporting(
            fixture.outbox,
            fixture.clock,
            (duty, account) -> {
              throw new IllegalStateException("database down");
            });

    assertThatThrownBy(() -> runner.run(Duty.RENEW, fixture.account())).hasMessage("database down");
    assertThat(WebhookMessageRows.all(postgres.jdbc())).isEmpty();
  }

  @Test
  void reconciling_with_refused_credentials_raises_account_refused() {
    start(List.of(NotifyFixture.free("FreeLost", "lost.example.com", 5)));
    Instant now = fixture.clock.instant();
    postgres
        .jdbc()
        .update(
            "INSERT INTO reissue (certificate_id, account, lineage_id, is_free, state, csr_type, valid_type, requested_at,"
                + " sent_at, claimed_by, owner_lease) VALUES ('FreeLost', 'main', 'FreeLost', true, 'unknown', 'Original',"
                + " 'DNS_AUTO', ?, ?, 'a process that died', 12345)",
            now,
            now);
    AccountConfig good = fixture.account();
    AccountConfig wrongKey =
        new AccountConfig(
            good.name(),
            good.secretId(),
            Secret.of("not-the-key"),
            good.endpoint(),
            good.region(),
            good.requestsPerSecond(),
            good.connectTimeout(),
            good.readTimeout());

    try (TencentClient refused = TencentClients.forAccount(wrongKey)) {
      fixture.engine.reconcile(wrongKey, refused);
    }

    WebhookMessageRows.Row row = WebhookMessageRows.only(postgres.jdbc());
    assertThat(row.eventType()).isEqualTo("account_refused");
    assertThat(row.certificateId()).isEqualTo("FreeLost");
  }
}
