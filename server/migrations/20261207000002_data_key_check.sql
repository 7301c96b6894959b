-- A value derived from the data key that sealed this database's personal data: a server
-- started with another key refuses to start instead of failing on every NIK it reads.
CREATE TABLE data_key_check (
    id BIGINT PRIMARY KEY NOT NULL CHECK (id = 1),
    check_value TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
