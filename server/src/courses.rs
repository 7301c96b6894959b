//! Stored courses: drafts, published versions, rendered lessons and learners' progress (see
//! `routes::courses`). Publishing renders every lesson and names it by the hash of what a phone
//! downloads, so an unchanged lesson is the same row in every version.

use kopdes_domain::course::{
    CourseDraft, CourseManifest, CourseSummary, LessonBody, LessonRef, MediaRef, Progress,
    QuizAnswer, Score,
};
use kopdes_domain::form::Text;
use kopdes_domain::region::RegionCode;
use sqlx::{AnyConnection, Row};

use crate::clock::now_millis;
use crate::cooperatives::decode_error;
use crate::markdown::{self, RenderError};
use crate::media;
use crate::secrets::sha256_hex_of;

/// A course as its authors see it.
#[derive(Debug, Clone)]
pub struct Course {
    pub id: String,
    /// The scope of whoever created it: admins over it may edit.
    pub region: Option<RegionCode>,
    pub draft: CourseDraft,
    pub draft_saved_at: i64,
    pub published_version: Option<u32>,
}

fn json_error(column: &str, error: serde_json::Error) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: Box::new(error),
    }
}

fn region(row: &sqlx::any::AnyRow, column: &str) -> Result<Option<RegionCode>, sqlx::Error> {
    let code: Option<String> = row.try_get(column)?;
    code.map(|c| RegionCode::parse(&c).map_err(|_| decode_error(column, &c)))
        .transpose()
}

#[tracing::instrument(name = "courses.create", skip_all)]
pub async fn create(
    conn: &mut AnyConnection,
    id: &str,
    region: Option<&RegionCode>,
    draft: &CourseDraft,
    created_by: &str,
) -> Result<(), sqlx::Error> {
    let now = now_millis();
    sqlx::query(
        "INSERT INTO courses (id, region, draft, draft_saved_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $4)",
    )
    .bind(id)
    .bind(region.map(RegionCode::as_str))
    .bind(serde_json::to_string(draft).map_err(|e| json_error("draft", e))?)
    .bind(now)
    .bind(created_by)
    .execute(conn)
    .await?;
    Ok(())
}

#[tracing::instrument(name = "courses.find", skip_all)]
pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<Course>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, region, draft, draft_saved_at, published_version FROM courses WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| course(&row)).transpose()
}

fn course(row: &sqlx::any::AnyRow) -> Result<Course, sqlx::Error> {
    let draft: String = row.try_get("draft")?;
    Ok(Course {
        id: row.try_get("id")?,
        region: region(row, "region")?,
        draft: serde_json::from_str(&draft).map_err(|e| json_error("draft", e))?,
        draft_saved_at: row.try_get("draft_saved_at")?,
        published_version: row
            .try_get::<Option<i64>, _>("published_version")?
            .map(|v| v as u32),
    })
}

/// Every course, for an author's list (filtered by scope by the caller).
#[tracing::instrument(name = "courses.all", skip_all)]
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<Course>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, region, draft, draft_saved_at, published_version FROM courses \
         ORDER BY created_at, id",
    )
    .fetch_all(conn)
    .await?;
    rows.iter().map(course).collect()
}

#[tracing::instrument(name = "courses.save_draft", skip_all)]
pub async fn save_draft(
    conn: &mut AnyConnection,
    id: &str,
    draft: &CourseDraft,
    previous: i64,
) -> Result<i64, sqlx::Error> {
    // Strictly later than the save it replaces, even within one millisecond: the time is
    // also what tells an author their copy is stale.
    let now = now_millis().max(previous + 1);
    sqlx::query("UPDATE courses SET draft = $1, draft_saved_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(draft).map_err(|e| json_error("draft", e))?)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(now)
}

/// Why a draft could not be published.
#[derive(Debug)]
pub enum PublishError {
    /// A lesson (or the cover) shows a picture the server does not hold: `(field, hash)`.
    UnknownMedia(String),
    Database(sqlx::Error),
}

impl From<sqlx::Error> for PublishError {
    fn from(error: sqlx::Error) -> Self {
        PublishError::Database(error)
    }
}

/// What the headers of one answer add on the wire (about what the bench measures: security
/// headers and caching included); a download of many small lessons pays it each time.
pub const RESPONSE_HEADER_BYTES: u64 = 560;

/// About what `bytes` cost on the wire: the server compresses JSON and SVG answers (gzip here;
/// browsers get brotli, a little smaller). Sizes shown to people before a download are these.
pub fn wire_size(bytes: &[u8]) -> u64 {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(5));
    if encoder.write_all(bytes).is_err() {
        return bytes.len() as u64;
    }
    encoder
        .finish()
        .map_or(bytes.len() as u64, |out| out.len() as u64)
}

