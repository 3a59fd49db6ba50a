package dev.reissued.sandbox;

import dev.reissued.ReissuedException;

/** An error the sandbox answers with, in the API's error shape; code and message as Tencent's. */
final class SandboxError extends ReissuedException {
  private final String code;

  SandboxError(String code, String message) {
    super(message);
    this.code = code;
  }

  String code() {
    return code;
  }
}
