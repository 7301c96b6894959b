//! Training events (docs/TRAINING.md, "Events"): admins announce them to their region; anyone
//! they reach registers or cancels through the sync outbox (`event_registration`), and the
//! server seats people in the order their registrations arrive; the organiser marks who came.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kopdes_domain::api::FieldError;
use kopdes_domain::event::{Attendance, Attendee, Event, EventInput, Registration, Standing};
use sqlx::AnyConnection;

use crate::caller::Caller;
use crate::clock::today;
use crate::cooperatives;
use crate::error::ApiError;
use crate::events::{self, Stored};
use crate::reach::Reach;
use crate::regions;
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(one))
        .routes(routes!(registrations))
        .routes(routes!(attendance))
}

fn invalid(field: &str, code: &str) -> ApiError {
    ApiError::InvalidInput(vec![FieldError::new(field, code)])
}

/// The organiser, and admins over the event's region (national events: the ministry).
fn organises(caller: &Caller, stored: &Stored) -> bool {
    stored.organiser_id == caller.id()
        || match &stored.event.region {
            Some(region) => caller.administers(region),
            None => caller.administered_regions().contains(&None),
        }
}

async fn shown(
    conn: &mut AnyConnection,
    caller: &Caller,
    stored: Stored,
) -> Result<Event, ApiError> {
    let queue = events::queue(conn, &stored.event.id).await?;
    let may_organise = organises(caller, &stored);
    let mut event = events::with_standing(stored.event, &queue, caller.id());
    if event.mine.is_none() && events::has_cancelled(conn, &event.id, caller.id()).await? {
        event.mine = Some(Standing::Cancelled);
    }
    event.organises = may_organise;
    Ok(event)
}

/// The training events that reach the caller (anyone signed in), from a week ago on.
///
/// Soonest first. An event reaches the caller as an announcement does: the country, or a
/// province or regency holding one of their cooperatives or overlapping a region they
/// administer. Each carries the caller's own standing and place in the queue.
#[utoipa::path(get, path = "/events", tag = "events",
    responses(
        (status = 200, description = "The events, soonest first.", body = Vec<Event>),
    ))]
async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<Event>>, ApiError> {
    let reach = Reach::of(&state, &caller).await?;
    let mut conn = state.db.pool.acquire().await?;
    let mut found = Vec::new();
    for stored in events::upcoming(&mut conn, today().add_days(-7)).await? {
        if reach.reaches(stored.event.region.as_ref(), None) {
            found.push(shown(&mut conn, &caller, stored).await?);
        }
    }
    Ok(Json(found))
}

/// An event that reaches the caller; 404 for any other.
async fn reachable(state: &AppState, caller: &Caller, id: &str) -> Result<Stored, ApiError> {
    let reach = Reach::of(state, caller).await?;
    let mut conn = state.db.pool.acquire().await?;
    events::find(&mut conn, id)
        .await?
        .filter(|s| reach.reaches(s.event.region.as_ref(), None) || organises(caller, s))
        .ok_or(ApiError::NotFound)
}

/// One training event (anyone it reaches, and its organiser).
#[utoipa::path(get, path = "/events/{id}", tag = "events",
    params(("id" = String, Path, description = "The event")),
    responses(
        (status = 200, description = "The event, as in the list.", body = Event),
        (status = 404, description = "`not_found`: no such event, or it does not reach the \
            caller."),
    ))]
async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Event>, ApiError> {
    let stored = reachable(&state, &caller, &id).await?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(shown(&mut conn, &caller, stored).await?))
}

/// Announces a training event (admins, within their region; national events: the ministry).
///
/// Seats go to the first `capacity` registrations in the order they arrive; registering closes
/// after `register_until` (by default the day before the event).
#[utoipa::path(post, path = "/events", tag = "events",
    responses(
        (status = 201, description = "Announced; the event.", body = Event),
        (status = 403, description = "`forbidden`: not an admin, or the region (national: the \
            country) is not the caller's."),
        (status = 422, description = "`invalid_input`: `title.id: required`, `text.too_long`, \
            `date: event.past`, `date.format`, `time: event.time`, `place: event.place`, \
            `online_url: event.url`, `capacity: event.capacity`, \
            `register_until: event.register_after`, `region: region.format`, \
            `announcement.region_level`, `region.unknown`, `course_id: event.unknown_course`."),
    ))]