/// Renders one text of a lesson, with the media it names looked up first.
async fn render(
    conn: &mut AnyConnection,
    markdown: &str,
    field: &str,
) -> Result<markdown::Rendered, PublishError> {
    // A first pass learns which pictures the text names; the second writes them with their
    // sizes.
    let mut named = Vec::new();
    let probe = markdown::render(markdown, |hash| {
        named.push(hash.to_owned());
        Some(MediaRef {
            hash: hash.to_owned(),
            bytes: 0,
            width: 0,
            height: 0,
        })
    });
    if probe.is_err() {
        return Err(PublishError::UnknownMedia(field.to_owned()));
    }
    let mut held = Vec::new();
    for hash in named {
        match media::find_ref(conn, &hash).await? {
            Some(found) => held.push(found),
            None => return Err(PublishError::UnknownMedia(field.to_owned())),
        }
    }
    markdown::render(markdown, |hash| {
        held.iter().find(|m| m.hash == hash).cloned()
    })
    .map_err(|RenderError::UnknownMedia(_)| PublishError::UnknownMedia(field.to_owned()))
}

/// Publishes a checked draft as the next version: renders and stores its lessons, stores the
/// manifest and makes it the course's newest. Runs inside the caller's transaction.
#[tracing::instrument(name = "courses.publish", skip_all)]
pub async fn publish(
    conn: &mut AnyConnection,
    course: &Course,
    audience: Option<&RegionCode>,
    published_by: (&str, &str),
) -> Result<CourseManifest, PublishError> {
    let draft = &course.draft;
    let version = course.published_version.unwrap_or(0) + 1;
    let mut lessons = Vec::new();
    let mut pictures: Vec<MediaRef> = Vec::new();
    let mut lesson_bytes = 0u64;
    for (i, lesson) in draft.lessons.iter().enumerate() {
        let id_html = render(conn, &lesson.body.id, &format!("lessons.{i}.body.id")).await?;
        let en_html = render(conn, &lesson.body.en, &format!("lessons.{i}.body.en")).await?;
        let mut body = LessonBody {
            id: lesson.id.clone(),
            hash: String::new(),
            title: lesson.title.clone(),
            html: Text {
                id: id_html.html,
                en: en_html.html,
            },
        };
        // The hash covers everything the phone shows; it is then part of what it downloads.
        let unnamed = serde_json::to_string(&body).map_err(|e| json_error("lesson", e))?;
        body.hash = sha256_hex_of(unnamed.as_bytes());
        let stored = serde_json::to_string(&body).map_err(|e| json_error("lesson", e))?;
        sqlx::query(
            "INSERT INTO lessons (hash, body, size) VALUES ($1, $2, $3) \
             ON CONFLICT (hash) DO NOTHING",
        )
        .bind(&body.hash)
        .bind(&stored)
        .bind(stored.len() as i64)
        .execute(&mut *conn)
        .await?;
        let mut media = id_html.media;
        for picture in en_html.media {
            if !media.iter().any(|m| m.hash == picture.hash) {
                media.push(picture);
            }
        }
        for picture in &media {
            if !pictures.iter().any(|p| p.hash == picture.hash) {
                pictures.push(picture.clone());
            }
        }
        let wire = wire_size(stored.as_bytes()) + RESPONSE_HEADER_BYTES;
        lesson_bytes += wire;
        lessons.push(LessonRef {
            id: lesson.id.clone(),
            title: lesson.title.clone(),
            hash: body.hash,
            bytes: wire,
            media,
        });
    }
    let cover = match &draft.cover {
        Some(hash) => Some(
            media::find_ref(conn, hash)
                .await?
                .ok_or_else(|| PublishError::UnknownMedia("cover".to_owned()))?,
        ),
        None => None,
    };
    if let Some(cover) = &cover
        && !pictures.iter().any(|p| p.hash == cover.hash)
    {
        pictures.push(cover.clone());
    }
    let has_english = !draft.title.en.trim().is_empty()
        && draft.lessons.iter().all(|l| !l.body.en.trim().is_empty());
    let mut manifest = CourseManifest {
        summary: CourseSummary {
            id: course.id.clone(),
            version,
            title: draft.title.clone(),
            summary: draft.summary.clone(),
            topic: draft.topic,
            level: draft.level,
            minutes: draft.minutes,
            cover,
            region: audience.cloned(),
            lesson_count: draft.lessons.len() as u16,
            has_english,
            download_bytes: 0,
            manifest_bytes: 0,
            header_bytes: RESPONSE_HEADER_BYTES,
            published_by: published_by.1.to_owned(),
            published_at: now_millis() / 1000,
        },
        lessons,
        quiz: draft.quiz.clone(),
    };
    // What "download for offline" fetches: this manifest, every lesson and every picture, as
    // they cross the link.
    let manifest_bytes = RESPONSE_HEADER_BYTES
        + wire_size(
            serde_json::to_string(&manifest)
                .map_err(|e| json_error("manifest", e))?
                .as_bytes(),
        );
    manifest.summary.manifest_bytes = manifest_bytes;
    manifest.summary.download_bytes = manifest_bytes
        + lesson_bytes
        + pictures
            .iter()
            .map(|p| p.bytes + RESPONSE_HEADER_BYTES)
            .sum::<u64>();
    sqlx::query(
        "INSERT INTO course_versions (course_id, version, manifest, audience, published_by, published_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&course.id)
    .bind(i64::from(version))
    .bind(serde_json::to_string(&manifest).map_err(|e| json_error("manifest", e))?)
    .bind(audience.map(RegionCode::as_str))
    .bind(published_by.0)
    .bind(now_millis())
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE courses SET published_version = $1 WHERE id = $2")
        .bind(i64::from(version))
        .bind(&course.id)
        .execute(&mut *conn)
        .await?;
    Ok(manifest)
}

/// The newest published version of every course.
#[tracing::instrument(name = "courses.published", skip_all)]
pub async fn published(conn: &mut AnyConnection) -> Result<Vec<CourseManifest>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT v.manifest FROM course_versions v \
         JOIN courses c ON c.id = v.course_id AND c.published_version = v.version \
         ORDER BY v.published_at DESC, v.course_id",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let text: String = row.try_get("manifest")?;
            serde_json::from_str(&text).map_err(|e| json_error("manifest", e))
        })
        .collect()
}

