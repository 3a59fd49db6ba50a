package dev.reissued;

/**
 * The root of every exception reissued throws on purpose. Unchecked, like jdbi's: callers handle
 * the kinds they can act on and let the rest reach the command's exit-code mapping.
 */
public class ReissuedException extends RuntimeException {
  public ReissuedException(String message) {
    super(message);
  }

  public ReissuedException(String message, Throwable cause) {
    super(message, cause);
  }
}
