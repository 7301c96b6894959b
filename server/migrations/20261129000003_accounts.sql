-- People who can sign in. A person exists before they can sign in: an officer or admin
-- creates the account and hands over a one-time activation code; the person sets the password.
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    phone TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- argon2id PHC string; NULL until the account is activated.
    password_hash TEXT,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id),
    activated_at BIGINT,
    disabled_at BIGINT
);

-- Server-side sessions: the cookie holds a random token, the database only its SHA-256.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time activation codes, stored hashed; a new code replaces any unused one.
CREATE TABLE activation_codes (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id),
    expires_at BIGINT NOT NULL,
    failures BIGINT NOT NULL DEFAULT 0
);

-- Failed sign-ins per phone and per client address, shared by every server process.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY NOT NULL,
    failures BIGINT NOT NULL,
    window_started_at BIGINT NOT NULL,
    locked_until BIGINT
);

-- District (dinas) and ministry staff: a dinas admin is scoped to a province or a regency,
-- a ministry admin to the whole country (region_code NULL).
CREATE TABLE staff_roles (
    user_id TEXT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL CHECK (role IN ('dinas_admin', 'ministry_admin')),
    region_code TEXT REFERENCES regions (code),
    granted_at BIGINT NOT NULL,
    granted_by TEXT REFERENCES users (id),
    PRIMARY KEY (user_id, role),
    CHECK ((role = 'ministry_admin') = (region_code IS NULL))
);
