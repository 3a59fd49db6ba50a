package dev.reissued.sandbox;

import java.nio.charset.StandardCharsets;

/** What the sandbox's server does with a request: answer it, or fail to in a chosen way. */
sealed interface Reply {
  /** An HTTP answer. */
  record Answer(int status, String reason, String contentType, byte[] body, String retryAfter)
      implements Reply {
    static Answer json(String json) {
      return new Answer(200, "OK", "application/json", json.getBytes(StandardCharsets.UTF_8), null);
    }
  }

  /** Close the connection without a byte of answer: the client sees the stream end. */
  record Drop() implements Reply {}

  /** Never answer; hold the connection until the client gives up or the sandbox closes. */
  record Hang() implements Reply {}
}
