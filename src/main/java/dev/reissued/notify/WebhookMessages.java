package dev.reissued.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reissued.config.NotifyEvent;
import dev.reissued.config.WebhookKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The message body each service expects for an event, and how each says a message was refused.
 * Checked against the services' documentation (and copies of it) before writing this:
 *
 * <ul>
 *   <li><b>wecom</b>, WeCom group robot (developer.work.weixin.qq.com/document/path/91770, also
 *       hexdocs.pm/wechat_sdk WeChat.Work.ChatRobot): {@code {"msgtype":"markdown","markdown":
 *       {"content":...}}}; markdown content at most 4096 bytes; supported: bold, quotes, links,
 *       inline code, font colours (no lists). Answers HTTP 200 with {@code
 *       {"errcode":0,"errmsg":"ok"}}, a non-zero {@code errcode} on failure (e.g. 45009 rate limit:
 *       20 messages a minute).
 *   <li><b>dingtalk</b>, DingTalk custom robot
 *       (open.dingtalk.com/document/orgapp/custom-robot-access and robot-message-type, also Alibaba
 *       Cloud OOS ACS::Notify::DingTalkWebhook): {@code
 *       {"msgtype":"markdown","markdown":{"title":...,"text":...}}}; the title is what the chat
 *       list previews. Answers {@code errcode}/{@code errmsg} like WeCom (310000 for a failed
 *       keyword or signature check). A robot with "custom keywords" security needs one in the
 *       message: every message starts with "[reissued]".
 *   <li><b>feishu</b>, Feishu/Lark custom bot
 *       (open.feishu.cn/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN): {@code
 *       {"msg_type":"text","content":{"text":...}}}, body at most 20 KB. Answers {@code
 *       {"code":0,"msg":"success",...}}; refusals carry a non-zero {@code code} (9499 Bad Request,
 *       19021 signature, 19024 keywords); old answers only had {@code StatusCode}.
 *   <li><b>slack</b>, Slack incoming webhook
 *       (docs.slack.dev/tools/java-slack-sdk/guides/incoming-webhooks): {@code {"text":...}} in
 *       mrkdwn, with {@code &}, {@code <}, {@code >} escaped. Slack answers errors with HTTP status
 *       codes (400 invalid_payload, 403, 404 no_service), "ok" otherwise.
 *   <li><b>generic</b>: reissued's own JSON, {@code {"event","account","certificate_id","domain",
 *       "summary","details","at"}}, {@code at} in ISO-8601; any 2xx is success.
 * </ul>
 *
 * <p>Signed robots (DingTalk and Feishu "signature" security) are not supported: configure them
 * with keyword or IP allow-list security instead.
 */
