-- Delivering re-issued certificates once issued: the downloaded certificate and chain, checked
-- against what was asked; the files written to output.dir; the deploy hook's runs. One row per
-- re-issue, made at the first download attempt. The private key is never here: Upload keys and
-- the keys Tencent made for Online re-issues are in sealed_secret (kind 'private_key').

CREATE TABLE delivery (
    reissue_id            bigint      PRIMARY KEY REFERENCES reissue (id),
    certificate_id        text        NOT NULL,   -- the new certificate
    -- Download and check, retried with renewal.retry's backoff until they succeed.
    attempts              integer     NOT NULL DEFAULT 0,
    last_error            text,                   -- why the last attempt failed
    next_attempt_at       timestamptz,
    delivered_at          timestamptz,            -- certificate and chain stored, key sealed
    certificate_pem       text,                   -- the leaf
    chain_pem             text,                   -- intermediates, the leaf's issuer first, no root
    not_before            timestamptz,
    not_after             timestamptz,
    serial                text,                   -- upper-case hex, as openssl prints it
    fingerprint_sha256    text,                   -- of the leaf's DER, lower-case hex
    key_source            text        CHECK (key_source IN ('local', 'tencent', 'none')),
    note                  text,                   -- e.g. why there is no key to deploy
    -- output.dir: 'none' when it was not configured at delivery.
    files_status          text        NOT NULL DEFAULT 'none'
                                      CHECK (files_status IN ('pending', 'written', 'failed', 'none')),
    files_path            text,                   -- <dir>/<domain>
    files_written_at      timestamptz,
    files_error           text,
    -- output.deployHook: 'none' when it was not configured at delivery. 'running' is a claim: one
    -- node runs it; a claim older than the hook timeout (plus a margin) is taken as abandoned.
    hook_status           text        NOT NULL DEFAULT 'none'
                                      CHECK (hook_status IN ('pending', 'running', 'succeeded', 'failed', 'none')),
    hook_attempts         integer     NOT NULL DEFAULT 0,
    hook_exit_status      integer,                -- null when it timed out or did not start
    hook_result           text,                   -- 'exit 1', 'timed out after PT1M, killed', ...
    hook_output           text,                   -- the last 4 KiB of its stdout and stderr
    hook_started_at       timestamptz,
    hook_finished_at      timestamptz,
    hook_next_attempt_at  timestamptz,
    hook_succeeded_at     timestamptz,
    hook_claimed_by       text,
    updated_at            timestamptz NOT NULL,
    CHECK (delivered_at IS NULL OR (certificate_pem IS NOT NULL AND chain_pem IS NOT NULL AND key_source IS NOT NULL
                                    AND not_after IS NOT NULL AND fingerprint_sha256 IS NOT NULL)),
    -- Once succeeded, a hook is never claimed again: only this state lacks a way out.
    CHECK ((hook_status = 'succeeded') = (hook_succeeded_at IS NOT NULL))
);

CREATE INDEX delivery_open_idx ON delivery (reissue_id)
    WHERE delivered_at IS NULL OR files_status IN ('pending', 'failed') OR hook_status IN ('pending', 'running', 'failed');

CREATE VIEW v_deliveries AS
SELECT d.reissue_id,
       r.certificate_id AS old_certificate_id,
       d.certificate_id,
       r.account,
       c.domain,
       CASE
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
       r.csr_type,
       d.certificate_pem,
       d.chain_pem,
       d.updated_at
FROM delivery d
JOIN reissue r ON r.id = d.reissue_id
JOIN certificate c ON c.certificate_id = r.certificate_id;

-- v_reissues gains the delivery's state, at the end as the contract allows.
CREATE OR REPLACE VIEW v_reissues AS
SELECT r.id,
       r.certificate_id,
       r.account,
       r.state,
       r.csr_type,
       r.valid_type,
       r.key_algorithm,
       r.key_parameter,
       r.new_certificate_id,
       r.request_id,
       r.error_code,
       r.error_message,
       r.attempt,
       r.requested_at,
       r.finished_at,
       c.domain,
       r.is_free,
       r.lineage_id,
       r.retryable,
       r.next_attempt_at,
       r.sent_at,
       r.settled_by,
       r.note,
       r.issued_at,
       n.status AS new_status,
       d.delivered_at,
       d.hook_status,
       d.key_source
FROM reissue r
JOIN certificate c ON c.certificate_id = r.certificate_id
LEFT JOIN certificate n ON n.certificate_id = r.new_certificate_id
LEFT JOIN delivery d ON d.reissue_id = r.id;
