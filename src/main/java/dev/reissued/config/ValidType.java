package dev.reissued.config;

/** How domain ownership is proven for a re-issue; the API's ValidType values. */
public enum ValidType {
  DNS_AUTO,
  DNS,
  FILE
}
