-- Announcements (sosialisasi) from the ministry and the dinas: to the whole country (no region
-- and no cooperative), a province or regency, or one cooperative; shown from `publish_on` until
-- `expires_on` (WIB dates, YYYY-MM-DD), pinned ones first.
CREATE TABLE announcements (
    id TEXT PRIMARY KEY NOT NULL,
    title_id TEXT NOT NULL,
    title_en TEXT NOT NULL,
    body_id TEXT NOT NULL,
    body_en TEXT NOT NULL,
    region TEXT REFERENCES regions (code),
    cooperative_id TEXT REFERENCES cooperatives (id),
    pinned BIGINT NOT NULL,
    publish_on TEXT NOT NULL,
    expires_on TEXT,
    published_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX announcements_publish_on ON announcements (publish_on);

-- Who has read which announcement (an unread badge per person, across their devices).
CREATE TABLE announcement_reads (
    announcement_id TEXT NOT NULL REFERENCES announcements (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    read_at BIGINT NOT NULL,
    PRIMARY KEY (announcement_id, user_id)
);
