package dev.reissued.schedule;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** When each duty last succeeded on this node, for health checks and metrics. */
public final class JobHealth {
  private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastFailure = new ConcurrentHashMap<>();

  void succeeded(Duty duty, String account, Instant at) {
    lastSuccess.put(duty.jobName(account), at);
  }

  void failed(Duty duty, String account, Instant at) {
    lastFailure.put(duty.jobName(account), at);
  }

  public Optional<Instant> lastSuccess(Duty duty, String account) {
    return Optional.ofNullable(lastSuccess.get(duty.jobName(account)));
  }

  public Optional<Instant> lastFailure(Duty duty, String account) {
    return Optional.ofNullable(lastFailure.get(duty.jobName(account)));
  }
}
