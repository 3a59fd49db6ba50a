package dev.reissued.metrics;

import dev.reissued.db.Jdbc;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * Issued certificates not yet in place, by the state {@code v_deliveries} gives them: {@code
 * failing} (not downloaded or not as asked), {@code deploy_failing} (files or hook failed,
 * retried), {@code deploying}. Delivered rows are left out, so the read stays on the open-delivery
 * index.
 */
final class DeliverySeries implements DatabaseSeries {
  private final MultiGauge open;

  DeliverySeries(MeterRegistry registry) {
    open =
        MultiGauge.builder("reissued_deliveries_open")
            .description(
                "Issued certificates not yet delivered and deployed, by state (failing, deploy_failing, deploying)")
            .register(registry);
  }

  @Override
  public void refresh(Jdbc jdbc) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    jdbc.query(
        """
        SELECT r.account,
               CASE
                   WHEN d.delivered_at IS NULL THEN 'failing'
                   WHEN d.files_status = 'failed' OR d.hook_status = 'failed' THEN 'deploy_failing'
                   ELSE 'deploying'
               END,
               count(*)
        FROM delivery d
        JOIN reissue r ON r.id = d.reissue_id
        WHERE d.delivered_at IS NULL OR d.files_status IN ('pending', 'failed')
           OR d.hook_status IN ('pending', 'running', 'failed')
        GROUP BY 1, 2
        """,
        row ->
            rows.add(
                MultiGauge.Row.of(
                    Tags.of("account", row.getString(1), "state", row.getString(2)),
                    row.getLong(3))));
    open.register(rows, true);
  }
}
