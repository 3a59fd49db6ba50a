package dev.reissued.metrics;

import dev.reissued.deliver.DeliveryCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * Issued certificates not yet in place, by the state {@code v_deliveries} gives them: {@code
 * pending} (handed over, not attempted yet), {@code failing} (not downloaded or not as asked),
 * {@code deploy_failing} (files or hook failed, retried), {@code deploying}. Delivered rows are
 * left out, so the read stays on the open-delivery index.
 */
final class DeliverySeries implements DatabaseSeries {
  private final MultiGauge open;
  private final DeliveryCounts deliveries;

  DeliverySeries(MeterRegistry registry, DeliveryCounts deliveries) {
    this.deliveries = deliveries;
    open =
        MultiGauge.builder("reissued_deliveries_open")
            .description(
                "Issued certificates not yet delivered and deployed, by state (pending, failing, deploy_failing, deploying)")
            .register(registry);
  }

  @Override
  public void refresh() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (DeliveryCounts.Count count : deliveries.open()) {
      rows.add(
          MultiGauge.Row.of(
              Tags.of("account", count.account(), "state", count.state()), count.count()));
    }
    open.register(rows, true);
  }
}
