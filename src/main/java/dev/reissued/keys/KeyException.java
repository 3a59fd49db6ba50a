package dev.reissued.keys;

import dev.reissued.ReissuedException;

/** A key, CSR or sealing problem. Messages never contain key material. */
public class KeyException extends ReissuedException {
  public KeyException(String message) {
    super(message);
  }

  public KeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
