-- Notifications: an outbox in the database. Publishing an event inserts a notification and one
-- delivery row per webhook that wants it; a delivery worker (on any node) sends them later, so a
-- failing webhook never delays a renewal, and every node of a cluster shares one record of what
-- was sent.

CREATE TABLE notification (
    id                bigserial   PRIMARY KEY,
    event_type        text        NOT NULL,   -- reissue_succeeded, expiring_unrenewable, ...
    -- What repeats are counted against: the certificate, or 'account:<name>' for account-wide events.
    subject           text        NOT NULL,
    account           text        NOT NULL,
    certificate_id    text,
    domain            text,
    summary           text        NOT NULL,
    details           jsonb       NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL
);

-- The repeat check: "was this event about this subject recorded within notify.repeatEvery?"
CREATE INDEX notification_repeat_idx ON notification (event_type, subject, created_at DESC);

CREATE TABLE notification_delivery (
    id                bigserial   PRIMARY KEY,
    notification_id   bigint      NOT NULL REFERENCES notification (id),
    webhook           text        NOT NULL,   -- notify.webhooks[].name (never the URL: it holds a token)
    status            text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts          integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- For pending rows: not before this. A worker that claims a row moves it forward by a lease,
    -- so that a row whose worker died is picked up again once the lease is over.
    next_attempt_at   timestamptz,
    claimed_by        text,
    last_error        text,
    sent_at           timestamptz,
    created_at        timestamptz NOT NULL,
    UNIQUE (notification_id, webhook)
);

CREATE INDEX notification_delivery_due_idx ON notification_delivery (next_attempt_at) WHERE status = 'pending';

-- For operators: one row per message and webhook, newest first when ordered by id.
CREATE VIEW v_notifications AS
SELECT d.id,
       n.event_type,
       n.account,
       n.certificate_id,
       n.domain,
       n.summary,
       d.webhook,
       d.status,
       d.attempts,
       d.next_attempt_at,
       d.last_error,
       d.sent_at,
       n.created_at,
       n.details,
       n.id AS notification_id
FROM notification_delivery d
JOIN notification n ON n.id = d.notification_id;
