package dev.reissued.renewal;

import dev.reissued.config.CsrType;
import dev.reissued.config.ValidType;
import java.time.Instant;

/**
 * One row of the ledger: a re-issue, or an apply ({@link #action}). {@code extended} is known once
 * tracking saw the new certificate issued: whether it ends well after the certificate it renews.
 */
public record ReissueRecord(
    long id,
    String certificateId,
    String account,
    String lineageId,
    boolean free,
    ReissueState state,
    CsrType csrType,
    ValidType validType,
    String keyAlgorithm,
    String keyParameter,
    String newCertificateId,
    String requestId,
    String errorCode,
    String errorMessage,
    Boolean retryable,
    int attempt,
    Instant nextAttemptAt,
    Instant requestedAt,
    Instant sentAt,
    Instant finishedAt,
    String claimedBy,
    String settledBy,
    Action action,
    Instant issuedNotAfter,
    Boolean extended) {

  /** Failed and never to be tried again (terminal code, or attempts used up). */
  public boolean isTerminalFailure() {
    return state == ReissueState.FAILED && !Boolean.TRUE.equals(retryable);
  }
}
