-- Renewal that really extends validity (issue 13): the ledger also records ApplyCertificate, a new
-- free certificate renewing an old one, and tracking records whether a re-issue extended the
-- lineage's end date.

-- kind 'apply': certificate_id is the old certificate (ApplyCertificate's OldCertificateId),
-- new_certificate_id the one Tencent made. Its key is Tencent's, opened with the sealed
-- CsrKeyPassword as for csr_type 'Online', which is what such rows record.
ALTER TABLE reissue
    ADD COLUMN kind             text        NOT NULL DEFAULT 'reissue' CHECK (kind IN ('reissue', 'apply')),
    ADD COLUMN issued_not_after timestamptz,   -- the new certificate's end date, once issued
    ADD COLUMN extended         boolean;       -- did it end well after the certificate it renews?

-- A free order's one re-issue is a re-issue's business only: an apply in the same lineage is a
-- new order.
DROP INDEX reissue_one_per_free_lineage;
CREATE UNIQUE INDEX reissue_one_per_free_lineage ON reissue (lineage_id)
    WHERE is_free AND kind = 'reissue' AND state <> 'failed';

-- At most one apply per renewal, whatever the code does: an apply uses up free quota, and a lost
-- answer may have made the certificate. A failed row (the API said no, or reconciliation found
-- nothing after the settling period) lets the renewal try again.
CREATE UNIQUE INDEX reissue_one_apply_per_renewal ON reissue (certificate_id)
    WHERE kind = 'apply' AND state <> 'failed';

-- The certificate an apply made names the one it renews (CertificateExtra.OriginCertificateId):
-- how reconciliation finds it after a lost answer, and how a lineage continues past an apply.
CREATE INDEX certificate_origin_idx ON certificate (origin_certificate_id)
    WHERE origin_certificate_id IS NOT NULL;

-- What an account has shown about Tencent's re-issues: once one kept the original's end date,
-- renewal mode 'auto' applies for that account's free certificates straight away.
CREATE TABLE account_observation (
    account                 text        PRIMARY KEY,
    reissue_keeps_end_date  boolean     NOT NULL,
    evidence                text        NOT NULL,   -- which re-issue showed it
    observed_at             timestamptz NOT NULL
);

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
       d.key_source,
       r.kind,
       r.issued_not_after,
       r.extended,
       c.not_after AS original_not_after
FROM reissue r
JOIN certificate c ON c.certificate_id = r.certificate_id
LEFT JOIN certificate n ON n.certificate_id = r.new_certificate_id
LEFT JOIN delivery d ON d.reissue_id = r.id;
