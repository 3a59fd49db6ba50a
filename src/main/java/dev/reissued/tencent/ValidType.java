package dev.reissued.tencent;

/** How the new certificate's domains are validated ({@code ValidType}). */
public enum ValidType {
  /** Tencent adds the DNS record itself (domain hosted in Tencent Cloud DNS). */
  DNS_AUTO,
  DNS,
  FILE
}
