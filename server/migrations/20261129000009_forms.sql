-- Forms published to a region (scope: a region code, NULL for the whole country), each version
-- a row of its own, and the responses cooperatives send through the outbox.
CREATE TABLE forms (
    id TEXT PRIMARY KEY NOT NULL,
    form_key TEXT NOT NULL,
    version BIGINT NOT NULL,
    spec TEXT NOT NULL,
    scope TEXT REFERENCES regions (code),
    deadline TEXT,
    published_at BIGINT NOT NULL,
    -- NULL for the forms built into Si Kopdes.
    published_by TEXT REFERENCES users (id),
    UNIQUE (form_key, version)
);

CREATE TABLE form_responses (
    -- Made on the device, so a response queued offline has its id before the server sees it.
    id TEXT PRIMARY KEY NOT NULL,
    form_id TEXT NOT NULL REFERENCES forms (id),
    cooperative_id TEXT NOT NULL REFERENCES cooperatives (id),
    unit_id TEXT REFERENCES business_units (id),
    answers TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    submitted_by TEXT NOT NULL REFERENCES users (id),
    -- 1 when received after the deadline (WIB).
    late BIGINT NOT NULL
);
CREATE INDEX form_responses_form ON form_responses (form_id, cooperative_id);
