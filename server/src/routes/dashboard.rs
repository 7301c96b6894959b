//! Dashboards: where the programme stands for dinas and ministry admins, within their regions,
//! from the figures `stats` keeps; and a cooperative's own figures for its pengurus and
//! pengawas, read live (one cooperative is small).

use axum::Json;
use axum::extract::{Path, Query, State};
use kopdes_domain::account::Role;
use kopdes_domain::api::FieldError;
use kopdes_domain::dashboard::{CooperativeDashboard, Counts, Dashboard, FormDue, Place};
use kopdes_domain::region::RegionCode;
use serde::Deserialize;
use sqlx::Row;

use crate::caller::Caller;
use crate::clock::{now_millis, today};
use crate::error::ApiError;
use crate::routes::cooperatives::visible;
use crate::startup::AppState;
use crate::{regions, savings, stats};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(dashboard))
        .routes(routes!(cooperative_dashboard))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct DashboardQuery {
    /// The region to show, as `32.04`, within the caller's; absent or empty: a dinas admin's
    /// own region, the ministry's whole country.
    region: Option<String>,
}

/// Figures older than the configured age are computed again: first, when there are none yet
/// or the deployment asks for every read to be current; otherwise behind the answer.
async fn current_figures(state: &AppState) -> Result<i64, ApiError> {
    // No reader is held across a refresh, which waits for the writer.
    let as_of = stats::as_of(&mut *state.db.pool.acquire().await?).await?;
    let now = now_millis();
    let max_age = state.stats_max_age.as_millis() as i64;
    if as_of == 0 || now - as_of > max_age {
        if as_of == 0 || max_age == 0 {
            if !stats::refresh(&state.db, now).await? {
                // Another request computes them right now (two admins opening a fresh
                // deployment's dashboard at once): wait for its figures, within the request's
                // time, rather than answer none at all.
                for _ in 0..100 {
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    if stats::as_of(&mut *state.db.pool.acquire().await?).await? > as_of {
                        break;
                    }
                }
            }
        } else {
            let db = state.db.clone();
            tokio::spawn(async move {
                if let Err(error) = stats::refresh(&db, now_millis()).await {
                    tracing::error!(?error, "refreshing the dashboards' figures failed");
                }
            });
        }
    }
    Ok(stats::as_of(&mut *state.db.pool.acquire().await?).await?)
}

/// Where the programme stands in a region (dinas admins within theirs, the ministry anywhere).
///
/// Totals and one row per region inside, with units, a 12-month trend, forms and courses.
/// Figures older than `KOPDES_STATS_MAX_AGE_SECS` (600) are computed again behind the answer;
/// `as_of` says when these were.
#[utoipa::path(get, path = "/dashboard", tag = "dashboard",
    params(DashboardQuery),
    responses(
        (status = 200, description = "The region's figures.", body = Dashboard),
        (status = 404, description = "`not_found`: not an admin, or the region is outside the \
            caller's or not in the region data."),
        (status = 422, description = "`invalid_input`: `region` (`region.format`)."),
    ))]
#[tracing::instrument(name = "dashboard.show", skip_all)]
async fn dashboard(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<DashboardQuery>,
) -> Result<Json<Dashboard>, ApiError> {
    let administered = caller.administered_regions();
    let national = administered.contains(&None);
    let region: Option<RegionCode> = match query.region.as_deref().filter(|r| !r.is_empty()) {
        Some(text) => {
            let code = RegionCode::parse(text).map_err(|_| {
                ApiError::InvalidInput(vec![FieldError::new("region", "region.format")])
            })?;
            if !caller.administers(&code) {
                return Err(ApiError::NotFound);
            }
            Some(code)
        }
        None if national => None,
        // A dinas admin starts at (the first of) their own regions.
        None => administered
            .into_iter()
            .flatten()
            .next()
            .ok_or(ApiError::NotFound)?
            .into(),
    };
    let mut path = Vec::new();
    if let Some(code) = &region {
        let found = regions::find(&state.db, code)
            .await?
            .ok_or(ApiError::NotFound)?;
        for above in regions::path(&state.db, code).await? {
            path.push(Place {
                level: above.code.level(),
                code: above.code.as_str().to_owned(),
                name: above.name,
            });
        }
        path.push(Place {
            level: found.level,
            code: found.code.as_str().to_owned(),
            name: found.name,
        });
    }
    let can_go_up = match &region {
        None => false,
        Some(code) => match code.parent() {
            Some(parent) => caller.administers(&parent),
            None => national,
        },
    };
    let as_of = current_figures(&state).await?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = stats::rows(&mut conn, region.as_ref()).await?;
    let mut totals = Counts::default();
    for row in &rows {
        totals.add(&row.counts);
    }
    Ok(Json(Dashboard {
        path,
        can_go_up,
        as_of,
        totals,
        units: stats::units(&mut conn, region.as_ref()).await?,
        trend: stats::trend(&mut conn, region.as_ref(), as_of.max(1)).await?,
        forms: stats::forms(&state.db, &mut conn, region.as_ref()).await?,
        courses: stats::courses(&mut conn, region.as_ref()).await?,
        rows,
    }))
}

