package dev.reissued.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The API's per-SecretId request limit: at most {@code limit} accepted requests in any sliding
 * second. Refused requests do not count, so a client that slows down recovers at once.
 */
final class RateWindow {
  private static final long SECOND = 1_000_000_000L;
  private final Map<String, Deque<Long>> arrivals = new HashMap<>();

  synchronized boolean tryAcquire(String secretId, int limit, long nowNanos) {
    if (limit <= 0) {
      return true;
    }
    Deque<Long> times = arrivals.computeIfAbsent(secretId, id -> new ArrayDeque<>());
    while (!times.isEmpty() && nowNanos - times.peekFirst() >= SECOND) {
      times.pollFirst();
    }
    if (times.size() >= limit) {
      return false;
    }
    times.addLast(nowNanos);
    return true;
  }
}
