package dev.reissued.sandbox;

/**
 * A hostile or broken DownloadCertificate archive, served in place of the real one: what reissued's
 * archive scan must refuse quickly, naming the problem, without holding up other deliveries.
 */
public enum ArchiveFault {
  /** The real archive. */
  NONE,
  /**
   * One entry of 1 MiB of {@code -----BEGIN CERTIFICATE-----} lines, none ever ending (28 KB
   * compressed): quadratic work for a PEM regular expression with a lazy DOTALL group.
   */
  UNCLOSED_PEM,
  /**
   * A well-formed CERTIFICATE block whose DER is 100,000 nested SEQUENCEs: a recursive ASN.1 parser
   * runs out of stack on it.
   */
  DEEP_ASN1,
  /** 12 MiB of random bytes, 16 MiB as base64: an answer larger than reissued reads. */
  OVERSIZED
}
