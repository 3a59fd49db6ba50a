package dev.reissued.metrics;

import dev.reissued.renewal.Ledger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * The re-issue ledger: rows whose outcome is open, how long the oldest has been, and the settled
 * ones by outcome and code.
 */
final class LedgerSeries implements DatabaseSeries {
  private final MultiGauge open;
  private final MultiGauge oldestOpen;
  private final TallyCounters settled;
  private final Ledger ledger;

  LedgerSeries(MeterRegistry registry, Ledger ledger) {
    this.ledger = ledger;
    open =
        MultiGauge.builder("reissued_reissues_open")
            .description(
                "Re-issues whose outcome is not settled yet, by state (requested, unknown)")
            .register(registry);
    oldestOpen =
        MultiGauge.builder("reissued_reissues_open_oldest_timestamp_seconds")
            .description(
                "When the oldest open re-issue of the account and state was sent (requested, if not sent), in seconds since the epoch")
            .register(registry);
    settled =
        new TallyCounters(
            registry,
            "reissued_reissue",
            "Settled re-issues in the ledger by account, outcome and error code");
  }

  @Override
  public void refresh() {
    List<MultiGauge.Row<?>> counts = new ArrayList<>();
    List<MultiGauge.Row<?>> oldest = new ArrayList<>();
    for (Ledger.OpenCount row : ledger.openCounts()) {
      Tags tags = Tags.of("account", row.account(), "state", row.state().sql());
      counts.add(MultiGauge.Row.of(tags, row.count()));
      oldest.add(MultiGauge.Row.of(tags, row.oldest().toEpochMilli() / 1000.0));
    }
    open.register(counts, true);
    oldestOpen.register(oldest, true);
    for (Ledger.OutcomeCount row : ledger.outcomeCounts()) {
      settled.set(
          Tags.of("account", row.account(), "outcome", row.outcome().sql()).and("code", row.code()),
          row.count());
    }
  }
}
