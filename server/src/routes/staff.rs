//! Staff administration: the ministry appoints and removes dinas admins for a province or a
//! regency, a province admin those of the regencies inside it. Power over a staff account
//! (removing it, disabling it, a new code) comes only from a strictly wider scope, as for every
//! account ([`kopdes_domain::authority`]).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use kopdes_domain::account::{IssuedCode, Role};
use kopdes_domain::api::FieldError;
use kopdes_domain::authority::{self, Holding};
use kopdes_domain::region::RegionCode;
use kopdes_domain::staff::{
    StaffAppointed, StaffAppointment, StaffPage, StaffWork, appoints_staff,
};
use serde::Deserialize;

use crate::accounts::{self, Pending};
use crate::caller::Caller;
use crate::error::ApiError;
use crate::regions;
use crate::staff::{self, AppointError, Filter, Scope};
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Most staff one page holds.
const MAX_PAGE: i64 = 100;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, appoint))
        .routes(routes!(work))
        .routes(routes!(remove))
        .routes(routes!(disable))
        .routes(routes!(enable))
        .routes(routes!(reissue_code))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Part of a name, a phone number or a region's name.
    search: Option<String>,
    #[serde(default)]
    offset: i64,
    /// At most 100; 50 when absent.
    limit: Option<i64>,
}

/// The caller's staff holdings, each with its place.
fn staff_holdings(caller: &Caller) -> Vec<Holding> {
    caller
        .roles
        .iter()
        .filter_map(|grant| match grant.role {
            Role::MinistryAdmin => Some(Holding::Ministry),
            Role::DinasAdmin => grant.region.clone().map(Holding::Dinas),
            _ => None,
        })
        .collect()
}

/// Whether the caller may appoint or remove a dinas admin for `region`: a strictly wider staff
/// scope, held by someone who appoints staff at all.
fn may_appoint_for(caller: &Caller, region: &RegionCode) -> bool {
    let target = Holding::Dinas(region.clone());
    caller.roles.iter().any(|grant| {
        appoints_staff(grant.role, grant.region.as_ref())
            && match grant.role {
                Role::MinistryAdmin => Holding::Ministry.outranks(&target),
                _ => grant
                    .region
                    .clone()
                    .is_some_and(|r| Holding::Dinas(r).outranks(&target)),
            }
    })
}

/// The widest list the caller may read.
fn scope_of(caller: &Caller) -> Result<Scope, ApiError> {
    let regions = caller.administered_regions();
    if regions.iter().any(Option::is_none) {
        return Ok(Scope::Country);
    }
    // A dinas admin holds one region (one staff role of a kind per account).
    regions
        .into_iter()
        .flatten()
        .min_by_key(|r| r.level())
        .map(|region| Scope::Inside {
            region,
            caller_id: caller.id().to_owned(),
        })
        .ok_or(ApiError::Forbidden)
}

/// The ministry and dinas admins the caller administers (ministry: everyone; a dinas admin:
/// the admins of places inside theirs, and themselves), paged, with the total.
#[utoipa::path(get, path = "/staff", tag = "staff", params(ListQuery),
    responses(
        (status = 200, description = "Ministry first, then by region and name.", body = StaffPage),
        (status = 403, description = "`forbidden`: not a ministry or dinas admin."),
    ))]
#[tracing::instrument(name = "staff.list", skip_all)]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ListQuery>,
) -> Result<Json<StaffPage>, ApiError> {
    let scope = scope_of(&caller)?;
    let filter = Filter {
        search: query.search,
        offset: query.offset.max(0),
        limit: query.limit.unwrap_or(50).clamp(1, MAX_PAGE),
    };
    Ok(Json(staff::list(&state.db, &scope, &filter).await?))
}

/// What waits for the caller in their scope: cooperatives to verify, returned, in draft, and
/// staff who have not activated their account.
#[utoipa::path(get, path = "/staff/work", tag = "staff",
    responses(
        (status = 200, description = "Counts in the caller's scope.", body = StaffWork),
        (status = 403, description = "`forbidden`: not a ministry or dinas admin."),
    ))]
async fn work(State(state): State<AppState>, caller: Caller) -> Result<Json<StaffWork>, ApiError> {
    let region = match scope_of(&caller)? {
        Scope::Country => None,
        Scope::Inside { region, .. } => Some(region),
    };
    Ok(Json(staff::work(&state.db, region.as_ref()).await?))
}

/// Appoints a dinas admin for a province or a regency (the ministry anywhere; a province admin
/// for the regencies inside their province).
///
/// The person is given by name and phone; an account is made when the phone has none, and its
/// one-time code is in the answer. A phone with an account is refused until the caller
/// confirms (`existing_account_confirmed`) that it is the person they mean; the caller then
/// gets no code and no power over that account, whose holder sees the appointment in their
/// account's history.
#[utoipa::path(post, path = "/staff", tag = "staff",
    responses(
        (status = 201, description = "Appointed, with an activation code when an account was \
            made (else null).", body = StaffAppointed),
        (status = 403, description = "`forbidden`: the caller's scope is not strictly wider \
            than the region."),
        (status = 422, description = "`invalid_input`: `name` (`required`, `text.too_long`), \
            `phone` (`phone.format`, `phone.length`, `phone.has_account`, \
            `staff.already_dinas`: that account is already a dinas admin), `region` \
            (`required`, `region.format`, `staff.region_level`: a province or regency only, \
            `region.unknown`)."),
    ))]
