//! Announcements (sosialisasi): the ministry and the dinas publish them to the country, a
//! province or regency, or one cooperative in their region; everyone reads the ones that reach
//! them while they are live, pinned first; each person marks them read.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use kopdes_domain::announcement::{Announcement, AnnouncementInput, Audience};
use kopdes_domain::api::FieldError;
use kopdes_domain::region::RegionCode;
use serde_json::json;

use crate::announcements;
use crate::audit::{self, Entry};
use crate::caller::Caller;
use crate::clock::today;
use crate::cooperatives;
use crate::error::ApiError;
use crate::reach::Reach;
use crate::regions;
use crate::startup::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/announcements", get(feed).post(publish))
        .route("/announcements/{id}/read", put(mark_read))
}

/// Whether the caller may publish to this audience (and so sees it before and after it is live).
async fn manages(
    state: &AppState,
    caller: &Caller,
    region: Option<&RegionCode>,
    cooperative_id: Option<&str>,
) -> Result<bool, ApiError> {
    Ok(match (region, cooperative_id) {
        (_, Some(id)) => match cooperatives::find(&state.db, id).await? {
            Some(c) => caller.administers(&c.village),
            None => false,
        },
        (Some(region), None) => caller.administers(region),
        (None, None) => caller.administered_regions().contains(&None),
    })
}

/// The caller's announcements: the live ones that reach them, pinned first, then the newest;
/// for an admin also those they may publish to that are scheduled or expired.
async fn feed(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Announcement>>, ApiError> {
    let reach = Reach::of(&state, &caller).await?;
    let (day, is_admin) = (today(), reach.is_admin());
    let mut shown = Vec::new();
    for a in announcements::all(&state.db, caller.id()).await? {
        let live = a.is_live(day) && reach.reaches(a.region.as_ref(), a.cooperative_id.as_deref());
        if live
            || (is_admin
                && manages(
                    &state,
                    &caller,
                    a.region.as_ref(),
                    a.cooperative_id.as_deref(),
                )
                .await?)
        {
            shown.push(a);
        }
    }
    shown.sort_by(Announcement::feed_order);
    Ok(Json(shown))
}

#[tracing::instrument(name = "announcements.publish", skip_all)]
async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<AnnouncementInput>,
) -> Result<(StatusCode, Json<Announcement>), ApiError> {
    if caller.administered_regions().is_empty() {
        return Err(ApiError::Forbidden);
    }
    let new = input.parse(today()).map_err(ApiError::InvalidInput)?;
    let (region, cooperative) = match &new.audience {
        Audience::Country => (None, None),
        Audience::Region(code) => {
            if regions::find(&state.db, code).await?.is_none() {
                return Err(ApiError::InvalidInput(vec![FieldError::new(
                    "region",
                    "region.unknown",
                )]));
            }
            (Some(code), None)
        }
        Audience::Cooperative(id) => {
            if cooperatives::find(&state.db, id).await?.is_none() {
                return Err(ApiError::InvalidInput(vec![FieldError::new(
                    "cooperative_id",
                    "announcement.unknown_cooperative",
                )]));
            }
            (None, Some(id.as_str()))
        }
    };
    if !manages(&state, &caller, region, cooperative).await? {
        return Err(ApiError::Forbidden);
    }
    if let Some(image) = &new.image {
        let mut conn = state.db.pool.acquire().await?;
        if crate::media::find_ref(&mut conn, image).await?.is_none() {
            return Err(ApiError::InvalidInput(vec![FieldError::new(
                "image",
                "media.unknown",
            )]));
        }
    }
    let id = uuid::Uuid::now_v7().to_string();
    let mut tx = state.db.pool.begin().await?;
    announcements::insert(&mut tx, &id, &new, caller.id()).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action: "announcement.published",
            entity: "announcement",
            entity_id: &id,
            cooperative_id: cooperative,
            details: Some(json!({ "region": region.map(|r| r.to_string()), "pinned": new.pinned })),
        },
    )
    .await?;
    tx.commit().await?;
    let published = announcements::find(&state.db, &id, caller.id())
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(published)))
}

/// Marks a live announcement that reaches the caller as read; 404 for any other.
async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let reach = Reach::of(&state, &caller).await?;
    let found = announcements::find(&state.db, &id, caller.id())
        .await?
        .filter(|a| {
            a.is_live(today()) && reach.reaches(a.region.as_ref(), a.cooperative_id.as_deref())
        })
        .ok_or(ApiError::NotFound)?;
    announcements::mark_read(&state.db, &found.id, caller.id()).await?;
    Ok(StatusCode::NO_CONTENT)
}
