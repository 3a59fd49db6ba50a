-- The cloud stage (issue 12): every CLB listener, CDN and EdgeOne domain, WAF, COS bucket ... that
-- holds a member of a renewed lineage is moved to the lineage's newest certificate, tracked per
-- resource. Operators read v_cloud_resources; the tables are the stage's own.

-- A lineage whose newest certificate must be served by every resource of the lineage. Made when
-- tracking finds a renewal issued (in its transaction), or by `reissued cloud deploy`.
CREATE TABLE cloud_lineage (
    lineage_id            text        PRIMARY KEY,  -- the lineage's first certificate
    account               text        NOT NULL,
    newest_certificate_id text        NOT NULL,     -- what every resource should hold
    state                 text        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
    discovered_at         timestamptz,              -- bindings last read for this newest certificate
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);

CREATE INDEX cloud_lineage_open_idx ON cloud_lineage (account) WHERE state = 'open';

-- One resource that holds (or held) a certificate of a lineage, as the bind-resource query found
-- it; certificate_id follows what the moves did.
CREATE TABLE cloud_binding (
    account               text        NOT NULL,
    resource_key          text        NOT NULL,     -- type|region|instance|listener|namespace|secret|domains
    resource_type         text        NOT NULL,     -- the API's product key: CLB, CDN, TEO, WAF, COS, ...
    region                text,                     -- null for products without regions
    instance_id           text,
    listener_id           text,
    domains               text[]      NOT NULL DEFAULT '{}',
    certificate_id        text        NOT NULL,     -- the certificate it holds, as last seen or moved
    lineage_id            text        NOT NULL,
    excluded              boolean     NOT NULL DEFAULT false,  -- cloud.exclude names it: left alone
    seen_at               timestamptz NOT NULL,
    PRIMARY KEY (account, resource_key)
);

CREATE INDEX cloud_binding_lineage_idx ON cloud_binding (lineage_id);
CREATE INDEX cloud_binding_certificate_idx ON cloud_binding (certificate_id);

-- One move of an old certificate's resources to a new one (UpdateCertificateInstance). The task's
-- record id is stored before anything else is done with it; update_calls counts every
-- UpdateCertificateInstance sent for the pair, and is raised (committed) BEFORE each is sent, so a
-- crash or a lost answer leaves evidence: with update_calls > 0 and no record id, the task is
-- looked up with DescribeHostUpdateRecord before another is asked for.
CREATE TABLE cloud_deploy (
    id                    bigserial   PRIMARY KEY,
    account               text        NOT NULL,
    lineage_id            text        NOT NULL,
    old_certificate_id    text        NOT NULL,
    new_certificate_id    text        NOT NULL,
    state                 text        NOT NULL CHECK (state IN (
                              'new',           -- nothing sent yet
                              'sending',       -- an UpdateCertificateInstance is out, or its answer was lost
                              'creating',      -- answered DeployRecordId 0: the task is being created
                              'following',     -- record_id known: DescribeHostUpdateRecordDetail until settled
                              'succeeded',     -- every resource holds the new certificate (or is gone)
                              'nothing_bound', -- CertificateDeployInstanceEmpty on the first try
                              'failed',        -- resources still failed when attempts ran out
                              'given_up')),    -- the task did not finish within cloud.giveUpAfter
    record_id             bigint,               -- DeployRecordId
    adopted               boolean     NOT NULL DEFAULT false,  -- DeployStatus 0: a task was already running
    resource_types        text[]      NOT NULL DEFAULT '{}',
    update_calls          integer     NOT NULL DEFAULT 0 CHECK (update_calls >= 0),
    retries               integer     NOT NULL DEFAULT 0,      -- UpdateCertificateRecordRetry sent
    next_attempt_at       timestamptz,
    error                 text,
    started_at            timestamptz,          -- the first UpdateCertificateInstance
    finished_at           timestamptz,
    given_up_at           timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    UNIQUE (old_certificate_id, new_certificate_id),
    CHECK (state <> 'following' OR record_id IS NOT NULL)
);

