package dev.reissued.cloud;

import dev.reissued.db.Jdbc;
import dev.reissued.tencent.UpdateRecordDetail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The resources of each move task, one {@code cloud_resource} row per task detail, as last
 * followed: what {@code v_cloud_resources} shows per resource and what retries and failure events
 * name. Written only from the API's answers, so an upsert suffices; the move's own transitions are
 * {@link CloudLedger}'s compare-and-sets.
 */
final class CloudResources {
  private final Jdbc jdbc;

  CloudResources(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** What the task's details say now, one row each. */
  void record(Deploy deploy, List<UpdateRecordDetail> details, Instant now) {
    List<Object[]> rows = new ArrayList<>();
    for (UpdateRecordDetail detail : details) {
      if (detail.id() == null) {
        continue;
      }
      rows.add(
          new Object[] {
            deploy.id(),
            detail.id(),
            deploy.account(),
            keyOf(detail),
            String.valueOf(detail.resourceType()).toUpperCase(java.util.Locale.ROOT),
            detail.region(),
            instanceOf(detail),
            detail.listenerId(),
            detail.domains().toArray(String[]::new),
            detail.state().code(),
            detail.errorMsg(),
            now
          });
    }
    jdbc.inTransaction(
        handle -> {
          handle.batch(
              """
              INSERT INTO cloud_resource (deploy_id, detail_id, account, resource_key, resource_type,
                                          region, instance_id, listener_id, domains, status,
                                          error_msg, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT (deploy_id, detail_id) DO UPDATE
              SET status = excluded.status, error_msg = excluded.error_msg,
                  updated_at = CASE WHEN cloud_resource.status = excluded.status
                                     AND cloud_resource.error_msg IS NOT DISTINCT FROM excluded.error_msg
                                    THEN cloud_resource.updated_at ELSE excluded.updated_at END
              """,
              rows);
          return null;
        });
  }

  /** One resource of a move task, as last followed. */
  record ResourceRow(
      long detailId,
      String resourceKey,
      String type,
      String region,
      String instanceId,
      String listenerId,
      List<String> domains,
      int status,
      String errorMsg,
      int attempts) {}

  List<ResourceRow> of(long deployId) {
    return jdbc.query(
        "SELECT detail_id, resource_key, resource_type, region, instance_id, listener_id, domains,"
            + " status, error_msg, attempts FROM cloud_resource WHERE deploy_id = ?"
            + " ORDER BY resource_type, region, instance_id, listener_id",
        row ->
            new ResourceRow(
                row.getLong(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                Bindings.strings(row.getArray(7)),
                row.getInt(8),
                row.getString(9),
                row.getInt(10)),
        deployId);
  }

  static String keyOf(UpdateRecordDetail detail) {
    return ResourceKey.of(
        detail.resourceType(),
        detail.region(),
        instanceOf(detail),
        detail.listenerId(),
        detail.namespace(),
        detail.secretName(),
        detail.domains());
  }

  private static String instanceOf(UpdateRecordDetail detail) {
    return detail.instanceId() != null ? detail.instanceId() : detail.bucket();
  }
}
