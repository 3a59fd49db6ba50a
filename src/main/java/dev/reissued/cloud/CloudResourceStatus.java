package dev.reissued.cloud;

import dev.reissued.db.Jdbc;
import dev.reissued.inventory.Inventory;
import java.time.Instant;
import java.util.List;

/**
 * One row of {@code v_cloud_resources}: a resource, the certificate it holds, its lineage's newest
 * and what its last move did. What {@code reissued cloud status} and the exporter read.
 */
public record CloudResourceStatus(
    String account,
    String resourceType,
    String region,
    String instanceId,
    String listenerId,
    List<String> domains,
    String certificateId,
    String lineageId,
    String newestCertificateId,
    boolean onNewest,
    Instant notAfter,
    Integer daysLeft,
    String deployStatus,
    String error,
    Instant updatedAt) {
  public CloudResourceStatus {
    domains = domains == null ? List.of() : List.copyOf(domains);
  }

  /** The resources of {@code certificateId}'s lineage (every resource when it is null). */
  public static List<CloudResourceStatus> of(Jdbc jdbc, String certificateId) {
    return read(
        jdbc,
        certificateId == null ? null : LineageMembers.rootOf(new Inventory(jdbc), certificateId));
  }

  /** Every resource, or those of one lineage; soonest expiry of what they hold first. */
  public static List<CloudResourceStatus> read(Jdbc jdbc, String lineageId) {
    return jdbc.query(
        """
        SELECT account, resource_type, region, instance_id, listener_id, domains, certificate_id,
               lineage_id, newest_certificate_id, on_newest, not_after, days_left, deploy_status,
               error, updated_at
        FROM v_cloud_resources
        WHERE ?::text IS NULL OR lineage_id = ?
        ORDER BY on_newest, not_after NULLS LAST, account, resource_type, region, instance_id,
                 listener_id
        """,
        row ->
            new CloudResourceStatus(
                row.getString("account"),
                row.getString("resource_type"),
                row.getString("region"),
                row.getString("instance_id"),
                row.getString("listener_id"),
                Bindings.strings(row.getArray("domains")),
                row.getString("certificate_id"),
                row.getString("lineage_id"),
                row.getString("newest_certificate_id"),
                row.getBoolean("on_newest"),
                Jdbc.instant(row, "not_after"),
                row.getObject("days_left", Integer.class),
                row.getString("deploy_status"),
                row.getString("error"),
                Jdbc.instant(row, "updated_at")),
        lineageId,
        lineageId);
  }
}
