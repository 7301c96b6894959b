-- Every sync operation an account has sent, with the answer it got: a replay finds its id here
-- and gets the same answer, never a second write. The row is written in the same transaction
-- as the change itself.
CREATE TABLE sync_operations (
    account_id TEXT NOT NULL REFERENCES users (id),
    operation_id TEXT NOT NULL,
    -- SHA-256 of the operation as received: the same id with other content is refused.
    payload_sha256 TEXT NOT NULL,
    -- JSON of the outcome (applied, conflict, rejected).
    outcome TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, operation_id)
);
