-- Devices an account signed in from, known by a random cookie (the database keeps its
-- SHA-256): the owner's own phone is never locked out by someone guessing elsewhere.
CREATE TABLE known_devices (
    token_hash TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    first_seen_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    PRIMARY KEY (token_hash, user_id)
);
CREATE INDEX known_devices_last_seen ON known_devices (last_seen_at);
