package dev.reissued.sandbox;

import java.util.Map;

/** One HTTP request as the sandbox's server read it; header names are lower case. */
record HttpRequest(String method, String target, Map<String, String> headers, byte[] body) {
  String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
