package dev.reissued.notify;

import static dev.reissued.notify.WebhookMessageRows.config;
import static dev.reissued.notify.WebhookMessageRows.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reissued.config.NotifyEvent;
import dev.reissued.config.WebhookKind;
import dev.reissued.db.PostgresExtension;
import dev.reissued.testing.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each kind of webhook receives the body its service documents (see {@link WebhookMessages}), over
 * real HTTP from the outbox through the delivery worker.
 */
class WebhookPayloadsTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  final SettableClock clock = new SettableClock(Instant.parse("2025-03-01T08:30:00Z"));
  final WebhookReceiver receiver = WebhookReceiver.start();

  final Event failed =
      new Event(
          NotifyEvent.REISSUE_FAILED,
          "main",
          "Ab12Cd34",
          "shop.example.com",
          "re-issue of shop.example.com failed: FailedOperation.CertificateInvalid",
          Map.of("code", "FailedOperation.CertificateInvalid", "reissue_id", "42"),
          clock.instant());

  @AfterEach
  void stop() {
    receiver.close();
  }

  JsonNode deliveredTo(WebhookKind kind, Event event) throws Exception {
    var webhook = webhook(kind.name(), kind, receiver.url("/" + kind.name()));
    new Outbox(postgres.jdbc(), config(webhook), clock).record(event);
    WebhookWorker worker =
        new WebhookWorker(
            postgres.jdbc(), List.of(webhook), WebhookRetry.DEFAULT, clock, new WebhookSender());

    WebhookWorker.Round round = worker.deliverDue();

    assertThat(round.sent()).as("sent").isEqualTo(1);
    WebhookReceiver.Received request = receiver.await(1, Duration.ofSeconds(5)).get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/" + kind.name());
    assertThat(request.contentType()).startsWith("application/json");
    return request.json();
  }

  @Test
  void generic_webhook_gets_reissueds_own_json() throws Exception {
    JsonNode body = deliveredTo(WebhookKind.generic, failed);

    assertThat(body.get("event").asText()).isEqualTo("reissue_failed");
    assertThat(body.get("account").asText()).isEqualTo("main");
    assertThat(body.get("certificate_id").asText()).isEqualTo("Ab12Cd34");
    assertThat(body.get("domain").asText()).isEqualTo("shop.example.com");
    assertThat(body.get("summary").asText()).isEqualTo(failed.summary());
    assertThat(body.get("details").get("code").asText())
        .isEqualTo("FailedOperation.CertificateInvalid");
    assertThat(body.get("details").get("reissue_id").asText()).isEqualTo("42");
    assertThat(Instant.parse(body.get("at").asText())).isEqualTo(clock.instant());
  }

  @Test
  void wecom_robot_gets_a_markdown_message() throws Exception {
    JsonNode body = deliveredTo(WebhookKind.wecom, failed);

    assertThat(fieldNames(body)).containsExactlyInAnyOrder("msgtype", "markdown");
    assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
    assertThat(fieldNames(body.get("markdown"))).containsExactly("content");
    String content = body.get("markdown").get("content").asText();
    assertThat(content)
        .contains(
            "[reissued] re-issue failed",
            failed.summary(),
            "Ab12Cd34",
            "FailedOperation.CertificateInvalid");
    assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
  }

  @Test
  void dingtalk_robot_gets_a_markdown_message_with_a_title() throws Exception {
    JsonNode body = deliveredTo(WebhookKind.dingtalk, failed);

    assertThat(fieldNames(body)).containsExactlyInAnyOrder("msgtype", "markdown");
    assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
    assertThat(fieldNames(body.get("markdown"))).containsExactlyInAnyOrder("title", "text");
    assertThat(body.get("markdown").get("title").asText()).isEqualTo("[reissued] re-issue failed");
    assertThat(body.get("markdown").get("text").asText())
        .contains(failed.summary(), "Ab12Cd34", "account: main");
  }

  @Test
  void feishu_bot_gets_a_text_message() throws Exception {
    JsonNode body = deliveredTo(WebhookKind.feishu, failed);

    assertThat(fieldNames(body)).containsExactlyInAnyOrder("msg_type", "content");
    assertThat(body.get("msg_type").asText()).isEqualTo("text");
    assertThat(fieldNames(body.get("content"))).containsExactly("text");
    assertThat(body.get("content").get("text").asText())
        .startsWith("[reissued] re-issue failed\n")
        .contains(failed.summary());
  }

  @Test
  void slack_webhook_gets_text_with_its_control_characters_escaped() throws Exception {
    Event awkward =
        new Event(
            NotifyEvent.REISSUE_SUCCEEDED,
            "main",
            "Ab12Cd34",
            "a.example.com",
            "re-issued <a.example.com> & co",
            Map.of(),
            clock.instant());

    JsonNode body = deliveredTo(WebhookKind.slack, awkward);

    assertThat(fieldNames(body)).containsExactly("text");
    assertThat(body.get("text").asText())
        .startsWith("*[reissued] certificate re-issued*\n")
        .contains("re-issued &lt;a.example.com&gt; &amp; co")
        .doesNotContain("<a.example.com>");
  }

  @Test
  void a_long_message_is_cut_to_what_wecom_accepts() throws Exception {
    Event verbose =
        new Event(
            NotifyEvent.EXPIRING_UNRENEWABLE,
            "main",
            "Ab12Cd34",
            "a.example.com",
            "证书".repeat(3000),
            Map.of(),
            clock.instant());

    JsonNode body = deliveredTo(WebhookKind.wecom, verbose);

    String content = body.get("markdown").get("content").asText();
    assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    assertThat(content).endsWith("…").doesNotContain("\uFFFD");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