/// A cooperative's own figures, current: for its pengurus and pengawas.
#[utoipa::path(get, path = "/cooperatives/{id}/dashboard", tag = "dashboard",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 200, description = "Its figures as they are now.", body = CooperativeDashboard),
        (status = 404, description = "`not_found`: no such cooperative, or the caller is \
            neither its pengurus nor its pengawas."),
    ))]
#[tracing::instrument(name = "dashboard.cooperative", skip_all)]
async fn cooperative_dashboard(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<CooperativeDashboard>, ApiError> {
    let cooperative = visible(&state, &caller, &id).await?;
    if !caller.has_role_in(&cooperative.id, Role::Pengurus)
        && !caller.has_role_in(&cooperative.id, Role::Pengawas)
    {
        return Err(ApiError::NotFound);
    }
    let mut conn = state.db.pool.acquire().await?;
    let (mut active, mut left) = (0u64, 0u64);
    for row in sqlx::query(
        "SELECT status, COUNT(*) AS n FROM members WHERE cooperative_id = $1 GROUP BY status",
    )
    .bind(&cooperative.id)
    .fetch_all(&mut *conn)
    .await?
    {
        let n = row.try_get::<i64, _>("n")? as u64;
        match row.try_get::<String, _>("status")?.as_str() {
            "active" => active = n,
            _ => left += n,
        }
    }
    let pending: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM member_change_requests WHERE cooperative_id = $1 AND status = 'pending'",
    )
    .bind(&cooperative.id)
    .fetch_one(&mut *conn)
    .await?;
    let answered: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT f.form_key FROM form_responses r JOIN forms f ON f.id = r.form_id \
         WHERE r.cooperative_id = $1",
    )
    .bind(&cooperative.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut forms_due: Vec<FormDue> = Vec::new();
    for form in crate::forms::newest(&state.db).await? {
        let reaches = form
            .scope
            .as_ref()
            .is_none_or(|s| s.contains(&cooperative.village));
        if reaches && !answered.contains(&form.spec.key) {
            forms_due.push(FormDue {
                form_id: form.id,
                title: form.spec.title,
            });
        }
    }
    let month = kopdes_domain::savings::period_of(today(), kopdes_domain::savings::Period::Monthly);
    let ledger = savings::cooperative_ledger(&mut conn, &cooperative.id).await?;
    let deposits = kopdes_domain::savings::overview(&month, Vec::new(), &[], &ledger)
        .map_or(0, |o| o.movement.deposits);
    let with_account: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE cooperative_id = $1 AND status = 'active' \
         AND user_id IS NOT NULL",
    )
    .bind(&cooperative.id)
    .fetch_one(&mut *conn)
    .await?;
    let mut trained: Vec<String> = stats::course_progress(&mut conn, Some(&cooperative.id))
        .await?
        .into_iter()
        .filter(|(_, _, finished)| *finished)
        .map(|(user, _, _)| user)
        .collect();
    trained.sort();
    trained.dedup();
    Ok(Json(CooperativeDashboard {
        members_active: active,
        members_left: left,
        pending_requests: pending as u64,
        forms_due,
        savings_this_month: deposits,
        members_with_account: with_account as u64,
        members_trained: trained.len() as u64,
    }))
}