#[tracing::instrument(name = "events.create", skip_all)]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<EventInput>,
) -> Result<(StatusCode, Json<Event>), ApiError> {
    if caller.administered_regions().is_empty() {
        return Err(ApiError::Forbidden);
    }
    let new = input.parse(today()).map_err(ApiError::InvalidInput)?;
    match &new.region {
        Some(region) => {
            if regions::find(&state.db, region).await?.is_none() {
                return Err(invalid("region", "region.unknown"));
            }
            if !caller.administers(region) {
                return Err(ApiError::Forbidden);
            }
        }
        None if !caller.administered_regions().contains(&None) => {
            return Err(ApiError::Forbidden);
        }
        None => {}
    }
    if let Some(course) = &new.course_id
        && crate::courses::find(&mut *state.db.pool.acquire().await?, course)
            .await?
            .is_none()
    {
        return Err(invalid("course_id", "event.unknown_course"));
    }
    let id = uuid::Uuid::now_v7().to_string();
    // Only the insert takes the writer's turn, and no reader is held while it waits.
    events::insert(
        &mut *state.db.writer.acquire().await?,
        &id,
        &new,
        caller.id(),
    )
    .await?;
    let mut conn = state.db.pool.acquire().await?;
    let stored = events::find(&mut conn, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(shown(&mut conn, &caller, stored).await?),
    ))
}

/// Everyone in an event's queue, seated first (its organiser and admins over the event).
#[utoipa::path(get, path = "/events/{id}/registrations", tag = "events",
    params(("id" = String, Path, description = "The event")),
    responses(
        (status = 200, description = "The queue in order, with who came.", body = Vec<Attendee>),
        (status = 403, description = "`forbidden`: the event reaches the caller, who does not \
            organise it."),
        (status = 404, description = "`not_found`: no such event, or it does not reach the \
            caller."),
    ))]
async fn registrations(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Attendee>>, ApiError> {
    let stored = reachable(&state, &caller, &id).await?;
    if !organises(&caller, &stored) {
        return Err(ApiError::Forbidden);
    }
    let mut conn = state.db.pool.acquire().await?;
    let mut found = Vec::new();
    for (mut attendee, user) in events::attendees(&mut conn, &id, stored.event.capacity).await? {
        for grant in crate::accounts::roles(&state.db, &user).await? {
            if let Some(cid) = grant.cooperative_id
                && let Some(c) = cooperatives::find(&state.db, &cid).await?
            {
                attendee.cooperative = c.profile.name;
                break;
            }
        }
        found.push(attendee);
    }
    Ok(Json(found))
}

/// Marks whether a registered person came to an event (its organiser and admins over it).
#[utoipa::path(put, path = "/events/{id}/attendance", tag = "events",
    params(("id" = String, Path, description = "The event")),
    responses(
        (status = 204, description = "Marked."),
        (status = 403, description = "`forbidden`: the event reaches the caller, who does not \
            organise it."),
        (status = 404, description = "`not_found`: no such event, or it does not reach the \
            caller."),
        (status = 422, description = "`invalid_input`: `user_id: event.not_registered`: the \
            person is not (or no longer) registered for the event."),
    ))]
async fn attendance(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(mark): Json<Attendance>,
) -> Result<StatusCode, ApiError> {
    let stored = reachable(&state, &caller, &id).await?;
    if !organises(&caller, &stored) {
        return Err(ApiError::Forbidden);
    }
    let mut conn = state.db.writer.acquire().await?;
    if !events::mark_attendance(&mut conn, &id, &mark.user_id, mark.attended).await? {
        return Err(invalid("user_id", "event.not_registered"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `event_registration`: the event reaches the caller and, to register, is still open.
pub(crate) async fn check_registration(
    state: &AppState,
    caller: &Caller,
    registration: &Registration,
) -> Result<(), ApiError> {
    let stored = reachable(state, caller, &registration.event_id).await?;
    if registration.register && !stored.event.open_on(today()) {
        return Err(invalid("event_id", "event.closed"));
    }
    Ok(())
}

pub(crate) async fn write_registration(
    caller: &Caller,
    tx: &mut AnyConnection,
    registration: &Registration,
) -> Result<(), ApiError> {
    if registration.register {
        events::register(tx, &registration.event_id, caller.id()).await?;
    } else {
        events::cancel(tx, &registration.event_id, caller.id()).await?;
    }
    Ok(())
}
