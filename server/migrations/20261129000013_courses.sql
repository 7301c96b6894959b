-- Pictures for training and announcements, re-encoded on upload and named by the SHA-256 of
-- the bytes served: the URL never changes meaning, so phones cache it forever.
CREATE TABLE media (
    hash TEXT PRIMARY KEY NOT NULL,
    content_type TEXT NOT NULL,
    -- BYTEA in PostgreSQL; SQLite keeps the bytes as they are under any column type.
    bytes BYTEA NOT NULL,
    -- What it costs on the wire (compressed, for SVG), shown to people before they fetch it.
    size BIGINT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    -- Absent for the project's own pictures, seeded with the demo courses.
    uploaded_by TEXT REFERENCES users (id),
    uploaded_at BIGINT NOT NULL
);

-- A course and its draft: what its authors are editing (JSON, `CourseDraft`), saved as it is.
-- `region` is the scope of whoever created it: admins over that region may edit it.
CREATE TABLE courses (
    id TEXT PRIMARY KEY NOT NULL,
    region TEXT REFERENCES regions (code),
    draft TEXT NOT NULL,
    draft_saved_at BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    -- The newest published version, if any.
    published_version BIGINT
);

-- Each published version as learners get it (JSON, `CourseManifest`), never changed after.
-- `audience` is the region it is for (absent: the whole country).
CREATE TABLE course_versions (
    course_id TEXT NOT NULL REFERENCES courses (id),
    version BIGINT NOT NULL,
    manifest TEXT NOT NULL,
    audience TEXT REFERENCES regions (code),
    published_by TEXT NOT NULL REFERENCES users (id),
    published_at BIGINT NOT NULL,
    PRIMARY KEY (course_id, version)
);

-- Lessons as rendered, by the hash of what a phone downloads (JSON, `LessonBody`): a lesson
-- unchanged between versions is the same row, and a phone holding it fetches nothing.
CREATE TABLE lessons (
    hash TEXT PRIMARY KEY NOT NULL,
    body TEXT NOT NULL,
    size BIGINT NOT NULL
);

-- Lessons each person has read (through the sync outbox, `lesson_done`).
CREATE TABLE lesson_progress (
    user_id TEXT NOT NULL REFERENCES users (id),
    course_id TEXT NOT NULL REFERENCES courses (id),
    lesson_id TEXT NOT NULL,
    done_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, course_id, lesson_id)
);
CREATE INDEX lesson_progress_course ON lesson_progress (course_id);

-- Quiz attempts, scored again by the server (through the sync outbox, `quiz_attempt`); the
-- id is the device's record id, so a replayed attempt is one attempt.
CREATE TABLE quiz_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    course_id TEXT NOT NULL REFERENCES courses (id),
    version BIGINT NOT NULL,
    answers TEXT NOT NULL,
    correct BIGINT NOT NULL,
    total BIGINT NOT NULL,
    percent BIGINT NOT NULL,
    passed BIGINT NOT NULL,
    attempted_at BIGINT NOT NULL
);
CREATE INDEX quiz_attempts_user_course ON quiz_attempts (user_id, course_id);
CREATE INDEX quiz_attempts_course ON quiz_attempts (course_id);
