-- Following a re-issued certificate until it is issued: when it was seen issued, and what an
-- operator must publish for DNS or FILE validation meanwhile.

ALTER TABLE reissue ADD COLUMN issued_at timestamptz;         -- the new certificate was seen in status 1
ALTER TABLE reissue ADD COLUMN tracked_at timestamptz;        -- last time tracking read it

CREATE TABLE validation (
    certificate_id   text        NOT NULL,   -- the new certificate
    position         integer     NOT NULL,
    domain           text,
    verify_type      text,                   -- DNS, FILE, ... as the API says
    auth_key         text,                   -- DNS: the record name; FILE: the file name
    auth_value       text,                   -- the record value or file content to publish
    auth_path        text,                   -- FILE: where to publish it
    sub_domain       text,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (certificate_id, position)
);

CREATE VIEW v_validations AS
SELECT v.certificate_id,
       r.certificate_id AS original_certificate_id,
       r.account,
       v.domain,
       v.verify_type,
       v.auth_key,
       v.auth_value,
       v.auth_path,
       v.sub_domain,
       c.status,
       c.status_msg,
       v.updated_at
FROM validation v
JOIN reissue r ON r.new_certificate_id = v.certificate_id AND r.state = 'succeeded'
LEFT JOIN certificate c ON c.certificate_id = v.certificate_id;

-- v_reissues gains the tracking columns, at the end as the contract allows.
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
       n.status AS new_status
FROM reissue r
JOIN certificate c ON c.certificate_id = r.certificate_id
LEFT JOIN certificate n ON n.certificate_id = r.new_certificate_id;
