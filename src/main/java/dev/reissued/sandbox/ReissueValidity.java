package dev.reissued.sandbox;

/**
 * What validity a re-issued certificate gets. Tencent's documents do not say; CAs generally keep
 * the original's end date on a re-issue, so {@link #KEEP} is the sandbox's default, the reading
 * under which a re-issue alone renews nothing.
 */
public enum ReissueValidity {
  /** The re-issue ends when the certificate it re-issues ends; it starts when it is issued. */
  KEEP,
  /** The re-issue gets a validity of its own from when it is issued: 90 days free, 365 paid. */
  FRESH
}
