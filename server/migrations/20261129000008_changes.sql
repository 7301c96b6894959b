-- The change log that sync pulls read: one row per change to a record a device may keep, numbered
-- in commit order. The number comes from the one-row counter, whose row stays locked until the
-- writing transaction ends, so a number is never seen before every smaller one is committed.
CREATE TABLE sync_counter (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO sync_counter (id, value) VALUES (1, 0);

CREATE TABLE changes (
    seq BIGINT PRIMARY KEY NOT NULL,
    entity TEXT NOT NULL CHECK (entity IN ('cooperative', 'unit', 'officer')),
    record_id TEXT NOT NULL,
    cooperative_id TEXT NOT NULL REFERENCES cooperatives (id),
    changed_at BIGINT NOT NULL
);
CREATE INDEX changes_cooperative ON changes (cooperative_id, seq);
