package dev.reissued.metrics;

import dev.reissued.cloud.CloudCounts;
import dev.reissued.config.NotifyConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cloud resources of renewed lineages by the state {@code v_cloud_resources} gives them, and those
 * still on a certificate that expires within {@code notify.warnBefore}: what will serve an expired
 * certificate unless someone acts.
 */
final class CloudSeries implements DatabaseSeries {
  private final MultiGauge resources;
  private final MultiGauge expiring;
  private final CloudCounts counts;
  private final Clock clock;
  private volatile Duration warnBefore = NotifyConfig.DEFAULT_WARN_BEFORE;

  CloudSeries(MeterRegistry registry, CloudCounts counts, Clock clock) {
    this.counts = counts;
    this.clock = clock;
    resources =
        MultiGauge.builder("reissued_cloud_resources")
            .description(
                "Cloud resources (CLB, CDN, EdgeOne, ...) of renewed lineages, by type and state (succeeded, failed, waiting, excluded, ...)")
            .register(registry);
    expiring =
        MultiGauge.builder("reissued_cloud_resources_on_expiring")
            .description(
                "Cloud resources not on their lineage's newest certificate whose certificate expires within notify.warnBefore")
            .register(registry);
  }

  void warnBefore(Duration newWarnBefore) {
    this.warnBefore = newWarnBefore;
  }

  @Override
  public void refresh() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (CloudCounts.Count count : counts.byState()) {
      rows.add(
          MultiGauge.Row.of(
              Tags.of("account", count.account(), "type", count.type(), "state", count.state()),
              count.count()));
    }
    resources.register(rows, true);
    List<MultiGauge.Row<?>> late = new ArrayList<>();
    for (CloudCounts.Expiring count : counts.onExpiring(warnBefore, clock.instant())) {
      late.add(MultiGauge.Row.of(Tags.of("account", count.account()), count.count()));
    }
    expiring.register(late, true);
  }
}
