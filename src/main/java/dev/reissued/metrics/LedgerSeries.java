package dev.reissued.metrics;

import dev.reissued.db.Jdbc;
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

  LedgerSeries(MeterRegistry registry) {
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
  public void refresh(Jdbc jdbc) {
    List<MultiGauge.Row<?>> counts = new ArrayList<>();
    List<MultiGauge.Row<?>> oldest = new ArrayList<>();
    // The settling period runs from sent_at; a row never sent is judged from its claim.
    jdbc.query(
        "SELECT account, state, count(*), extract(epoch FROM min(coalesce(sent_at, requested_at)))"
            + " FROM reissue WHERE state IN ('requested', 'unknown') GROUP BY account, state",
        row -> {
          Tags tags = Tags.of("account", row.getString(1), "state", row.getString(2));
          counts.add(MultiGauge.Row.of(tags, row.getLong(3)));
          oldest.add(MultiGauge.Row.of(tags, row.getDouble(4)));
          return null;
        });
    open.register(counts, true);
    oldestOpen.register(oldest, true);

    jdbc.query(
        "SELECT account, state, coalesce(error_code, ''), count(*) FROM reissue"
            + " WHERE state IN ('succeeded', 'failed') GROUP BY 1, 2, 3",
        row -> {
          settled.set(
              Tags.of("account", row.getString(1), "outcome", row.getString(2))
                  .and("code", row.getString(3)),
              row.getLong(4));
          return null;
        });
  }
}
