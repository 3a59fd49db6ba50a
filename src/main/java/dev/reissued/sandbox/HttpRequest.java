package dev.reissued.sandbox;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the sandbox's server read it; header names are lower case. {@code
 * arrivedNanos} is when its first byte was read, so that rate limiting counts arrivals rather than
 * the moments the sandbox got round to them.
 */
record HttpRequest(
    String method, String target, Map<String, String> headers, byte[] body, long arrivedNanos) {
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
