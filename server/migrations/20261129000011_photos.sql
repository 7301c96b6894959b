-- Photos answering form fields, named by the SHA-256 of their bytes: an upload sent twice (a
-- lost answer, a second device) stores one photo. Kept in the database, like everything else,
-- so any server process of a deployment can answer for any photo.
CREATE TABLE photos (
    sha256 TEXT PRIMARY KEY NOT NULL,
    content_type TEXT NOT NULL,
    -- BYTEA in PostgreSQL; SQLite keeps the bytes as they are under any column type.
    bytes BYTEA NOT NULL,
    size BIGINT NOT NULL,
    uploaded_at BIGINT NOT NULL
);

-- Which cooperatives a photo was uploaded for: who may see it follows from these, as for the
-- answers that refer to it. The same picture uploaded for two cooperatives is stored once.
CREATE TABLE photo_owners (
    sha256 TEXT NOT NULL REFERENCES photos (sha256),
    cooperative_id TEXT NOT NULL REFERENCES cooperatives (id),
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    uploaded_at BIGINT NOT NULL,
    PRIMARY KEY (sha256, cooperative_id)
);
CREATE INDEX photo_owners_cooperative ON photo_owners (cooperative_id);
