package dev.reissued.renewal;

import dev.reissued.config.NotifyConfig;
import dev.reissued.config.NotifyEvent;
import dev.reissued.inventory.InventoryCertificate;
import dev.reissued.notify.Event;
import dev.reissued.notify.EventSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about certificates that will run out and that reissued will not save: after each renewal
 * pass, every certificate of the account whose end date is within {@code notify.warnBefore} and
 * whose decision is {@link Decision.Kind#NOT_ELIGIBLE} (uploaded, free re-issue used, expired,
 * renewal disabled, failed terminally or gave up) raises {@link NotifyEvent#EXPIRING_UNRENEWABLE}
 * with the decision's reason. The outbox keeps that to one message per certificate per {@code
 * notify.repeatEvery}.
 *
 * <p>Not warned about: certificates no longer returned by the API; certificates already re-issued
 * (a succeeded ledger row, or {@code replaced_for} set), since their successor carries on and is
 * watched in its own right; and certificates that expired more than {@code warnBefore} ago, so that
 * the API's long tail of expired certificates does not page anyone every day forever.
 */
public final class ExpiryWatch {
  private static final Logger log = LoggerFactory.getLogger(ExpiryWatch.class);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

  /** Its lineage goes on in a newer certificate, which is watched in its own right. */
  private static final Set<Decision.Cause> SUCCEEDED_BY_ANOTHER =
      Set.of(Decision.Cause.REISSUED, Decision.Cause.REISSUED_ELSEWHERE, Decision.Cause.RENEWED);

  private final Planner planner;
  private final EventSink events;
  private final Duration warnBefore;
  private final Clock clock;

  public ExpiryWatch(Planner planner, EventSink events, NotifyConfig config, Clock clock) {
    this.planner = planner;
    this.events = EventSink.guarded(events);
    this.warnBefore = config.warnBefore();
    this.clock = clock;
  }

  /**
   * Publishes an event for each expiring certificate of the account that will not be re-issued;
   * returns how many.
   */
  public int scan(String account) {
    List<Decision> decisions;
    try {
      Instant soon = clock.instant();
      decisions = planner.between(account, soon.minus(warnBefore), soon.plus(warnBefore));
    } catch (RuntimeException failure) {
      log.warn(
          "cannot look for expiring certificates of account {}: {}", account, failure.getMessage());
      return 0;
    }
    Instant now = clock.instant();
    int raised = 0;
    for (Decision decision : decisions) {
      InventoryCertificate certificate = decision.certificate();
      if (decision.kind() != Decision.Kind.NOT_ELIGIBLE
          || certificate.isGone()
          || SUCCEEDED_BY_ANOTHER.contains(decision.cause())
          || certificate.notAfter() == null
          || certificate.notAfter().isAfter(now.plus(warnBefore))
          || certificate.notAfter().isBefore(now.minus(warnBefore))) {
        continue;
      }
      long daysLeft =
          Math.floorDiv(Duration.between(now, certificate.notAfter()).getSeconds(), 86_400);
      String when =
          certificate.notAfter().isAfter(now)
              ? "expires on "
                  + DAY.format(certificate.notAfter().atZone(clock.getZone()))
                  + " ("
                  + daysLeft
                  + " days left)"
              : "expired on " + DAY.format(certificate.notAfter().atZone(clock.getZone()));
      Map<String, String> details = new LinkedHashMap<>();
      details.put("reason", decision.reason());
      details.put("not_after", certificate.notAfter().atOffset(ZoneOffset.UTC).toString());
      details.put("days_left", String.valueOf(daysLeft));
      events.publish(
          new Event(
              NotifyEvent.EXPIRING_UNRENEWABLE,
              account,
              certificate.certificateId(),
              certificate.domain(),
              decision.cause() == Decision.Cause.EXPIRED
                  ? certificate.domain() + " will not be re-issued: " + decision.reason()
                  : certificate.domain()
                      + " "
                      + when
                      + " and will not be re-issued: "
                      + decision.reason(),
              details,
              now));
      raised++;
    }
    if (raised > 0) {
      log.debug(
          "account {}: {} certificate(s) expire within {} and will not be re-issued",
          account,
          raised,
          warnBefore);
    }
    return raised;
  }
}
