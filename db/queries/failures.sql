-- Re-issues that failed or whose outcome is not known yet, newest first.
--   psql "$DB" -f db/queries/failures.sql
SELECT id, domain, certificate_id, account, state, error_code, error_message, attempt,
       retryable, next_attempt_at, requested_at, finished_at
FROM v_reissues
WHERE state IN ('failed', 'unknown')
ORDER BY requested_at DESC;
