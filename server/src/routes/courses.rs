//! Training (docs/TRAINING.md): admins write course drafts and publish them as versions to
//! their region; learners get the catalogue, a version's manifest and its lessons by hash, and
//! send their progress through the sync outbox (`lesson_done`, `quiz_attempt`), which the
//! server scores again.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kopdes_domain::api::FieldError;
use kopdes_domain::course::{
    AuthoredCourse, CourseDraft, CourseManifest, CourseSummary, DraftSave, Learner, LessonBody,
    LessonDone, Progress, QuizAttempt,
};
use kopdes_domain::region::RegionCode;
use serde_json::json;
use sqlx::AnyConnection;

use crate::audit::{self, Entry};
use crate::caller::Caller;
use crate::cooperatives;
use crate::courses::{self, Course, PublishError};
use crate::error::ApiError;
use crate::reach::Reach;
use crate::regions;
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(catalogue, create))
        .routes(routes!(authoring))
        .routes(routes!(manifest))
        .routes(routes!(draft, save_draft))
        .routes(routes!(publish))
        .routes(routes!(progress))
        .routes(routes!(learners))
        .routes(routes!(lesson))
}

/// Whether the caller may write and publish this course: an admin over the region it was
/// created in (the ministry's national courses: ministry admins only).
fn edits(caller: &Caller, course: &Course) -> bool {
    match &course.region {
        Some(region) => caller.administers(region),
        None => caller.administered_regions().contains(&None),
    }
}

fn authored(course: Course) -> AuthoredCourse {
    AuthoredCourse {
        id: course.id,
        draft: course.draft,
        saved_at: course.draft_saved_at,
        published_version: course.published_version,
    }
}

/// A course the caller may edit; 404 for any other, so its existence is not told.
async fn editable(conn: &mut AnyConnection, caller: &Caller, id: &str) -> Result<Course, ApiError> {
    courses::find(conn, id)
        .await?
        .filter(|c| edits(caller, c))
        .ok_or(ApiError::NotFound)
}

/// The published courses meant for the caller (anyone signed in), newest first.
///
/// The newest version of each course that reaches the caller: the country, or a province or
/// regency holding one of their cooperatives or overlapping a region they administer.
#[utoipa::path(get, path = "/courses", tag = "courses",
    responses(
        (status = 200, description = "The catalogue, newest first.", body = Vec<CourseSummary>),
    ))]
async fn catalogue(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<CourseSummary>>, ApiError> {
    let reach = Reach::of(&state, &caller).await?;
    let mut conn = state.db.pool.acquire().await?;
    let found = courses::published(&mut conn)
        .await?
        .into_iter()
        .filter(|m| reach.reaches(m.summary.region.as_ref(), None))
        .map(|m| m.summary)
        .collect();
    Ok(Json(found))
}

/// Creates a course from whatever draft its author starts with (admins).
///
/// The course belongs to the admin's region (the ministry's: the country).
#[utoipa::path(post, path = "/courses", tag = "courses",
    responses(
        (status = 201, description = "Created; the course as its authors see it.",
            body = AuthoredCourse),
        (status = 403, description = "`forbidden`: not a dinas or ministry admin."),
        (status = 422, description = "`invalid_input`: the draft is over its bounds \
            (`lessons: course.too_many_lessons`, `quiz: course.too_many_questions`, \
            `text.too_long` on a title, summary or lesson); nothing was saved."),
    ))]
#[tracing::instrument(name = "courses.create", skip_all)]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(draft): Json<CourseDraft>,
) -> Result<(StatusCode, Json<AuthoredCourse>), ApiError> {
    // A dinas admin's courses belong to their region; the ministry's to the country.
    let region = match caller
        .administered_regions()
        .into_iter()
        .min_by_key(|r| r.as_ref().map_or(0, |r| r.level().depth()))
    {
        Some(region) => region,
        None => return Err(ApiError::Forbidden),
    };
    draft.check_bounds().map_err(ApiError::InvalidInput)?;
    let id = uuid::Uuid::now_v7().to_string();
    let mut tx = state.db.writer.begin().await?;
    courses::create(&mut tx, &id, region.as_ref(), &draft, caller.id()).await?;
    let course = courses::find(&mut tx, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(authored(course))))
}

