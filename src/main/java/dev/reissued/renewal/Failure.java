package dev.reissued.renewal;

import java.time.Instant;

/**
 * Why a ledger row failed, as written on it: the code (the API's, or one of reissued's own {@code
 * reissued.*}), a message for humans, the API's RequestId when it answered, and whether and when a
 * later attempt may be made.
 */
public record Failure(
    String code, String message, String requestId, boolean retryable, Instant nextAttemptAt) {
  public static Failure retryable(String code, String message, String requestId, Instant next) {
    return new Failure(code, message, requestId, true, next);
  }

  public static Failure terminal(String code, String message, String requestId) {
    return new Failure(code, message, requestId, false, null);
  }
}
