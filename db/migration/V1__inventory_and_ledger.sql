-- The inventory of certificates (filled by sync), the re-issue ledger, and sealed secrets.
-- Operators query the v_* views (V3), not these tables: their columns may change.

CREATE TABLE certificate (
    certificate_id        text        PRIMARY KEY,
    account               text        NOT NULL,
    domain                text        NOT NULL DEFAULT '',
    alt_names             text[]      NOT NULL DEFAULT '{}',
    alias                 text,
    status                integer,
    status_name           text,
    status_msg            text,
    source                text,                   -- the API's "From": trustasia, upload, ...
    package_type          text,                   -- null for uploaded certificates; "2" and "83" are free
    package_type_name     text,
    is_free               boolean     NOT NULL,
    is_uploaded           boolean     NOT NULL,
    encrypt_algorithm     text,                   -- e.g. "RSA 2048"
    certificate_type      text,
    verify_type           text,
    not_before            timestamptz,
    not_after             timestamptz,
    inserted_at           timestamptz,            -- Tencent's InsertTime
    project_id            text,
    renewable             boolean,
    -- Lineage, named as the API names it: on a re-issued certificate ReplacedBy names the
    -- certificate it re-issues; on the original, ReplacedFor names its re-issue.
    replaced_by           text,
    replaced_for          text,
    origin_certificate_id text,
    raw                   jsonb       NOT NULL DEFAULT '{}',
    raw_sha256            text,                   -- of the API's text: tells a changed certificate from an unchanged one
    first_seen_at         timestamptz NOT NULL,
    last_synced_at        timestamptz NOT NULL,
    gone_at               timestamptz             -- set when the API stopped returning it; never deleted
);

CREATE INDEX certificate_account_idx ON certificate (account);
CREATE INDEX certificate_not_after_idx ON certificate (not_after) WHERE gone_at IS NULL;
CREATE INDEX certificate_replaced_by_idx ON certificate (replaced_by) WHERE replaced_by IS NOT NULL;

-- One row per attempt to re-issue a certificate. The row is committed in state 'requested'
-- BEFORE ReplaceCertificate is sent, so that a crash between the two leaves evidence.
CREATE TABLE reissue (
    id                    bigserial   PRIMARY KEY,
    certificate_id        text        NOT NULL REFERENCES certificate (certificate_id),
    account               text        NOT NULL,
    -- The first certificate of the lineage: a free lineage may be re-issued once in all.
    lineage_id            text        NOT NULL,
    is_free               boolean     NOT NULL,
    state                 text        NOT NULL CHECK (state IN ('requested', 'succeeded', 'failed', 'unknown')),
    csr_type              text        NOT NULL CHECK (csr_type IN ('Upload', 'Online', 'Original')),
    valid_type            text        NOT NULL CHECK (valid_type IN ('DNS_AUTO', 'DNS', 'FILE')),
    key_algorithm         text,
    key_parameter         text,
    csr_pem               text,                   -- public: the CSR sent with CsrType=Upload
    new_certificate_id    text,
    request_id            text,
    error_code            text,
    error_message         text,
    retryable             boolean,                -- for state 'failed': may a later attempt be made
    attempt               integer     NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    next_attempt_at       timestamptz,            -- for retryable failures: not before this
    requested_at          timestamptz NOT NULL,
    sent_at               timestamptz,            -- set just before the request leaves
    finished_at           timestamptz,
    claimed_by            text        NOT NULL,   -- host/pid of the process that made the row
    -- The advisory lock the claiming process holds for its whole life (see ProcessLease):
    -- while it is held, the process may still send this row's request.
    owner_lease           integer     NOT NULL DEFAULT 0,
    settled_by            text        CHECK (settled_by IN ('api', 'reconcile', 'operator')),
    note                  text
);

-- The database-level guarantee behind "a free certificate is re-issued at most once": no two
-- rows of one free lineage may be anything but failed. Application logic checks this too,
-- but this index holds whatever the code does.
CREATE UNIQUE INDEX reissue_one_per_free_lineage ON reissue (lineage_id)
    WHERE is_free AND state <> 'failed';

-- At most one open (requested/unknown) attempt per certificate, free or paid.
CREATE UNIQUE INDEX reissue_one_open_per_certificate ON reissue (certificate_id)
    WHERE state IN ('requested', 'unknown');

CREATE INDEX reissue_certificate_idx ON reissue (certificate_id, id DESC);
CREATE INDEX reissue_open_idx ON reissue (state) WHERE state IN ('requested', 'unknown');

-- Private keys and CSR key passwords, sealed with AES-256-GCM under the master key. The
-- associated data binds each value to (reissue id, kind): a value copied to another row
-- does not open.
CREATE TABLE sealed_secret (
    reissue_id            bigint      NOT NULL REFERENCES reissue (id),
    kind                  text        NOT NULL CHECK (kind IN ('private_key', 'csr_key_password')),
    sealed                bytea       NOT NULL,   -- version, 12-byte nonce, ciphertext with its tag
    created_at            timestamptz NOT NULL,
    PRIMARY KEY (reissue_id, kind)
);
