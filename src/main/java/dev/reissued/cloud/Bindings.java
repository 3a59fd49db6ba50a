package dev.reissued.cloud;

import dev.reissued.db.Jdbc;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The {@code cloud_binding} table: which resource holds which certificate of a lineage. Written
 * from what the bind-resource query saw and from what a move task's details say; an older
 * observation never overwrites a newer one.
 */
final class Bindings {
  private static final String COLUMNS =
      "account, resource_key, resource_type, region, instance_id, listener_id, domains,"
          + " certificate_id, lineage_id, excluded, seen_at";

  private final Jdbc jdbc;

  Bindings(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** What a bind-resource query saw at {@code seenAt}. */
  void seen(Binding binding) {
    jdbc.update(
        """
        INSERT INTO cloud_binding (account, resource_key, resource_type, region, instance_id,
                                   listener_id, domains, certificate_id, lineage_id, excluded, seen_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account, resource_key) DO UPDATE
        SET certificate_id = excluded.certificate_id, lineage_id = excluded.lineage_id,
            domains = excluded.domains, excluded = excluded.excluded, seen_at = excluded.seen_at
        WHERE cloud_binding.seen_at <= excluded.seen_at
        """,
        binding.account(),
        binding.resourceKey(),
        binding.type(),
        binding.region(),
        binding.instanceId(),
        binding.listenerId(),
        binding.domains().toArray(String[]::new),
        binding.certificateId(),
        binding.lineageId(),
        binding.excluded(),
        binding.seenAt());
  }

  /** A move task says the resource holds {@code certificateId} since {@code at}. */
  void holds(String account, String resourceKey, String certificateId, Instant at) {
    jdbc.update(
        "UPDATE cloud_binding SET certificate_id = ?, seen_at = ?"
            + " WHERE account = ? AND resource_key = ? AND seen_at <= ?",
        certificateId,
        at,
        account,
        resourceKey,
        at);
  }

  /** The resources of the account that hold one of these certificates. */
  List<Binding> holding(String account, Collection<String> certificateIds) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM cloud_binding WHERE account = ? AND certificate_id = ANY (?)"
            + " ORDER BY resource_type, region, instance_id, listener_id",
        Bindings::map,
        account,
        certificateIds.toArray(String[]::new));
  }

  private static Binding map(ResultSet row) throws SQLException {
    return new Binding(
        row.getString("account"),
        row.getString("resource_key"),
        row.getString("resource_type"),
        row.getString("region"),
        row.getString("instance_id"),
        row.getString("listener_id"),
        strings(row.getArray("domains")),
        row.getString("certificate_id"),
        row.getString("lineage_id"),
        row.getBoolean("excluded"),
        Jdbc.instant(row, "seen_at"));
  }

  static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
