-- Tracking hands an issued certificate on to delivery in the transaction that records it issued:
-- the delivery row is made then, with what delivery needs to check the certificate against the
-- ask, so that delivery reads its own table only (each stage owns its tables; see
-- docs/ARCHITECTURE.md). Rows of earlier versions get the same columns from the ledger.

ALTER TABLE delivery
    ADD COLUMN account            text,
    ADD COLUMN old_certificate_id text,
    ADD COLUMN csr_type           text,
    ADD COLUMN domain             text,
    ADD COLUMN alt_names          text[];

UPDATE delivery d
SET account = r.account, old_certificate_id = r.certificate_id, csr_type = r.csr_type,
    domain = c.domain, alt_names = c.alt_names
FROM reissue r
JOIN certificate c ON c.certificate_id = r.certificate_id
WHERE r.id = d.reissue_id;

-- Issued before this version and never attempted: handed over now.
INSERT INTO delivery (reissue_id, certificate_id, updated_at, account, old_certificate_id, csr_type, domain, alt_names)
SELECT r.id, r.new_certificate_id, now(), r.account, r.certificate_id, r.csr_type, c.domain, c.alt_names
FROM reissue r
JOIN certificate c ON c.certificate_id = r.certificate_id
WHERE r.state = 'succeeded' AND r.issued_at IS NOT NULL AND r.new_certificate_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.reissue_id = r.id);

ALTER TABLE delivery
    ALTER COLUMN account SET NOT NULL,
    ALTER COLUMN old_certificate_id SET NOT NULL,
    ALTER COLUMN csr_type SET NOT NULL,
    ALTER COLUMN domain SET NOT NULL,
    ALTER COLUMN alt_names SET NOT NULL,
    ALTER COLUMN alt_names SET DEFAULT '{}';

CREATE INDEX delivery_account_idx ON delivery (account, reissue_id);

-- A row handed over and not yet attempted is 'pending', no longer 'failing'.
CREATE OR REPLACE VIEW v_deliveries AS
SELECT d.reissue_id,
       d.old_certificate_id,
       d.certificate_id,
       d.account,
       d.domain,
       CASE
           WHEN d.delivered_at IS NULL AND d.attempts = 0 THEN 'pending'
           WHEN d.delivered_at IS NULL THEN 'failing'
           WHEN d.files_status = 'failed' OR d.hook_status = 'failed' THEN 'deploy_failing'
           WHEN d.files_status = 'pending' OR d.hook_status IN ('pending', 'running') THEN 'deploying'
           ELSE 'delivered'
       END AS state,
       d.delivered_at,
       d.not_after,
       d.key_source,
       d.files_status,
       d.hook_status,
       d.hook_attempts,
       d.hook_exit_status,
       d.hook_result,
       d.hook_next_attempt_at,
       d.hook_succeeded_at,
       d.attempts,
       d.last_error,
       d.next_attempt_at,
       d.note,
       d.not_before,
       d.serial,
       d.fingerprint_sha256,
       d.files_path,
       d.files_written_at,
       d.files_error,
       d.hook_output,
       d.hook_started_at,
       d.hook_finished_at,
       d.csr_type,
       d.certificate_pem,
       d.chain_pem,
       d.updated_at
FROM delivery d;
