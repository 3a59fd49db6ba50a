-- v_certificates joins each certificate to its latest re-issue, one index probe per row: 2 of the
-- 5 s PostgreSQL spent on `status` at a million certificates, and most of a /metrics scrape's
-- database time, though most certificates never had a re-issue. certificate.in_ledger says whether
-- any reissue row names the certificate; with it in the join, PostgreSQL checks it once per row
-- (a one-time filter) and probes only for those that had one. A trigger keeps it, so that every
-- way a ledger row is written (a pass's claim, an application, an operator's SQL) sets it; a
-- ledger row is never moved to another certificate, so it is never cleared.
ALTER TABLE certificate ADD COLUMN in_ledger boolean NOT NULL DEFAULT false;

UPDATE certificate SET in_ledger = true
WHERE certificate_id IN (SELECT certificate_id FROM reissue);

-- The claim holds the certificate's row lock already (FOR UPDATE SKIP LOCKED) when it inserts the
-- ledger row, so this update waits on nothing there; only a certificate's first row writes it.
CREATE FUNCTION reissue_marks_certificate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE certificate SET in_ledger = true
    WHERE certificate_id = NEW.certificate_id AND NOT in_ledger;
    RETURN NULL;
END
$$;

CREATE TRIGGER reissue_marks_certificate AFTER INSERT ON reissue
    FOR EACH ROW EXECUTE FUNCTION reissue_marks_certificate();

CREATE OR REPLACE VIEW v_certificates AS
SELECT c.certificate_id,
       c.account,
       c.domain,
       c.not_after,
       floor(extract(epoch FROM (c.not_after - now())) / 86400)::integer AS days_left,
       c.is_free,
       c.status,
       CASE
           WHEN c.gone_at IS NOT NULL THEN 'gone'
           WHEN latest.state IS NOT NULL THEN latest.state
           WHEN c.replaced_for IS NOT NULL THEN 'reissued'
           ELSE 'none'
       END AS renewal_state,
       coalesce(latest.new_certificate_id, c.replaced_for) AS reissued_to,
       c.alt_names,
       c.status_name,
       c.is_uploaded,
       c.package_type,
       c.encrypt_algorithm,
       c.not_before,
       c.replaced_by AS reissue_of,
       c.gone_at,
       CASE
           WHEN c.gone_at IS NULL THEN greatest(c.last_synced_at, s.synced_at)
           ELSE c.last_synced_at
       END AS last_synced_at
FROM certificate c
LEFT JOIN account_sync s ON s.account = c.account
LEFT JOIN LATERAL (
    SELECT r.state, r.new_certificate_id
    FROM reissue r
    WHERE c.in_ledger AND r.certificate_id = c.certificate_id
    ORDER BY r.id DESC
    LIMIT 1
) latest ON true;
