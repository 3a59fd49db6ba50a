package dev.reissued.schedule;

import dev.reissued.ReissuedException;
import dev.reissued.config.AccountConfig;
import dev.reissued.config.ScheduleConfig;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz with the clustered JDBC job store on reissued's own database and pool. Each account has a
 * job per {@link Duty} — sync, reconcile, renew and track — on the configured schedules; with
 * several daemons on one database, Quartz fires each job on one node at a time.
 */
public final class DutyScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DutyScheduler.class);
  static final String GROUP = "reissued";
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final org.quartz.Scheduler quartz;
  private final JobHealth health = new JobHealth();

  private DutyScheduler(org.quartz.Scheduler quartz) {
    this.quartz = quartz;
  }

  /**
   * Creates the scheduler and (re)defines every account's jobs; nothing fires before {@link
   * #start()}.
   */
  public static DutyScheduler create(
      DataSource pool,
      ScheduleConfig schedule,
      List<AccountConfig> accounts,
      DutyRunner runner,
      Clock clock) {
    try {
      // Quartz keeps data sources and schedulers in process-wide registries keyed by name; a
      // name per instance keeps two schedulers of one process (tests, tools) apart. Nodes of a
      // cluster share the scheduler name, which is what the job store's rows are keyed by.
      String dataSource = "reissued-" + INSTANCES.incrementAndGet();
      DBConnectionManager.getInstance()
          .addConnectionProvider(dataSource, new PoolConnectionProvider(pool));
      StdSchedulerFactory factory =
          new StdSchedulerFactory(properties(schedule, accounts.size(), dataSource));
      org.quartz.Scheduler quartz = factory.getScheduler();
      SchedulerRepository.getInstance().remove(quartz.getSchedulerName());
      DutyScheduler scheduler = new DutyScheduler(quartz);
      Map<String, AccountConfig> byName = new LinkedHashMap<>();
      accounts.forEach(account -> byName.put(account.name(), account));
      quartz.setJobFactory(
          (bundle, ignored) -> new DutyJob(byName, runner, scheduler.health, clock));
      scheduler.define(schedule, accounts);
      return scheduler;
    } catch (SchedulerException failure) {
      throw new ReissuedException("cannot set up the scheduler: " + failure.getMessage(), failure);
    }
  }

  static Properties properties(ScheduleConfig schedule, int accounts, String dataSource) {
    Properties properties = new Properties();
    properties.setProperty("org.quartz.scheduler.instanceName", "reissued");
    properties.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    properties.setProperty(
        "org.quartz.threadPool.threadCount",
        String.valueOf(Math.min(10, Math.max(3, accounts * 3))));
    properties.setProperty("org.quartz.threadPool.threadNamePrefix", "reissued-job");
    properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    properties.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    properties.setProperty("org.quartz.jobStore.dataSource", dataSource);
    properties.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
    properties.setProperty("org.quartz.jobStore.useProperties", "true");
    properties.setProperty("org.quartz.jobStore.isClustered", String.valueOf(schedule.clustered()));
    properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    properties.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    properties.setProperty("org.quartz.scheduler.interruptJobsOnShutdownWithWait", "false");
    return properties;
  }

  private void define(ScheduleConfig schedule, List<AccountConfig> accounts)
      throws SchedulerException {
    Set<JobKey> wanted = new HashSet<>();
    for (AccountConfig account : accounts) {
      for (Duty duty : Duty.values()) {
        JobKey key = JobKey.jobKey(duty.jobName(account.name()), GROUP);
        wanted.add(key);
        JobDetail job =
            JobBuilder.newJob(DutyJob.class)
                .withIdentity(key)
                .usingJobData(DutyJob.DUTY, duty.name())
                .usingJobData(DutyJob.ACCOUNT, account.name())
                .storeDurably()
                .build();
        Trigger trigger =
            TriggerBuilder.newTrigger()
                .withIdentity(key.getName(), GROUP)
                .withSchedule(
                    CronScheduleBuilder.cronSchedule(duty.cron(schedule))
                        .withMisfireHandlingInstructionDoNothing())
                .forJob(key)
                .build();
        // Replacing keeps the definition in step with this node's configuration.
        quartz.scheduleJob(job, Set.of(trigger), true);
      }
    }
    for (JobKey existing : quartz.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
      if (!wanted.contains(existing)) {
        quartz.deleteJob(existing);
        log.info("removed job {}: its account is no longer configured", existing.getName());
      }
    }
  }

  public void start() {
    try {
      quartz.start();
      log.info(
          "scheduler started as {} (clustered: {})",
          quartz.getSchedulerInstanceId(),
          quartz.getMetaData().isJobStoreClustered());
    } catch (SchedulerException failure) {
      throw new ReissuedException("cannot start the scheduler: " + failure.getMessage(), failure);
    }
  }

  /** Runs a duty now (on whichever node picks it up), e.g. the first sync after start. */
  public void runNow(Duty duty, String account) {
    try {
      quartz.triggerJob(JobKey.jobKey(duty.jobName(account), GROUP));
    } catch (SchedulerException failure) {
      log.warn("cannot trigger {} of account {}: {}", duty, account, failure.getMessage());
    }
  }

  public boolean isStarted() {
    try {
      return quartz.isStarted() && !quartz.isShutdown();
    } catch (SchedulerException failure) {
      return false;
    }
  }

  public JobHealth health() {
    return health;
  }

  /** Stops firing and waits for running jobs (an in-flight call and its ledger write) to finish. */
  @Override
  public void close() {
    try {
      quartz.shutdown(true);
    } catch (SchedulerException failure) {
      log.warn("scheduler did not shut down cleanly: {}", failure.getMessage());
    }
  }
}
