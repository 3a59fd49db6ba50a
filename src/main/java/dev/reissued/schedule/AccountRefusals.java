package dev.reissued.schedule;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.NotifyEvent;
import dev.reissued.notify.Event;
import dev.reissued.notify.EventSink;
import dev.reissued.tencent.ErrorClass;
import dev.reissued.tencent.TencentApiException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a duty that failed because the API refused the account's credentials or permissions into
 * {@link NotifyEvent#ACCOUNT_REFUSED}. Re-issue attempts report refusals themselves; this covers
 * the duties that fail as a whole, such as a sync whose first DescribeCertificates is refused.
 */
public final class AccountRefusals {
  private AccountRefusals() {}

  /** The runner, reporting ACCOUNT-class API failures before letting them go on as before. */
  public static DutyRunner reporting(EventSink events, Clock clock, DutyRunner runner) {
    EventSink guarded = EventSink.guarded(events);
    return (duty, account) -> {
      try {
        runner.run(duty, account);
      } catch (TencentApiException failure) {
        if (failure.errorClass() == ErrorClass.ACCOUNT) {
          guarded.publish(refused(account, duty, failure, clock));
        }
        throw failure;
      }
    };
  }

  static Event refused(AccountConfig account, Duty duty, TencentApiException failure, Clock clock) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("code", failure.code());
    details.put("duty", duty.name().toLowerCase(Locale.ROOT));
    details.put("action", String.valueOf(failure.action()));
    if (failure.requestId() != null) {
      details.put("request_id", failure.requestId());
    }
    return new Event(
        NotifyEvent.ACCOUNT_REFUSED,
        account.name(),
        null,
        null,
        "account "
            + account.name()
            + " was refused by the API ("
            + failure.code()
            + "): fix its credentials or permissions",
        details,
        clock.instant());
  }
}
