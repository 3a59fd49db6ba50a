package dev.reissued.config;

/**
 * Quartz cron expressions for each duty, and whether several daemons share the database. {@code
 * reconcile} settles re-issues whose outcome is open (a lost answer, a process that died) between
 * renew passes; with nothing open it only reads the ledger.
 */
public record ScheduleConfig(
    String sync, String renew, String track, String reconcile, boolean clustered) {
  public static final String DEFAULT_RECONCILE = "*/15 * * * * ?";
}
