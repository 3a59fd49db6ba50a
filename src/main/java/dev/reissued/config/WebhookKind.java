package dev.reissued.config;

/** The chat and alerting services whose message formats reissued speaks. */
public enum WebhookKind {
  generic,
  wecom,
  dingtalk,
  feishu,
  slack
}