/// The courses the caller may edit (admins).
///
/// An admin edits the courses of the regions they administer; national courses: the ministry.
#[utoipa::path(get, path = "/courses/authoring", tag = "courses",
    responses(
        (status = 200, description = "The caller's courses with their drafts.",
            body = Vec<AuthoredCourse>),
        (status = 403, description = "`forbidden`: not a dinas or ministry admin."),
    ))]
async fn authoring(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<AuthoredCourse>>, ApiError> {
    if caller.administered_regions().is_empty() {
        return Err(ApiError::Forbidden);
    }
    let mut conn = state.db.pool.acquire().await?;
    let mine = courses::all(&mut conn)
        .await?
        .into_iter()
        .filter(|c| edits(&caller, c))
        .map(authored)
        .collect();
    Ok(Json(mine))
}

/// A course's draft (those who may edit the course).
#[utoipa::path(get, path = "/courses/{id}/draft", tag = "courses",
    params(("id" = String, Path, description = "The course")),
    responses(
        (status = 200, description = "The course as its authors see it.", body = AuthoredCourse),
        (status = 404, description = "`not_found`: no such course, or not the caller's to edit."),
    ))]
async fn draft(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<AuthoredCourse>, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(authored(editable(&mut conn, &caller, &id).await?)))
}

/// Saves a course's draft as it is (those who may edit the course).
///
/// Bounded in size; otherwise unfinished work is fine. The body carries the `saved_at` the
/// author's copy came from, so two authors never overwrite each other unknowingly.
#[utoipa::path(put, path = "/courses/{id}/draft", tag = "courses",
    params(("id" = String, Path, description = "The course")),
    responses(
        (status = 200, description = "Saved; the course with its new `saved_at`.",
            body = AuthoredCourse),
        (status = 404, description = "`not_found`: no such course, or not the caller's to edit."),
        (status = 409, description = "`conflict`: someone saved it since the author's copy was \
            made; read it again."),
        (status = 422, description = "`invalid_input`: the draft is over its bounds \
            (`lessons: course.too_many_lessons`, `quiz: course.too_many_questions`, \
            `text.too_long`); nothing was saved."),
    ))]
#[tracing::instrument(name = "courses.save_draft", skip_all)]
async fn save_draft(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(save): Json<DraftSave>,
) -> Result<Json<AuthoredCourse>, ApiError> {
    save.draft.check_bounds().map_err(ApiError::InvalidInput)?;
    let mut tx = state.db.writer.begin().await?;
    let course = editable(&mut tx, &caller, &id).await?;
    if course.draft_saved_at != save.saved_at {
        return Err(ApiError::Conflict);
    }
    let saved_at = courses::save_draft(&mut tx, &id, &save.draft, course.draft_saved_at).await?;
    tx.commit().await?;
    Ok(Json(AuthoredCourse {
        id,
        draft: save.draft,
        saved_at,
        published_version: course.published_version,
    }))
}

/// Publishes a course's draft as its next version (those who may edit the course).
///
/// To the region the draft names (within the admin's own), or the country. A version never
/// changes afterwards.
#[utoipa::path(post, path = "/courses/{id}/publish", tag = "courses",
    params(("id" = String, Path, description = "The course")),
    responses(
        (status = 201, description = "Published; the new version's manifest.",
            body = CourseManifest),
        (status = 404, description = "`not_found`: no such course, or not the caller's to edit."),
        (status = 422, description = "`invalid_input`: every field error of the draft's check \
            (`lessons.2.body.id: required`, `quiz.questions.0.correct: course.correct`, ...), \
            `region: region.format`, `region.unknown`, `course.region_scope` (outside the \
            caller's regions), `media.unknown` for a picture the server does not hold."),
    ))]
