package dev.reissued.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's per-SecretId request limit: at most {@code limit} accepted requests in any sliding
 * second, by arrival time. Refused requests do not count, so a client that slows down recovers at
 * once.
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
    // Concurrent connections may report arrivals slightly out of order; keep the log sorted.
    if (times.isEmpty() || times.peekLast() <= nowNanos) {
      times.addLast(nowNanos);
    } else {
      List<Long> sorted = new ArrayList<>(times);
      sorted.add(nowNanos);
      sorted.sort(Long::compare);
      times.clear();
      times.addAll(sorted);
    }
    return true;
  }
}
