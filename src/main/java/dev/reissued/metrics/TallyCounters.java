package dev.reissued.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters whose value is a count of rows that only ever grows (settled re-issues, messages sent or
 * given up), read from the database at each scrape rather than counted in this process, so every
 * node of a cluster serves the same total and a restart does not reset it.
 */
final class TallyCounters {
  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final Map<Tags, AtomicLong> values = new ConcurrentHashMap<>();

  TallyCounters(MeterRegistry registry, String name, String description) {
    this.registry = registry;
    this.name = name;
    this.description = description;
  }

  void set(Tags tags, long count) {
    values
        .computeIfAbsent(
            tags,
            key -> {
              AtomicLong value = new AtomicLong();
              FunctionCounter.builder(name, value, AtomicLong::doubleValue)
                  .description(description)
                  .tags(key)
                  .register(registry);
              return value;
            })
        .set(count);
  }
}
