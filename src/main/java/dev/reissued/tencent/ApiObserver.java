package dev.reissued.tencent;

import java.time.Duration;

/** Told of every API call as it completes: for metrics. Must be quick and must not throw. */
@FunctionalInterface
public interface ApiObserver {
  ApiObserver NONE = (account, action, code, elapsed) -> {};

  /**
   * @param code {@code OK}, the API's error code, or a local one ({@code ClientSideError.*})
   * @param elapsed the whole call, including the wait for the account's rate limit
   */
  void completed(String account, ApiAction action, String code, Duration elapsed);
}
