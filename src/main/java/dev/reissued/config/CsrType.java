package dev.reissued.config;

/** How the key and CSR of a re-issue are made; the API's CsrType values. */
public enum CsrType {
  /** reissued makes the key pair and CSR; the private key never leaves the host. */
  Upload,
  /** Tencent makes the key, protected by a CsrkeyPassword reissued generates. */
  Online,
  /** Tencent reuses the original CSR. */
  Original
}
