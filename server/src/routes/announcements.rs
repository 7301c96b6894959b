//! Announcements (sosialisasi): the ministry and the dinas publish them to the country, a
//! province or regency, or one cooperative in their region; everyone reads the ones that reach
//! them while they are live, pinned first; each person marks them read.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
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
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(feed, publish))
        .routes(routes!(mark_read))
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

/// The announcements for the caller (anyone signed in), pinned first, then the newest.
///
/// The live ones (`publish_on` <= today <= `expires_on`, WIB) that reach the caller: the whole
/// country, a province or regency holding one of their cooperatives or overlapping a region
/// they administer, or one of their cooperatives. An admin also gets the scheduled and expired
/// ones they may publish to.
#[utoipa::path(get, path = "/announcements", tag = "announcements",
    responses(
        (status = 200, description = "The feed, pinned first, then the newest.",
            body = Vec<Announcement>),
    ))]
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

/// Publishes an announcement (the ministry anywhere, a dinas admin inside their region).
///
/// To the country (no `region` nor `cooperative_id`), a province or regency, or one
/// cooperative; shown from `publish_on` (default today) until `expires_on`.
#[utoipa::path(post, path = "/announcements", tag = "announcements",
    responses(
        (status = 201, description = "Published; the announcement (its `image` with `hash`, \
            `bytes`, `width`, `height`).", body = Announcement),
        (status = 403, description = "`forbidden`: not an admin, or the audience region is \
            outside the caller's regions."),
        (status = 422, description = "`invalid_input`: `title.id`/`body.id: required`, \
            `text.too_long` (160 and 5,000 characters), `region: region.format`, \
            `announcement.region_level` (below a regency), `region.unknown`, \
            `cooperative_id: announcement.unknown_cooperative` (none, or outside the caller's \
            regions: the answer is the same), \
            `announcement.two_audiences` (both given), `publish_on`/`expires_on: date.format`, \
            `expires_on: date.before_publish`, `image: media.unknown`."),
    ))]
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
            // A cooperative outside the caller's regions answers like one that does not exist.
            let administered = match cooperatives::find(&state.db, id).await? {
                Some(c) => caller.administers(&c.village),
                None => false,
            };
            if !administered {
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
    let mut tx = state.db.writer.begin().await?;
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

/// Marks an announcement read for the caller (anyone it reaches while it is live).
///
/// Once, however often it is sent.
#[utoipa::path(put, path = "/announcements/{id}/read", tag = "announcements",
    params(("id" = String, Path, description = "The announcement")),
    responses(
        (status = 204, description = "Marked read."),
        (status = 404, description = "`not_found`: no such announcement, or not live, or it does \
            not reach the caller."),
    ))]
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
