package dev.reissued.schedule;

import dev.reissued.config.AccountConfig;

/** Carries out one duty for one account; implemented by the process that owns the engine. */
@FunctionalInterface
public interface DutyRunner {
  void run(Duty duty, AccountConfig account) throws Exception;
}
