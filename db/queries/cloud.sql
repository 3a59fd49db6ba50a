-- Cloud resources (CLB, CDN, EdgeOne, WAF, COS, ...) that will serve an expired certificate, and
-- when: every resource not on its lineage's newest certificate whose certificate ends within N days
-- (default 30), soonest first, with what its last move did.
--   psql "$DB" -v days=14 -f db/queries/cloud.sql
\if :{?days}
\else
  \set days 30
\endif
SELECT not_after AS serves_expired_from, days_left, account, resource_type, region, instance_id,
       listener_id, array_to_string(domains, ',') AS domains, certificate_id,
       newest_certificate_id, deploy_status, error
FROM v_cloud_resources
WHERE NOT coalesce(on_newest, false)
  AND not_after < now() + make_interval(days => :days)
ORDER BY not_after, account, resource_type, instance_id, listener_id;
