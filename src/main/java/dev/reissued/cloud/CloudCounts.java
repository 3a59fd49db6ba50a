package dev.reissued.cloud;

import dev.reissued.db.Jdbc;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Aggregates of {@code v_cloud_resources} for the exporter: a couple of grouped queries. */
public final class CloudCounts {
  private final Jdbc jdbc;

  public CloudCounts(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Resources by account, type and {@code deploy_status}. */
  public record Count(String account, String type, String state, long count) {}

  public List<Count> byState() {
    return jdbc.query(
        "SELECT account, resource_type, deploy_status, count(*) FROM v_cloud_resources"
            + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        row -> new Count(row.getString(1), row.getString(2), row.getString(3), row.getLong(4)));
  }

  /** Resources by account that are not on their newest certificate, whose one ends within this. */
  public record Expiring(String account, long count) {}

  public List<Expiring> onExpiring(Duration within, Instant now) {
    return jdbc.query(
        "SELECT account, count(*) FROM v_cloud_resources"
            + " WHERE NOT coalesce(on_newest, false) AND not_after < ? GROUP BY 1 ORDER BY 1",
        row -> new Expiring(row.getString(1), row.getLong(2)),
        now.plus(within));
  }
}
