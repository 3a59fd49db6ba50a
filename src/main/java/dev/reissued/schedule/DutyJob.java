package dev.reissued.schedule;

import dev.reissued.config.AccountConfig;
import java.time.Clock;
import java.util.Map;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One duty of one account. Never runs twice at once, on this node or any other of the cluster; a
 * failure is logged with its context and the schedule goes on, as a background loop should.
 */
@DisallowConcurrentExecution
final class DutyJob implements Job {
  private static final Logger log = LoggerFactory.getLogger(DutyJob.class);
  static final String DUTY = "duty";
  static final String ACCOUNT = "account";

  private final Map<String, AccountConfig> accounts;
  private final DutyRunner runner;
  private final JobHealth health;
  private final Clock clock;

  DutyJob(Map<String, AccountConfig> accounts, DutyRunner runner, JobHealth health, Clock clock) {
    this.accounts = accounts;
    this.runner = runner;
    this.health = health;
    this.clock = clock;
  }

  @Override
  public void execute(JobExecutionContext context) {
    Duty duty = Duty.valueOf(context.getMergedJobDataMap().getString(DUTY));
    String accountName = context.getMergedJobDataMap().getString(ACCOUNT);
    AccountConfig account = accounts.get(accountName);
    if (account == null) {
      log.warn(
          "{} job for account {} has no such account in this node's configuration; skipped",
          duty,
          accountName);
      return;
    }
    try (var accountContext = org.slf4j.MDC.putCloseable("account", accountName);
        var jobContext = org.slf4j.MDC.putCloseable("job", duty.jobName(accountName))) {
      runner.run(duty, account);
      health.succeeded(duty, accountName, clock.instant());
    } catch (Exception failure) {
      health.failed(duty, accountName, clock.instant());
      log.error(
          "{} of account {} failed: {}",
          duty.name().toLowerCase(java.util.Locale.ROOT),
          accountName,
          failure.getMessage());
      log.debug("{} of account {} failed", duty, accountName, failure);
    }
  }
}
