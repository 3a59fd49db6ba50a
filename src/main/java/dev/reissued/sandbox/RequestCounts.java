package dev.reissued.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-certificate counts of one state-changing action, for tests that must know exactly what
 * arrived: requests received, those accepted, and those received after one had been accepted.
 */
final class RequestCounts {
  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> receivedAfterAccepted = new ConcurrentHashMap<>();

  void countReceived(String certificateId) {
    increment(received, certificateId);
    if (accepted(certificateId) > 0) {
      increment(receivedAfterAccepted, certificateId);
    }
  }

  void countAccepted(String certificateId) {
    increment(accepted, certificateId);
  }

  int received(String certificateId) {
    return get(received, certificateId);
  }

  int accepted(String certificateId) {
    return get(accepted, certificateId);
  }

  int receivedAfterAccepted(String certificateId) {
    return get(receivedAfterAccepted, certificateId);
  }

  private static void increment(Map<String, AtomicInteger> counts, String certificateId) {
    counts.computeIfAbsent(certificateId, key -> new AtomicInteger()).incrementAndGet();
  }

  private static int get(Map<String, AtomicInteger> counts, String certificateId) {
    AtomicInteger count = counts.get(certificateId);
    return count == null ? 0 : count.get();
  }
}
