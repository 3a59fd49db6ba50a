-- A sync writes only what changed (issue 11). Each complete sync of an account is recorded once
-- here instead of stamping last_synced_at on every certificate it saw: a live certificate was
-- seen by its account's last complete sync, so v_certificates.last_synced_at is that sync's time
-- (or the certificate's own, when something wrote the row later). certificate.last_synced_at now
-- says when a sync (or tracking) last wrote the row; marking a certificate gone sets it to the
-- last sync that saw it.
CREATE TABLE account_sync (
    account       text        PRIMARY KEY,
    generation    bigint      NOT NULL,   -- complete syncs of the account: 1 for the first
    synced_at     timestamptz NOT NULL,   -- when the last complete sync began
    certificates  integer     NOT NULL,   -- what it listed
    added         integer     NOT NULL,
    changed       integer     NOT NULL,
    gone          integer     NOT NULL
);

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
    WHERE r.certificate_id = c.certificate_id
    ORDER BY r.id DESC
    LIMIT 1
) latest ON true;

-- The last complete sync of each account, for operators (a sync that failed is not recorded).
CREATE VIEW v_account_syncs AS
SELECT account, generation, synced_at, certificates, added, changed, gone
FROM account_sync;