#[tracing::instrument(name = "staff.appoint", skip_all)]
async fn appoint(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<StaffAppointment>,
) -> Result<(StatusCode, Json<StaffAppointed>), ApiError> {
    if staff_holdings(&caller).is_empty() {
        return Err(ApiError::Forbidden);
    }
    let valid = request.parse().map_err(ApiError::InvalidInput)?;
    if regions::find(&state.db, &valid.region).await?.is_none() {
        return Err(ApiError::InvalidInput(vec![FieldError::new(
            "region",
            "region.unknown",
        )]));
    }
    if !may_appoint_for(&caller, &valid.region) {
        return Err(ApiError::Forbidden);
    }
    let mut tx = state.db.writer.begin().await?;
    let appointed = staff::appoint_in(
        &mut tx,
        &valid.name,
        &valid.phone,
        Role::DinasAdmin,
        Some(&valid.region),
        Some(caller.id()),
        request.existing_account_confirmed,
    )
    .await;
    let (user_id, activation_code) = match appointed {
        Ok(done) => done,
        Err(AppointError::AlreadyHeld) => {
            return Err(ApiError::InvalidInput(vec![FieldError::new(
                "phone",
                "staff.already_dinas",
            )]));
        }
        Err(AppointError::Account(error)) => return Err(error.into()),
        Err(AppointError::Database(error)) => return Err(error.into()),
    };
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(StaffAppointed {
            user_id,
            activation_code,
        }),
    ))
}

/// The dinas region of a staff account the caller has power over, or why not.
async fn governed_dinas(
    state: &AppState,
    caller: &Caller,
    user_id: &str,
) -> Result<RegionCode, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let region = staff::dinas_region(&mut conn, user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // Out of the caller's sight altogether: as if it did not exist.
    if !caller.administers(&region) {
        return Err(ApiError::NotFound);
    }
    let issuer = staff_holdings(caller);
    let target = accounts::holdings(&mut conn, user_id, Pending::Counted).await?;
    if !may_appoint_for(caller, &region) || !authority::may_issue_code(&issuer, &target, true) {
        return Err(ApiError::Forbidden);
    }
    Ok(region)
}

/// Takes a dinas admin's role away (whoever could appoint them). Their account stays, with
/// any cooperative roles it holds; staff pages answer them `403` from their next request.
#[utoipa::path(delete, path = "/staff/{user_id}", tag = "staff",
    params(("user_id" = String, Path, description = "The admin's account")),
    responses(
        (status = 204, description = "Removed."),
        (status = 403, description = "`forbidden`: the caller's scope is not strictly wider."),
        (status = 404, description = "`not_found`: no dinas admin by that id in the caller's \
            regions."),
    ))]
#[tracing::instrument(name = "staff.remove", skip_all)]
async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    governed_dinas(&state, &caller, &user_id).await?;
    let mut tx = state.db.writer.begin().await?;
    staff::remove_in(&mut tx, &user_id, Role::DinasAdmin, Some(caller.id())).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
struct Disabling {
    /// Why, for the account's history.
    #[serde(default)]
    reason: Option<String>,
}

/// Disables a dinas admin's account (whoever could appoint them): it cannot sign in, and every
/// session it has ends at once.
#[utoipa::path(post, path = "/staff/{user_id}/disable", tag = "staff",
    params(("user_id" = String, Path, description = "The admin's account")),
    request_body = Disabling,
    responses(
        (status = 204, description = "Disabled (or already was)."),
        (status = 403, description = "`forbidden`: the caller's scope is not strictly wider \
            than every role the account holds."),
        (status = 404, description = "`not_found`: no dinas admin by that id in the caller's \
            regions."),
    ))]
#[tracing::instrument(name = "staff.disable", skip_all)]
async fn disable(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    Json(request): Json<Disabling>,
) -> Result<StatusCode, ApiError> {
    governed_dinas(&state, &caller, &user_id).await?;
    let reason = request
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if let Some(reason) = reason {
        kopdes_domain::text::check_line("reason", reason)
            .map_err(|e| ApiError::InvalidInput(vec![e]))?;
    }
    let mut tx = state.db.writer.begin().await?;
    staff::set_disabled_in(&mut tx, &user_id, true, Some(caller.id()), reason).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Enables a disabled dinas admin's account again (whoever could disable it).
#[utoipa::path(post, path = "/staff/{user_id}/enable", tag = "staff",
    params(("user_id" = String, Path, description = "The admin's account")),
    responses(
        (status = 204, description = "Enabled (or already was)."),
        (status = 403, description = "`forbidden`: the caller's scope is not strictly wider."),
        (status = 404, description = "`not_found`: no dinas admin by that id in the caller's \
            regions."),
    ))]
#[tracing::instrument(name = "staff.enable", skip_all)]
async fn enable(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    governed_dinas(&state, &caller, &user_id).await?;
    let mut tx = state.db.writer.begin().await?;
    staff::set_disabled_in(&mut tx, &user_id, false, Some(caller.id()), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new one-time code for a dinas admin who lost theirs or forgot their password (whoever
/// could appoint them); the old code no longer works.
#[utoipa::path(post, path = "/staff/{user_id}/code", tag = "staff",
    params(("user_id" = String, Path, description = "The admin's account")),
    responses(
        (status = 200, description = "The new one-time code.", body = IssuedCode),
        (status = 403, description = "`forbidden`: the caller's scope is not strictly wider \
            than every role the account holds."),
        (status = 404, description = "`not_found`: no dinas admin by that id in the caller's \
            regions."),
    ))]
#[tracing::instrument(name = "staff.reissue_code", skip_all)]
async fn reissue_code(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<IssuedCode>, ApiError> {
    governed_dinas(&state, &caller, &user_id).await?;
    let mut tx = state.db.writer.begin().await?;
    let activation_code = accounts::reissue_code_in(&mut tx, &user_id, caller.id()).await?;
    tx.commit().await?;
    Ok(Json(IssuedCode { activation_code }))
}