#[tracing::instrument(name = "courses.publish", skip_all)]
async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<CourseManifest>), ApiError> {
    let mut tx = state.db.writer.begin().await?;
    let course = editable(&mut tx, &caller, &id).await?;
    course.draft.check().map_err(ApiError::InvalidInput)?;
    let audience = match course.draft.region.as_deref().map(str::trim) {
        Some(code) if !code.is_empty() => {
            let code = RegionCode::parse(code).map_err(|_| invalid("region", "region.format"))?;
            if regions::find_in(&mut tx, &code).await?.is_none() {
                return Err(invalid("region", "region.unknown"));
            }
            Some(code)
        }
        _ => None,
    };
    let allowed = match &audience {
        Some(region) => caller.administers(region),
        None => caller.administered_regions().contains(&None),
    };
    if !allowed {
        return Err(invalid("region", "course.region_scope"));
    }
    let office = caller.user.account.name.clone();
    let manifest = courses::publish(&mut tx, &course, audience.as_ref(), (caller.id(), &office))
        .await
        .map_err(|e| match e {
            PublishError::UnknownMedia(field) => invalid(&field, "media.unknown"),
            PublishError::Database(e) => e.into(),
        })?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action: "course.published",
            entity: "course",
            entity_id: &id,
            cooperative_id: None,
            details: Some(json!({
                "version": manifest.summary.version,
                "region": audience.map(|r| r.to_string()),
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(manifest)))
}

fn invalid(field: &str, code: &str) -> ApiError {
    ApiError::InvalidInput(vec![FieldError::new(field, code)])
}

/// The newest version of a course meant for the caller; 404 for any other.
async fn reachable(
    state: &AppState,
    caller: &Caller,
    id: &str,
    version: Option<u32>,
) -> Result<CourseManifest, ApiError> {
    let reach = Reach::of(state, caller).await?;
    let mut conn = state.db.pool.acquire().await?;
    courses::manifest(&mut conn, id, version)
        .await?
        .filter(|m| reach.reaches(m.summary.region.as_ref(), None))
        .ok_or(ApiError::NotFound)
}

/// The newest published version of a course (anyone the course reaches).
#[utoipa::path(get, path = "/courses/{id}", tag = "courses",
    params(("id" = String, Path, description = "The course")),
    responses(
        (status = 200, description = "Its manifest: the summary, lessons and quiz.",
            body = CourseManifest),
        (status = 404, description = "`not_found`: no such published course, or not meant for \
            the caller."),
    ))]
async fn manifest(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<CourseManifest>, ApiError> {
    Ok(Json(reachable(&state, &caller, &id, None).await?))
}

/// A rendered lesson by its hash (anyone signed in).
///
/// What a hash names never changes, so the phone may keep it as long as it likes.
#[utoipa::path(get, path = "/lessons/{hash}", tag = "courses",
    params(("hash" = String, Path, description = "The lesson's hash, as the manifest names it")),
    responses(
        (status = 200, description = "The lesson's HTML in both languages.", body = LessonBody,
            headers(("cache-control" = String,
                description = "`private, max-age=31536000, immutable`"))),
        (status = 404, description = "`not_found`: not 64 lower-case hex digits, or no lesson \
            under that hash."),
    ))]
async fn lesson(
    State(state): State<AppState>,
    _caller: Caller,
    Path(hash): Path<String>,
) -> Result<Response, ApiError> {
    if !kopdes_domain::course::is_media_hash(&hash) {
        return Err(ApiError::NotFound);
    }
    let mut conn = state.db.pool.acquire().await?;
    let body = courses::lesson(&mut conn, &hash)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=31536000, immutable"),
            ),
        ],
        body,
    )
        .into_response())
}

/// The caller's own progress in a course, as the server counts it (anyone the course reaches).
#[utoipa::path(get, path = "/courses/{id}/progress", tag = "courses",
    params(("id" = String, Path, description = "The course")),
    responses(
        (status = 200, description = "Lessons read, best score, attempts and completion.",
            body = Progress),
        (status = 404, description = "`not_found`: no such published course, or not meant for \
            the caller."),
    ))]
