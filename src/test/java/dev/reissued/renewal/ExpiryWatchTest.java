package dev.reissued.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.db.PostgresExtension;
import dev.reissued.notify.NotifyFixture;
import dev.reissued.notify.WebhookMessageRows;
import dev.reissued.sandbox.ReissueValidity;
import dev.reissued.sandbox.SandboxCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Certificates about to expire that reissued will not re-issue are reported, and only those. */
class ExpiryWatchTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  @TempDir Path directory;
  NotifyFixture fixture;

  NotifyFixture start(List<SandboxCertificate> inventory, String extraConfig) {
    fixture = new NotifyFixture(postgres, directory, inventory, extraConfig);
    fixture.sync();
    return fixture;
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  ExpiryWatch watch() {
    return new ExpiryWatch(fixture.engine.planner(), fixture.outbox, fixture.notify, fixture.clock);
  }

  List<String> reported() {
    return WebhookMessageRows.all(postgres.jdbc()).stream()
        .filter(row -> row.eventType().equals("expiring_unrenewable"))
        .map(WebhookMessageRows.Row::certificateId)
        .toList();
  }

  @Test
  void an_uploaded_certificate_expiring_in_ten_days_is_reported_and_one_in_sixty_days_is_not()
      throws Exception {
    start(
        List.of(
            NotifyFixture.uploaded("Upload10", "ten.example.com", 10),
            NotifyFixture.uploaded("Upload60", "sixty.example.com", 60)),
        "");

    watch().scan("main");
    fixture.worker().deliverDue();

    assertThat(reported()).containsExactly("Upload10");
    var body = fixture.receiver.await(1, Duration.ofSeconds(5)).get(0).json();
    assertThat(body.get("event").asText()).isEqualTo("expiring_unrenewable");
    // Ten days from when the sandbox was filled: 9 or 10 whole days from the test's clock.
    assertThat(body.get("summary").asText())
        .matches(
            "ten\\.example\\.com expires on \\d{4}-\\d{2}-\\d{2} \\((9|10) days left\\) and will not be re-issued: uploaded certificate.*");
    assertThat(body.get("details").get("reason").asText())
        .startsWith("uploaded certificate: re-issue is not possible");
    assertThat(body.get("details").get("days_left").asText()).isIn("9", "10");
  }

  @Test
  void a_certificate_with_renewal_disabled_is_reported_with_that_reason() {
    start(
        List.of(NotifyFixture.free("Disabled", "legacy.example.com", 10)),
        "renewal: { rules: [ { domains: [\"legacy.example.com\"], enabled: false } ] }");

    watch().scan("main");

    assertThat(reported()).containsExactly("Disabled");
    assertThat(WebhookMessageRows.only(postgres.jdbc()).summary())
        .contains("renewal disabled by renewal.rules[0]");
  }

  @Test
  void a_certificate_already_reissued_is_not_reported() {
    start(
        List.of(NotifyFixture.free("FreeDue1", "a.example.com", 10)),
        "renewal: { csrType: Original }");
    // About the re-issued original; its successor must not be near expiry itself.
    fixture.sandbox.setReissueValidity(ReissueValidity.FRESH);
    fixture.engine.renew(fixture.account(), fixture.client);
    fixture.sync();

    watch().scan("main");

    assertThat(fixture.engine.plan("main"))
        .filteredOn(decision -> decision.certificate().certificateId().equals("FreeDue1"))
        .singleElement()
        .satisfies(
            decision -> assertThat(decision.reason()).startsWith("free re-issue already used"));
    assertThat(reported()).isEmpty();
  }

  @Test
  void gone_and_long_expired_certificates_are_not_reported() {
    start(
        List.of(
            NotifyFixture.uploaded("Gone0001", "gone.example.com", 10),
            NotifyFixture.uploaded("Expired1", "old.example.com", -30)),
        "");
    fixture.engine.inventory().markGone("Gone0001", fixture.clock.instant());

    watch().scan("main");

    assertThat(reported()).isEmpty();
  }

  @Test
  void a_certificate_that_expired_yesterday_is_still_reported() {
    start(
        List.of(
            NotifyFixture.uploaded("Expired1", "yesterday.example.com", -1),
            NotifyFixture.free("Expired2", "free.example.com", -1)),
        "");

    watch().scan("main");

    assertThat(reported()).containsExactlyInAnyOrder("Expired1", "Expired2");
    assertThat(WebhookMessageRows.all(postgres.jdbc()))
        .extracting(WebhookMessageRows.Row::summary)
        .anySatisfy(
            summary ->
                assertThat(summary)
                    .startsWith("yesterday.example.com expired on ")
                    .contains("uploaded certificate"))
        .anySatisfy(
            summary ->
                assertThat(summary)
                    .matches(
                        "free\\.example\\.com will not be re-issued: expired on \\d{4}-\\d{2}-\\d{2}: apply for a new certificate"));
  }

  @Test
  void a_second_scan_within_repeat_every_sends_nothing_new() {
    start(List.of(NotifyFixture.uploaded("Upload10", "ten.example.com", 10)), "");

    watch().scan("main");
    fixture.clock.advance(Duration.ofHours(1));
    watch().scan("main");
    fixture.clock.advance(Duration.ofHours(24));
    watch().scan("main");

    assertThat(reported()).containsExactly("Upload10", "Upload10");
    assertThat(WebhookMessageRows.all(postgres.jdbc()))
        .extracting(row -> row.id())
        .doesNotHaveDuplicates();
  }
}
