-- Issued certificates not yet in place: failing to download or check, files not written, or a
-- deploy hook that failed or is waiting for its next attempt. Oldest first.
--   psql "$DB" -f db/queries/deliveries.sql
SELECT reissue_id, domain, old_certificate_id, certificate_id, state, key_source,
       attempts, last_error, next_attempt_at,
       files_status, files_error,
       hook_status, hook_attempts, hook_result, hook_next_attempt_at, hook_output
FROM v_deliveries
WHERE state <> 'delivered'
ORDER BY reissue_id;