async fn progress(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Progress>, ApiError> {
    let manifest = reachable(&state, &caller, &id, None).await?;
    let lessons: Vec<String> = manifest.lessons.iter().map(|l| l.id.clone()).collect();
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(
        courses::progress(&mut conn, caller.id(), &id, &lessons).await?,
    ))
}

/// The course's learners in the caller's region, with how far each has come (admins).
#[utoipa::path(get, path = "/courses/{id}/learners", tag = "courses",
    params(("id" = String, Path, description = "The course")),
    responses(
        (status = 200, description = "Learners of the caller's regions' cooperatives.",
            body = Vec<Learner>),
        (status = 403, description = "`forbidden`: not a dinas or ministry admin."),
        (status = 404, description = "`not_found`: no such published course, or not meant for \
            the caller."),
    ))]
async fn learners(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Learner>>, ApiError> {
    if caller.administered_regions().is_empty() {
        return Err(ApiError::Forbidden);
    }
    let manifest = reachable(&state, &caller, &id, None).await?;
    let lessons: Vec<String> = manifest.lessons.iter().map(|l| l.id.clone()).collect();
    let mut conn = state.db.pool.acquire().await?;
    let mut found = Vec::new();
    for (user, name) in courses::learners(&mut conn, &id).await? {
        // A learner is shown to the admins of a region holding one of their cooperatives.
        let mut cooperative = None;
        for grant in crate::accounts::roles(&state.db, &user).await? {
            if let Some(cid) = grant.cooperative_id
                && let Some(c) = cooperatives::find(&state.db, &cid).await?
                && caller.administers(&c.village)
            {
                cooperative = Some(c.profile.name);
                break;
            }
        }
        let Some(cooperative) = cooperative else {
            continue;
        };
        let progress = courses::progress(&mut conn, &user, &id, &lessons).await?;
        found.push(Learner {
            name,
            cooperative,
            lessons_done: progress.lessons_done.len() as u16,
            lessons: lessons.len() as u16,
            attempts: progress.attempts,
            best_percent: progress.best.map(|b| b.percent),
            completed_at: progress.completed_at,
        });
    }
    Ok(Json(found))
}

/// `lesson_done`: the lesson belongs to the newest version of a course meant for the caller.
pub(crate) async fn check_lesson_done(
    state: &AppState,
    caller: &Caller,
    done: &LessonDone,
) -> Result<(), ApiError> {
    let manifest = reachable(state, caller, &done.course_id, None).await?;
    if !manifest.lessons.iter().any(|l| l.id == done.lesson_id) {
        return Err(invalid("lesson_id", "course.unknown_lesson"));
    }
    Ok(())
}

pub(crate) async fn write_lesson_done(
    caller: &Caller,
    tx: &mut AnyConnection,
    done: &LessonDone,
) -> Result<(), ApiError> {
    courses::lesson_done(tx, caller.id(), &done.course_id, &done.lesson_id).await?;
    Ok(())
}

/// `quiz_attempt`: the version answered exists and the course is meant for the caller.
pub(crate) async fn check_attempt(
    state: &AppState,
    caller: &Caller,
    attempt: &QuizAttempt,
) -> Result<(), ApiError> {
    // Only "no such version for you" is the person's to fix; a busy database is not.
    match reachable(state, caller, &attempt.course_id, Some(attempt.version)).await {
        Ok(_) => Ok(()),
        Err(ApiError::NotFound) => Err(invalid("version", "course.unknown_version")),
        Err(other) => Err(other),
    }
}

/// Scores the attempt against the quiz of the version answered, whatever the phone said.
pub(crate) async fn write_attempt(
    caller: &Caller,
    tx: &mut AnyConnection,
    id: &str,
    attempt: &QuizAttempt,
) -> Result<(), ApiError> {
    let manifest = courses::manifest(tx, &attempt.course_id, Some(attempt.version))
        .await?
        .ok_or(ApiError::NotFound)?;
    let score = manifest.quiz.score(&attempt.answers);
    courses::record_attempt(
        tx,
        id,
        caller.id(),
        &attempt.course_id,
        attempt.version,
        &attempt.answers,
        score,
    )
    .await?;
    Ok(())
}
