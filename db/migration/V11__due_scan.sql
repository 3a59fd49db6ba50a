-- Reads of the inventory that do not read all of it (issue 11): a renew pass decides only the
-- certificates ending within the due window (an index range scan on the account and end date),
-- and plan pages through an account in end-date order with keyset pages.
CREATE INDEX certificate_account_not_after_idx ON certificate (account, not_after, certificate_id);
