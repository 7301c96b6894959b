-- One cooperative per village (desa or kelurahan), with the profile its pengurus keep current
-- and the dinas verifies.
CREATE TABLE cooperatives (
    id TEXT PRIMARY KEY NOT NULL,
    village_code TEXT NOT NULL REFERENCES regions (code),
    scheme TEXT NOT NULL CHECK (scheme IN ('baru', 'mengembangkan', 'revitalisasi')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'verified', 'returned')),
    name TEXT NOT NULL,
    legal_entity_number TEXT,
    legal_entity_date TEXT,
    nik_koperasi TEXT,
    address TEXT,
    established_on TEXT,
    phone TEXT,
    email TEXT,
    return_reasons TEXT,
    submitted_at BIGINT,
    verified_at BIGINT,
    verified_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX cooperatives_village ON cooperatives (village_code);

-- Pengurus (board) and pengawas (supervisors) with their terms. Holding an active term is
-- what gives an account the pengurus or pengawas role in that cooperative.
CREATE TABLE officers (
    id TEXT PRIMARY KEY NOT NULL,
    cooperative_id TEXT NOT NULL REFERENCES cooperatives (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    organ TEXT NOT NULL CHECK (organ IN ('pengurus', 'pengawas')),
    position TEXT NOT NULL CHECK (position IN ('ketua', 'sekretaris', 'bendahara', 'anggota')),
    term_start TEXT NOT NULL,
    term_end TEXT NOT NULL,
    ended_on TEXT,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id)
);
CREATE INDEX officers_user ON officers (user_id);
CREATE INDEX officers_cooperative ON officers (cooperative_id);
-- One chair of the board at a time.
CREATE UNIQUE INDEX officers_one_ketua ON officers (cooperative_id)
    WHERE organ = 'pengurus' AND position = 'ketua' AND ended_on IS NULL;

-- Who did what to which record, and who looked at which personal data (UU PDP).
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at BIGINT NOT NULL,
    actor_id TEXT REFERENCES users (id),
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    cooperative_id TEXT REFERENCES cooperatives (id),
    details TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_cooperative ON audit_log (cooperative_id, at);
