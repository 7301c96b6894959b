-- Kemendagri regions: province (level 1), regency or city (2), district (3), village (4).
-- Loaded from the embedded data set at start (server/src/regions.rs), not by this migration,
-- so a newer data set can be loaded without a schema change.
CREATE TABLE regions (
    code TEXT PRIMARY KEY NOT NULL,
    parent_code TEXT REFERENCES regions (code),
    level BIGINT NOT NULL CHECK (level BETWEEN 1 AND 4),
    name TEXT NOT NULL
);

-- The cascade picker lists one region's children in name order.
CREATE INDEX regions_parent_name ON regions (parent_code, name);
