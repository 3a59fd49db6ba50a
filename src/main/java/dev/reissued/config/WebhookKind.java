package dev.reissued.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The chat and alerting services whose message formats reissued speaks. */
public enum WebhookKind {
  generic,
  wecom,
  dingtalk,
  feishu,
  slack;

  /** "generic, wecom, dingtalk, feishu, slack". */
  static String allowed() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
