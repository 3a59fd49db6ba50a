package dev.reissued.tencent;

import dev.reissued.config.AccountConfig;
import java.time.Duration;

/**
 * How long after sending a request reissued must wait before it may conclude from the API that the
 * request did nothing. A call cannot last longer than the client's whole-call timeout (connect +
 * read + the {@link Throttle#LEAD} before its rate-limit slot); the margin covers clock skew
 * between nodes and the API's own bookkeeping. With the default 5 s and 30 s timeouts this is 50.5
 * s. Reconciliation waits this long before it settles a re-issue from the API's word, and the cloud
 * stage before it takes a move left in 'sending' for one whose answer was lost.
 */
public final class Settling {
  public static final Duration MARGIN = Duration.ofSeconds(15);

  private Settling() {}

  public static Duration period(AccountConfig account) {
    return account.connectTimeout().plus(account.readTimeout()).plus(Throttle.LEAD).plus(MARGIN);
  }
}
