-- Which data sets (demo, reference data) have been loaded, so loading is idempotent
-- and a restart never inserts them twice.
CREATE TABLE seed_runs (
    name TEXT PRIMARY KEY NOT NULL,
    applied_at BIGINT NOT NULL
);
