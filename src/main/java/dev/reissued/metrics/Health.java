package dev.reissued.metrics;

/**
 * One health reading: is the database reachable, is the scheduler started, has a sync completed.
 */
public record Health(
    boolean databaseReachable, String databaseProblem, boolean schedulerStarted, boolean synced) {

  /** Reads the database with a trivial query; a failure is the reason it is unhealthy. */
  public static Health check(dev.reissued.db.Jdbc jdbc, boolean schedulerStarted, boolean synced) {
    String problem = null;
    try {
      jdbc.queryOne("SELECT 1", row -> row.getInt(1));
    } catch (RuntimeException unreachable) {
      problem = unreachable.getMessage();
    }
    return new Health(problem == null, problem, schedulerStarted, synced);
  }

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
