-- One API rate limit per account across every process on this database (SharedRateLimit):
-- the account's next free request slot. Each request moves it on by one slot
-- (greatest(next_slot, now) + spacing) and waits for the slot it took.
CREATE TABLE api_rate (
    account    text        PRIMARY KEY,
    next_slot  timestamptz NOT NULL
);