public final class WebhookMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * WeCom's markdown limit is 4096 bytes; the others allow more. Leave room for the JSON around it.
   */
  static final int MAX_TEXT_BYTES = 4000;

  private WebhookMessages() {}

  /** The JSON body to POST to a webhook of this kind. */
  public static String body(WebhookKind kind, Event event) {
    return body(kind, event.type().key(), title(event), event);
  }

  /**
   * A message that only says the webhook works, in the webhook's format, with event {@code "test"}.
   */
  public static String testBody(WebhookKind kind, String summary, java.time.Instant at) {
    Event test = new Event(NotifyEvent.REISSUE_SUCCEEDED, "-", null, null, summary, Map.of(), at);
    return body(kind, "test", "[reissued] test message", test);
  }

  private static String body(WebhookKind kind, String key, String title, Event event) {
    ObjectNode root = JSON.createObjectNode();
    switch (kind) {
      case generic -> {
        root.put("event", key);
        root.put("account", event.account());
        root.put("certificate_id", event.certificateId());
        root.put("domain", event.domain());
        root.put("summary", event.summary());
        ObjectNode details = root.putObject("details");
        event.details().forEach(details::put);
        root.put("at", event.at().toString());
      }
      case wecom -> {
        root.put("msgtype", "markdown");
        root.putObject("markdown").put("content", truncate(wecomMarkdown(title, event)));
      }
      case dingtalk -> {
        root.put("msgtype", "markdown");
        ObjectNode markdown = root.putObject("markdown");
        markdown.put("title", title);
        markdown.put("text", truncate(dingtalkMarkdown(title, event)));
      }
      case feishu -> {
        root.put("msg_type", "text");
        root.putObject("content").put("text", truncate(plainText(title, event)));
      }
      case slack -> root.put("text", truncate(slackText(title, event)));
    }
    return root.toString();
  }

  /**
   * Why the service refused the message, if it did: any non-2xx status; for WeCom and DingTalk a
   * non-zero {@code errcode}; for Feishu a non-zero {@code code} (or {@code StatusCode}).
   */
  public static Optional<String> refusal(WebhookKind kind, int status, String body) {
    if (status < 200 || status > 299) {
      return Optional.of("HTTP " + status + excerpt(body));
    }
    JsonNode answer = parse(body);
    if (answer == null) {
      return Optional.empty();
    }
    switch (kind) {
      case wecom, dingtalk -> {
        JsonNode code = answer.get("errcode");
        if (code != null && code.asLong(-1) != 0) {
          return Optional.of("errcode " + code.asText() + ": " + answer.path("errmsg").asText(""));
        }
      }
      case feishu -> {
        JsonNode code = answer.has("code") ? answer.get("code") : answer.get("StatusCode");
        if (code != null && code.asLong(-1) != 0) {
          String message =
              answer.has("msg")
                  ? answer.path("msg").asText("")
                  : answer.path("StatusMessage").asText("");
          return Optional.of("code " + code.asText() + ": " + message);
        }
      }
      default -> {
        // generic and slack: the status says it all
      }
    }
    return Optional.empty();
  }

  /**
   * A heading for chat messages; the "[reissued]" prefix doubles as a keyword for robot security.
   */
  static String title(Event event) {
    String what =
        switch (event.type()) {
          case REISSUE_SUCCEEDED -> "certificate re-issued";
          case REISSUE_FAILED -> "re-issue failed";
          case OUTCOME_UNKNOWN -> "re-issue outcome unknown, needs attention";
          case EXPIRING_UNRENEWABLE -> "certificate expiring, will not be re-issued";
          case ACCOUNT_REFUSED -> "account refused by Tencent Cloud";
          case DEPLOY_FAILED -> "deploy hook failed";
          case RENEWAL_NOT_EXTENDED -> "re-issued but not renewed: the end date stayed";
          case QUOTA_EXHAUSTED -> "free certificate quota used up";
          case CLOUD_DEPLOYED -> "cloud resources moved to the new certificate";
          case CLOUD_DEPLOY_FAILED -> "cloud resources still on the old certificate";
          case CLOUD_ROLE_MISSING -> "SSL service role missing: cloud resources cannot be moved";
        };
    return "[reissued] " + what;
  }

  /** The facts under the summary, one "name: value" each. */
  static List<String> facts(Event event) {
    List<String> facts = new ArrayList<>();
    if (!"-".equals(event.account())) {
      facts.add("account: " + event.account());
    }
    if (event.certificateId() != null) {
      facts.add(
          "certificate: "
              + event.certificateId()
              + (event.domain() == null ? "" : " (" + event.domain() + ")"));
    }
    for (Map.Entry<String, String> detail : new java.util.TreeMap<>(event.details()).entrySet()) {
      facts.add(detail.getKey() + ": " + detail.getValue());
    }
    facts.add("at: " + event.at());
    return facts;
  }

  private static String plainText(String title, Event event) {
    StringBuilder text = new StringBuilder(title).append('\n').append(event.summary());
    facts(event).forEach(fact -> text.append('\n').append(fact));
    return text.toString();
  }

  private static String wecomMarkdown(String title, Event event) {
    String colour = event.type() == NotifyEvent.REISSUE_SUCCEEDED ? "info" : "warning";
    StringBuilder text =
        new StringBuilder("**")
            .append(title)
            .append("**\n<font color=\"")
            .append(colour)
            .append("\">")
            .append(event.summary())
            .append("</font>");
    facts(event).forEach(fact -> text.append("\n> ").append(fact));
    return text.toString();
  }

  private static String dingtalkMarkdown(String title, Event event) {
    StringBuilder text =
        new StringBuilder("#### ")
            .append(title)
            .append("\n\n")
            .append(event.summary())
            .append("\n");
    facts(event).forEach(fact -> text.append("\n- ").append(fact));
    return text.toString();
  }

  private static String slackText(String title, Event event) {
    StringBuilder text =
        new StringBuilder("*")
            .append(slackEscape(title))
            .append("*\n")
            .append(slackEscape(event.summary()));
    facts(event).forEach(fact -> text.append("\n• ").append(slackEscape(fact)));
    return text.toString();
  }

  private static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Cuts text to {@link #MAX_TEXT_BYTES} of UTF-8 without splitting a character. */
  static String truncate(String text) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_TEXT_BYTES) {
      return text;
    }
    StringBuilder cut = new StringBuilder();
    int bytes = 0;
    String ellipsis = "…";
    int room = MAX_TEXT_BYTES - ellipsis.getBytes(StandardCharsets.UTF_8).length;
    for (int offset = 0; offset < text.length(); ) {
      int codePoint = text.codePointAt(offset);
      int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > room) {
        break;
      }
      cut.appendCodePoint(codePoint);
      bytes += size;
      offset += Character.charCount(codePoint);
    }
    return cut.append(ellipsis).toString();
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (java.io.IOException notJson) {
      return null;
    }
  }

  private static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String line = body.strip().replaceAll("\\s+", " ");
    return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
  }
}
