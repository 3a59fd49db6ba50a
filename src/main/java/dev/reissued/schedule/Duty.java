package dev.reissued.schedule;

import dev.reissued.config.ScheduleConfig;
import java.util.Locale;

/** The recurring duties of each account, each a Quartz job of its own. */
public enum Duty {
  SYNC,
  RENEW,
  TRACK,
  RECONCILE,
  /** Moves cloud resources to renewed certificates; after track, which hands them over. */
  CLOUD;

  public String cron(ScheduleConfig schedule) {
    return switch (this) {
      case SYNC -> schedule.sync();
      case RENEW -> schedule.renew();
      case TRACK -> schedule.track();
      case RECONCILE -> schedule.reconcile();
      case CLOUD -> schedule.cloud();
    };
  }

  public String jobName(String account) {
    return name().toLowerCase(Locale.ROOT) + ":" + account;
  }
}
