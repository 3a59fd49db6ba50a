package dev.reissued.config;

/** How domain ownership is proven for a re-issue: the API's {@code ValidType}, sent as named. */
public enum ValidType {
  /** Tencent adds the DNS record itself (the domain is hosted in Tencent Cloud DNS). */
  DNS_AUTO,
  DNS,
  FILE
}
