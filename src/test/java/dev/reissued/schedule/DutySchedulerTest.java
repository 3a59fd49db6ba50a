package dev.reissued.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reissued.config.AccountConfig;
import dev.reissued.config.ScheduleConfig;
import dev.reissued.config.Secret;
import dev.reissued.db.PostgresExtension;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DutySchedulerTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension();
  static final ScheduleConfig EVERY_SECOND =
      new ScheduleConfig("* * * * * ?", "* * * * * ?", "* * * * * ?", "* * * * * ?", true);

  static AccountConfig account(String name) {
    return new AccountConfig(
        name,
        "id",
        Secret.of("key"),
        URI.create("http://127.0.0.1:1"),
        "",
        10,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1));
  }

  @Test
  void every_duty_of_every_account_fires_and_a_failing_one_keeps_its_schedule() throws Exception {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    DutyRunner runner =
        (duty, account) -> {
          runs.computeIfAbsent(duty.jobName(account.name()), key -> new AtomicInteger())
              .incrementAndGet();
          if (duty == Duty.TRACK) {
            throw new IllegalStateException("tracking is broken today");
          }
        };
    try (DutyScheduler scheduler =
        DutyScheduler.create(
            postgres.database().dataSource(),
            EVERY_SECOND,
            List.of(account("a"), account("b")),
            runner,
            Clock.systemUTC())) {
      scheduler.start();

      await(Duration.ofSeconds(20), () -> runs.size() == 8 && runs.get("track:a").get() >= 2);

      assertThat(scheduler.isStarted()).isTrue();
      assertThat(scheduler.health().lastSuccess(Duty.SYNC, "a")).isPresent();
      assertThat(scheduler.health().lastSuccess(Duty.TRACK, "a")).isEmpty();
      assertThat(scheduler.health().lastFailure(Duty.TRACK, "a")).isPresent();
    }
    assertThat(runs.keySet())
        .containsExactlyInAnyOrder(
            "sync:a",
            "renew:a",
            "track:a",
            "reconcile:a",
            "sync:b",
            "renew:b",
            "track:b",
            "reconcile:b");
  }

  @Test
  void two_clustered_nodes_never_run_one_job_at_the_same_time() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger total = new AtomicInteger();
    DutyRunner slow =
        (duty, account) -> {
          if (duty != Duty.RENEW) {
            return;
          }
          if (running.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          Instant until = Instant.now().plusMillis(1500);
          while (Instant.now().isBefore(until)) {
            Thread.onSpinWait();
          }
          running.decrementAndGet();
          total.incrementAndGet();
        };
    try (DutyScheduler first =
            DutyScheduler.create(
                postgres.database().dataSource(),
                EVERY_SECOND,
                List.of(account("a")),
                slow,
                Clock.systemUTC());
        DutyScheduler second =
            DutyScheduler.create(
                postgres.database().dataSource(),
                EVERY_SECOND,
                List.of(account("a")),
                slow,
                Clock.systemUTC())) {
      first.start();
      second.start();

      await(Duration.ofSeconds(30), () -> total.get() >= 4);
    }
    assertThat(overlaps.get()).isZero();
  }

  static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition not met within " + timeout).isBefore(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }
}
