-- plan reads, once per account, the ids that a live certificate re-issues or renews, then asks for
-- the successors of just those (issue 11): this partial index holds only such certificates, so the
-- read touches none of the others and, with the ids included, no table page once vacuumed.
CREATE INDEX certificate_successor_idx ON certificate (account)
    INCLUDE (replaced_by, origin_certificate_id)
    WHERE gone_at IS NULL AND (replaced_by IS NOT NULL OR origin_certificate_id IS NOT NULL);
