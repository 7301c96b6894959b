//! `GET /api/audit`: the audit trail, read. Per cooperative for its pengurus and the admins of
//! its region, per member, per account for whoever has power over it (and its holder), and
//! across their region for dinas admins and the country for the ministry.

use axum::Json;
use axum::extract::{Query, State};
use kopdes_domain::account::Role;
use kopdes_domain::audit::AuditPage;
use kopdes_domain::authority::{self, Holding};
use serde::Deserialize;

use crate::accounts::{self, Pending};
use crate::audit::{self, Filter, Reach};
use crate::caller::Caller;
use crate::error::ApiError;
use crate::members;
use crate::routes::cooperatives::visible;
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(trail))
}

const MAX_PAGE: i64 = 100;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct TrailQuery {
    /// One cooperative's entries (its pengurus, admins of its region).
    cooperative: Option<String>,
    /// One member's entries (the cooperative's pengurus, admins of its region).
    member: Option<String>,
    /// One account's entries (its holder, and whoever has power over it).
    account: Option<String>,
    /// Entries by this account.
    actor: Option<String>,
    /// Entries by people whose name holds this text.
    who: Option<String>,
    /// Actions starting with this: `cooperative.` or `cooperative.returned`.
    action: Option<String>,
    /// From this moment (milliseconds since the Unix epoch).
    from: Option<i64>,
    /// Until this moment, not included.
    until: Option<i64>,
    /// `next` of the page before.
    before: Option<String>,
    /// At most 100; 50 when absent.
    limit: Option<i64>,
}

/// What the caller may read, given the record they asked about (if any).
async fn reach_of(
    state: &AppState,
    caller: &Caller,
    query: &TrailQuery,
) -> Result<Reach, ApiError> {
    if let Some(id) = &query.cooperative {
        let cooperative = visible(state, caller, id).await?;
        if !caller.has_role_in(id, Role::Pengurus) && !caller.administers(&cooperative.village) {
            return Err(ApiError::Forbidden);
        }
        return Ok(Reach::Cooperative(cooperative.id));
    }
    if let Some(id) = &query.member {
        let member = members::find(&state.db, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let cooperative_id = member.masked_cooperative_id();
        let cooperative = visible(state, caller, &cooperative_id).await?;
        if !caller.has_role_in(&cooperative_id, Role::Pengurus)
            && !caller.administers(&cooperative.village)
        {
            return Err(ApiError::Forbidden);
        }
        return Ok(Reach::Record("member", id.clone()));
    }
    if let Some(id) = &query.account {
        if id != caller.id() {
            let mut conn = state.db.pool.acquire().await?;
            let issuer: Vec<Holding> = accounts::holdings(&mut conn, caller.id(), Pending::Left)
                .await?
                .into_iter()
                .filter(|h| matches!(h, Holding::Ministry | Holding::Dinas(_)))
                .collect();
            let target = accounts::holdings(&mut conn, id, Pending::Counted).await?;
            // Only staff read others' accounts, and only those they have power over.
            if issuer.is_empty() || !authority::may_issue_code(&issuer, &target, true) {
                return Err(ApiError::Forbidden);
            }
        }
        return Ok(Reach::Record("user", id.clone()));
    }
    let regions = caller.administered_regions();
    if regions.iter().any(Option::is_none) {
        return Ok(Reach::Country);
    }
    regions
        .into_iter()
        .flatten()
        .min_by_key(|r| r.level())
        .map(Reach::Region)
        .ok_or(ApiError::Forbidden)
}

/// The audit trail, newest first, paged by `next`: who did what to which record, when, and the
/// reasons written for it (a return's reasons stay after the cooperative is verified).
///
/// Without `cooperative`, `member` or `account`: the caller's region (dinas) or the country
/// (ministry). Filters narrow by who (`actor`, `who`), what (`action`) and when (`from`,
/// `until`).
#[utoipa::path(get, path = "/audit", tag = "audit", params(TrailQuery),
    responses(
        (status = 200, description = "Newest first; `next` continues.", body = AuditPage),
        (status = 403, description = "`forbidden`: the record is the caller's to see but not \
            its history (a member of the cooperative), or the account is outside their power; \
            without a record, the caller administers no region."),
        (status = 404, description = "`not_found`: no such cooperative or member, or not the \
            caller's to see."),
        (status = 422, description = "`invalid_input`: `before` (`audit.cursor`)."),
    ))]
#[tracing::instrument(name = "audit.trail", skip_all)]
async fn trail(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<TrailQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let reach = reach_of(&state, &caller, &query).await?;
    let before = match &query.before {
        None => None,
        Some(cursor) => Some(
            cursor
                .split_once(':')
                .and_then(|(at, id)| Some((at.parse().ok()?, id.to_owned())))
                .ok_or_else(|| {
                    ApiError::InvalidInput(vec![kopdes_domain::api::FieldError::new(
                        "before",
                        "audit.cursor",
                    )])
                })?,
        ),
    };
    let filter = Filter {
        actor: query.actor,
        who: query.who,
        action: query.action,
        from: query.from,
        until: query.until,
        before,
        limit: query.limit.unwrap_or(50).clamp(1, MAX_PAGE),
    };
    Ok(Json(audit::search(&state.db, &reach, &filter).await?))
}
