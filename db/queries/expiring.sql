-- Certificates that expire within N days (default 30), soonest first, with what reissued did.
--   psql "$DB" -v days=14 -f db/queries/expiring.sql
\if :{?days}
\else
  \set days 30
\endif
SELECT domain, certificate_id, account, days_left, is_free, status, renewal_state, reissued_to
FROM v_certificates
WHERE gone_at IS NULL
  AND not_after < now() + make_interval(days => :days)
ORDER BY not_after;