/// One published version (`None`: the newest).
#[tracing::instrument(name = "courses.manifest", skip_all)]
pub async fn manifest(
    conn: &mut AnyConnection,
    course_id: &str,
    version: Option<u32>,
) -> Result<Option<CourseManifest>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT v.manifest FROM course_versions v JOIN courses c ON c.id = v.course_id \
         WHERE v.course_id = $1 AND v.version = COALESCE($2, c.published_version)",
    )
    .bind(course_id)
    .bind(version.map(i64::from))
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let text: String = row.try_get("manifest")?;
        serde_json::from_str(&text).map_err(|e| json_error("manifest", e))
    })
    .transpose()
}

/// A rendered lesson, as stored (JSON text of a `LessonBody`).
#[tracing::instrument(name = "courses.lesson", skip_all)]
pub async fn lesson(conn: &mut AnyConnection, hash: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT body FROM lessons WHERE hash = $1")
        .bind(hash)
        .fetch_optional(conn)
        .await
}

/// Records a lesson read (once per person and lesson, however often it is sent).
#[tracing::instrument(name = "courses.lesson_done", skip_all)]
pub async fn lesson_done(
    conn: &mut AnyConnection,
    user_id: &str,
    course_id: &str,
    lesson_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO lesson_progress (user_id, course_id, lesson_id, done_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, course_id, lesson_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(course_id)
    .bind(lesson_id)
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Records an attempt as the server scored it (once per attempt id).
#[tracing::instrument(name = "courses.record_attempt", skip_all)]
pub async fn record_attempt(
    conn: &mut AnyConnection,
    id: &str,
    user_id: &str,
    course_id: &str,
    version: u32,
    answers: &[QuizAnswer],
    score: Score,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO quiz_attempts (id, user_id, course_id, version, answers, correct, total, percent, passed, attempted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(user_id)
    .bind(course_id)
    .bind(i64::from(version))
    .bind(serde_json::to_string(answers).map_err(|e| json_error("answers", e))?)
    .bind(i64::from(score.correct))
    .bind(i64::from(score.total))
    .bind(i64::from(score.percent))
    .bind(i64::from(score.passed))
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// One person's progress in a course, as the server counts it. The course is completed when
/// every lesson of `lesson_ids` is read and an attempt passed; its date is the later of the two.
#[tracing::instrument(name = "courses.progress", skip_all)]
pub async fn progress(
    conn: &mut AnyConnection,
    user_id: &str,
    course_id: &str,
    lesson_ids: &[String],
) -> Result<Progress, sqlx::Error> {
    let done = sqlx::query(
        "SELECT lesson_id, done_at FROM lesson_progress WHERE user_id = $1 AND course_id = $2 \
         ORDER BY done_at, lesson_id",
    )
    .bind(user_id)
    .bind(course_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut lessons_done = Vec::new();
    let mut last_read = 0i64;
    for row in &done {
        let lesson: String = row.try_get("lesson_id")?;
        if lesson_ids.contains(&lesson) {
            last_read = last_read.max(row.try_get("done_at")?);
            lessons_done.push(lesson);
        }
    }
    let attempts = sqlx::query(
        "SELECT correct, total, percent, passed, attempted_at FROM quiz_attempts \
         WHERE user_id = $1 AND course_id = $2 ORDER BY attempted_at, id",
    )
    .bind(user_id)
    .bind(course_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut best: Option<Score> = None;
    let mut first_pass: Option<i64> = None;
    for row in &attempts {
        let score = Score {
            correct: row.try_get::<i64, _>("correct")? as u16,
            total: row.try_get::<i64, _>("total")? as u16,
            percent: row.try_get::<i64, _>("percent")? as u8,
            passed: row.try_get::<i64, _>("passed")? != 0,
        };
        if score.passed && first_pass.is_none() {
            first_pass = Some(row.try_get("attempted_at")?);
        }
        if best.is_none_or(|b| score.percent > b.percent) {
            best = Some(score);
        }
    }
    let all_read = lesson_ids.iter().all(|l| lessons_done.contains(l));
    Ok(Progress {
        completed_at: first_pass
            .filter(|_| all_read)
            .map(|passed| passed.max(last_read) / 1000),
        lessons_done,
        best,
        attempts: attempts.len() as u32,
    })
}

/// Everyone who has started a course: read a lesson or answered its quiz.
#[tracing::instrument(name = "courses.learners", skip_all)]
pub async fn learners(
    conn: &mut AnyConnection,
    course_id: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.id, u.name FROM users u WHERE u.id IN ( \
            SELECT user_id FROM lesson_progress WHERE course_id = $1 \
            UNION SELECT user_id FROM quiz_attempts WHERE course_id = $1) \
         ORDER BY u.name, u.id",
    )
    .bind(course_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("name")?)))
        .collect()
}
