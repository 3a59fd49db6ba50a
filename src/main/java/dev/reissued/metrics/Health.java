package dev.reissued.metrics;

/**
 * One health reading: is the database reachable (and if not, why), is the scheduler started, has a
 * sync completed. {@link HealthCheck} takes it.
 */
public record Health(
    boolean databaseReachable, String databaseProblem, boolean schedulerStarted, boolean synced) {

  public boolean healthy() {
    return databaseReachable && schedulerStarted;
  }

  public boolean ready() {
    return healthy() && synced;
  }

  public String describe() {
    return "database: "
        + (databaseReachable ? "ok" : "unreachable (" + databaseProblem + ")")
        + "\nscheduler: "
        + (schedulerStarted ? "started" : "not started")
        + "\nfirst sync: "
        + (synced ? "done" : "pending");
  }
}
