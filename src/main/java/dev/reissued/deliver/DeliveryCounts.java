package dev.reissued.deliver;

import dev.reissued.db.Jdbc;
import java.util.List;

/**
 * Issued certificates not yet in place, counted per account by the state {@code v_deliveries} gives
 * them: {@code pending}, {@code failing}, {@code deploy_failing}, {@code deploying}. Delivered rows
 * are left out, so the read stays on the open-delivery index.
 */
public final class DeliveryCounts {
  private final Jdbc jdbc;

  public DeliveryCounts(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public record Count(String account, String state, long count) {}

  public List<Count> open() {
    return jdbc.query(
        """
        SELECT account,
               CASE
                   WHEN delivered_at IS NULL AND attempts = 0 THEN 'pending'
                   WHEN delivered_at IS NULL THEN 'failing'
                   WHEN files_status = 'failed' OR hook_status = 'failed' THEN 'deploy_failing'
                   ELSE 'deploying'
               END,
               count(*)
        FROM delivery
        WHERE delivered_at IS NULL OR files_status IN ('pending', 'failed')
           OR hook_status IN ('pending', 'running', 'failed')
        GROUP BY 1, 2
        """,
        row -> new Count(row.getString(1), row.getString(2), row.getLong(3)));
  }
}
