package dev.reissued.config;

import java.text.ParseException;
import java.util.Date;
import java.util.Optional;
import org.quartz.CronExpression;

/**
 * Quartz cron expressions for each duty, and whether several daemons share the database. {@code
 * reconcile} settles re-issues whose outcome is open (a lost answer, a process that died) between
 * renew passes; with nothing open it only reads the ledger. {@code cloud} moves cloud resources to
 * renewed certificates; the default runs half a minute after each track pass.
 */
public record ScheduleConfig(
    String sync, String renew, String track, String reconcile, boolean clustered, String cloud) {
  public static final String DEFAULT_SYNC = "0 0 * * * ?";
  public static final String DEFAULT_RENEW = "0 */10 * * * ?";
  public static final String DEFAULT_TRACK = "0 */5 * * * ?";
  public static final String DEFAULT_RECONCILE = "*/15 * * * * ?";
  public static final boolean DEFAULT_CLUSTERED = true;
  public static final String DEFAULT_CLOUD = "30 */5 * * * ?";
  public static final ScheduleConfig DEFAULT =
      new ScheduleConfig(
          DEFAULT_SYNC,
          DEFAULT_RENEW,
          DEFAULT_TRACK,
          DEFAULT_RECONCILE,
          DEFAULT_CLUSTERED,
          DEFAULT_CLOUD);

  public ScheduleConfig {
    Complaints complaints = new Complaints();
    cronProblem(sync).ifPresent(problem -> complaints.add("sync", problem));
    cronProblem(renew).ifPresent(problem -> complaints.add("renew", problem));
    cronProblem(track).ifPresent(problem -> complaints.add("track", problem));
    cronProblem(reconcile).ifPresent(problem -> complaints.add("reconcile", problem));
    cronProblem(cloud).ifPresent(problem -> complaints.add("cloud", problem));
    complaints.throwIfAny(ScheduleConfig.class);
  }

  /** The duties before the cloud stage, with its default schedule. */
  public ScheduleConfig(
      String sync, String renew, String track, String reconcile, boolean clustered) {
    this(sync, renew, track, reconcile, clustered, DEFAULT_CLOUD);
  }

  /**
   * Why Quartz would refuse {@code expression} when the daemon schedules it, or empty. An
   * expression that never fires again (a year gone by, the 31st of February) parses, but Quartz
   * refuses its trigger; that is decided against this moment, as Quartz decides it at start.
   */
  static Optional<String> cronProblem(String expression) {
    if (expression == null) {
      return Optional.of("is required");
    }
    CronExpression cron;
    try {
      cron = new CronExpression(expression);
    } catch (ParseException | RuntimeException invalid) {
      // Quartz's parser throws a few unchecked exceptions too, for the same kind of mistake.
      return Optional.of(
          "'"
              + expression
              + "' is not a Quartz cron expression ("
              + invalid.getMessage()
              + "); use six or seven fields such as \"0 */10 * * * ?\"");
    }
    if (cron.getNextValidTimeAfter(new Date()) == null) {
      return Optional.of("'" + expression + "' never fires again: no time from now on matches it");
    }
    return Optional.empty();
  }
}
