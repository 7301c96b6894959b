-- Figures for the dashboards, computed from the records by a refresh (server/src/stats.rs) so
-- that a national dashboard reads tens of thousands of rows, not millions. Nothing here is a
-- record of its own: every table can be emptied and computed again at any time.

-- When the figures were computed, and whether a refresh is under way (a lease: several server
-- processes share one database, and only one computes at a time).
CREATE TABLE stats_runs (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    as_of BIGINT NOT NULL,
    started_at BIGINT
);
INSERT INTO stats_runs (id, as_of, started_at) VALUES (1, 0, NULL);

-- One row per cooperative, with its region at every level so each level is one indexed filter.
CREATE TABLE cooperative_stats (
    cooperative_id TEXT PRIMARY KEY NOT NULL,
    province TEXT NOT NULL,
    regency TEXT NOT NULL,
    district TEXT NOT NULL,
    village TEXT NOT NULL,
    status TEXT NOT NULL,
    scheme TEXT NOT NULL,
    legal_entity BIGINT NOT NULL,
    members BIGINT NOT NULL,
    officers BIGINT NOT NULL,
    units BIGINT NOT NULL,
    units_operating BIGINT NOT NULL,
    fresh BIGINT NOT NULL,
    never_updated BIGINT NOT NULL,
    enrolled BIGINT NOT NULL,
    completed BIGINT NOT NULL,
    registered BIGINT NOT NULL,
    attended BIGINT NOT NULL,
    -- `YYYY-MM` (WIB) of registration and of verification, for the trend.
    created_month TEXT NOT NULL,
    verified_month TEXT
);
CREATE INDEX cooperative_stats_province ON cooperative_stats (province);
CREATE INDEX cooperative_stats_regency ON cooperative_stats (regency);
CREATE INDEX cooperative_stats_district ON cooperative_stats (district);
CREATE INDEX cooperative_stats_village ON cooperative_stats (village);

-- Business units per cooperative, by kind and status.
CREATE TABLE unit_stats (
    cooperative_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (cooperative_id, kind, status)
);

-- The forms each cooperative answered, in any of their versions (a row per form key and
-- cooperative that did).
CREATE TABLE form_stats (
    form_key TEXT NOT NULL,
    cooperative_id TEXT NOT NULL,
    PRIMARY KEY (form_key, cooperative_id)
);

-- Each course's learners per cooperative.
CREATE TABLE course_stats (
    course_id TEXT NOT NULL,
    cooperative_id TEXT NOT NULL,
    enrolled BIGINT NOT NULL,
    completed BIGINT NOT NULL,
    PRIMARY KEY (course_id, cooperative_id)
);
