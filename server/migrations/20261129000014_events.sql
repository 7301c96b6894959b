-- Training events (acara): a session at a place or online for a region (absent: the whole
-- country), with a capacity. Dates are WIB calendar days (YYYY-MM-DD), `minute` the time of day.
CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    title_id TEXT NOT NULL,
    title_en TEXT NOT NULL,
    description_id TEXT NOT NULL,
    description_en TEXT NOT NULL,
    course_id TEXT REFERENCES courses (id),
    event_date TEXT NOT NULL,
    minute BIGINT NOT NULL,
    place TEXT NOT NULL,
    online_url TEXT NOT NULL,
    capacity BIGINT NOT NULL,
    register_until TEXT NOT NULL,
    region TEXT REFERENCES regions (code),
    organiser_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX events_date ON events (event_date);

-- One row per person and event. Who has a seat is not stored: it is the first `capacity` of the
-- active registrations in the order they reached the server (`registered_at`, then `seq`), so a
-- cancellation gives the seat to the first who waits without anyone rewriting rows.
CREATE TABLE event_registrations (
    event_id TEXT NOT NULL REFERENCES events (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    active BIGINT NOT NULL,
    registered_at BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    cancelled_at BIGINT,
    attended BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_registrations_order ON event_registrations (event_id, active, registered_at, seq);
