-- Members of a cooperative. The NIK is personal data (UU PDP): stored encrypted, with a keyed
-- hash for uniqueness and a masked form for lists, never in the clear.
CREATE TABLE members (
    id TEXT PRIMARY KEY NOT NULL,
    cooperative_id TEXT NOT NULL REFERENCES cooperatives (id),
    user_id TEXT REFERENCES users (id),
    nik_sealed TEXT NOT NULL,
    nik_hash TEXT NOT NULL,
    nik_masked TEXT NOT NULL,
    name TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    birth_date TEXT NOT NULL,
    address TEXT,
    phone TEXT,
    join_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'left')),
    left_on TEXT,
    left_reason TEXT,
    consent_notice_version TEXT NOT NULL,
    consent_at BIGINT NOT NULL,
    consent_recorded_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
-- One person is an active member of one cooperative in the whole programme at a time.
CREATE UNIQUE INDEX members_active_nik ON members (nik_hash) WHERE status = 'active';
CREATE INDEX members_cooperative ON members (cooperative_id, status, name);
CREATE INDEX members_user ON members (user_id);
