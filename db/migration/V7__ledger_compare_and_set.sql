-- Every ledger transition is a compare-and-set on the state and sent_at it was decided from
-- (see Ledger). What else that needs from the schema:

-- Rows the API never saw and the pass itself let go (stopping, a CSR it could not make) are
-- settled by 'pass', not stamped 'api'.
ALTER TABLE reissue DROP CONSTRAINT reissue_settled_by_check;
ALTER TABLE reissue ADD CONSTRAINT reissue_settled_by_check
    CHECK (settled_by IN ('api', 'reconcile', 'pass', 'operator'));

-- Reconciliation looks for rows that failed without an answer of the API's although the API
-- shows their certificate re-issued (Ledger.abandoned): few, so a small partial index.
CREATE INDEX reissue_failed_unanswered_idx ON reissue (account)
    WHERE state = 'failed' AND settled_by = 'reconcile' AND sent_at IS NOT NULL;

-- The claim reads a lineage's rows (lineage_id = ? OR certificate_id = ?), and plan reads an
-- account's: both were sequential scans.
CREATE INDEX reissue_lineage_idx ON reissue (lineage_id, id DESC);
CREATE INDEX reissue_account_idx ON reissue (account, id DESC);
