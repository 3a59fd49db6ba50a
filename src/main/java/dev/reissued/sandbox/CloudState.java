package dev.reissued.sandbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The mutable part of the sandbox's cloud, behind one lock: which certificate each resource holds,
 * the bind-resource queries, the move tasks, the pairs whose task is being created, the expiry
 * notice switches. {@link #locked} settles every move to the clock before the work, and saves the
 * state after the lock is released when anything changed: the store saves (and so reads this) under
 * its own lock, so this lock is never held while the store's is wanted.
 */
final class CloudState {
  final Map<SandboxResource, String> holders = new LinkedHashMap<>();
  final BindTasks tasks = new BindTasks();
  final UpdateRecords records = new UpdateRecords(holders);
  final Set<String> creating = new HashSet<>();
  final Map<String, Integer> noticeSwitches = new LinkedHashMap<>();
  private final Clock clock;
  private final Random random;
  private final Runnable onChange;
  private boolean dirty;

  CloudState(Clock clock, long seed, Runnable onChange) {
    this.clock = clock;
    this.random = new Random(seed ^ 0xc10dL);
    this.onChange = onChange;
  }

  /** Runs {@code work} under the lock, with every move settled to the clock first. */
  <T> T locked(Supplier<T> work) {
    boolean save;
    try {
      synchronized (this) {
        dirty |= records.settle(clock.instant());
        return work.get();
      }
    } finally {
      synchronized (this) {
        save = dirty;
        dirty = false;
      }
      if (save) {
        onChange.run();
      }
    }
  }

  /** Under the lock: the state file must be written. */
  void changed() {
    dirty = true;
  }

  /** Under the lock: the resources that hold the certificate now. */
  List<SandboxResource> holding(String certificateId) {
    List<SandboxResource> found = new ArrayList<>();
    holders.forEach(
        (resource, holder) -> {
          if (holder.equals(certificateId)) {
            found.add(resource);
          }
        });
    return found;
  }

  /** Under the lock: a draw of the seeded random. */
  boolean chance(double rate) {
    return rate > 0 && random.nextDouble() < rate;
  }

  /** What the state file keeps, settled to the clock; without saving, as the writer calls it. */
  synchronized SandboxCloud.State snapshot() {
    records.settle(clock.instant());
    return new SandboxCloud.State(
        new LinkedHashMap<>(holders),
        List.copyOf(records.all()),
        new LinkedHashMap<>(noticeSwitches));
  }
}
