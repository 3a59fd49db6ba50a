-- Every re-issue attempt for one certificate (or all, without -v id=...), oldest first.
--   psql "$DB" -v id="'a91hoLqo'" -f db/queries/history.sql
\if :{?id}
SELECT id, state, csr_type, valid_type, key_algorithm, key_parameter, new_certificate_id,
       request_id, error_code, attempt, requested_at, finished_at, settled_by
FROM v_reissues
WHERE certificate_id = :id OR new_certificate_id = :id
ORDER BY id;
\else
SELECT id, domain, certificate_id, state, new_certificate_id, error_code, requested_at, finished_at
FROM v_reissues
ORDER BY id;
\endif