CREATE INDEX cloud_deploy_open_idx ON cloud_deploy (account)
    WHERE state IN ('new', 'sending', 'creating', 'following');

-- One resource of a move task (DescribeHostUpdateRecordDetail), with its status 0-6: 0 pending,
-- 1 succeeded, 2 failed, 3 deploying, 4 rolled back, 5 rollback failed, 6 no resource.
CREATE TABLE cloud_resource (
    deploy_id             bigint      NOT NULL REFERENCES cloud_deploy (id),
    detail_id             bigint      NOT NULL,     -- the detail's Id (UpdateCertificateRecordRetry's DeployRecordDetailId)
    account               text        NOT NULL,
    resource_key          text        NOT NULL,     -- as cloud_binding's
    resource_type         text        NOT NULL,
    region                text,
    instance_id           text,
    listener_id           text,
    domains               text[]      NOT NULL DEFAULT '{}',
    status                integer     NOT NULL CHECK (status BETWEEN -1 AND 6),
    error_msg             text,
    attempts              integer     NOT NULL DEFAULT 1,
    next_attempt_at       timestamptz,
    updated_at            timestamptz NOT NULL,
    PRIMARY KEY (deploy_id, detail_id)
);

CREATE INDEX cloud_resource_key_idx ON cloud_resource (account, resource_key, updated_at DESC);

-- Renewals already issued before this migration: their lineages are served from now on.
INSERT INTO cloud_lineage (lineage_id, account, newest_certificate_id, created_at, updated_at)
SELECT DISTINCT ON (r.lineage_id) r.lineage_id, r.account, r.new_certificate_id, now(), now()
FROM reissue r
WHERE r.state = 'succeeded' AND r.issued_at IS NOT NULL AND r.new_certificate_id IS NOT NULL
ORDER BY r.lineage_id, r.issued_at DESC, r.id DESC;

-- Which resources will serve an expired certificate, and when: one row per resource, with the
-- certificate it holds, the lineage's newest, and what its last move did.
CREATE VIEW v_cloud_resources AS
SELECT b.account,
       lower(b.resource_type) AS resource_type,
       b.region,
       b.instance_id,
       b.listener_id,
       b.domains,
       b.certificate_id,
       b.lineage_id,
       l.newest_certificate_id,
       (b.certificate_id = l.newest_certificate_id) AS on_newest,
       c.not_after,
       floor(extract(epoch FROM (c.not_after - now())) / 86400)::integer AS days_left,
       CASE
           WHEN b.excluded THEN 'excluded'
           WHEN cr.status IS NULL THEN CASE WHEN b.certificate_id = l.newest_certificate_id THEN 'on_newest' ELSE 'waiting' END
           WHEN cr.status = 0 THEN 'pending'
           WHEN cr.status = 1 THEN 'succeeded'
           WHEN cr.status = 2 THEN 'failed'
           WHEN cr.status = 3 THEN 'deploying'
           WHEN cr.status = 4 THEN 'rolled_back'
           WHEN cr.status = 5 THEN 'rollback_failed'
           WHEN cr.status = 6 THEN 'no_resource'
           ELSE 'unknown'
       END AS deploy_status,
       cr.error_msg AS error,
       greatest(b.seen_at, cr.updated_at) AS updated_at
FROM cloud_binding b
LEFT JOIN cloud_lineage l ON l.lineage_id = b.lineage_id
LEFT JOIN certificate c ON c.certificate_id = b.certificate_id
LEFT JOIN LATERAL (
    SELECT r.status, r.error_msg, r.updated_at
    FROM cloud_resource r
    WHERE r.account = b.account AND r.resource_key = b.resource_key
    ORDER BY r.updated_at DESC, r.deploy_id DESC
    LIMIT 1
) cr ON true;
