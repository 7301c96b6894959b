//! Cooperatives: registration by an admin, the profile kept by its pengurus, and the
//! draft -> submitted -> verified / returned flow checked by the dinas of its region.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kopdes_domain::account::Role;
use kopdes_domain::api::FieldError;
use kopdes_domain::cooperative::{
    Cooperative, CooperativeEvent, CooperativeProfile, CooperativeRegistration, CooperativeStatus,
    CooperativeUpdate, RegisteredCooperative, ReturnRequest,
};
use serde_json::json;
use sqlx::AnyConnection;

use crate::accounts::{self, CreateUserError};
use crate::audit::{self, Entry};
use crate::caller::Caller;
use crate::changes::{self, Entity};
use crate::clock::today;
use crate::cooperatives;
use crate::error::ApiError;
use crate::regions;
use crate::registration::{self, Registered, Registration};
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, register))
        .routes(routes!(show, update))
        .routes(routes!(history))
        .routes(routes!(submit))
        .routes(routes!(verify))
        .routes(routes!(return_to_pengurus))
}

/// The cooperatives the caller belongs to (anyone signed in), by name.
///
/// Members, officers and employees see theirs; an admin sees only those they hold a role in
/// too. Staff find the cooperatives of their regions in `GET /api/registry`, paged.
#[utoipa::path(get, path = "/cooperatives", tag = "cooperatives",
    responses(
        (status = 200, description = "By name.", body = Vec<Cooperative>),
    ))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Cooperative>>, ApiError> {
    let ids = caller.cooperative_ids();
    Ok(Json(cooperatives::with_ids(&state.db, &ids).await?))
}

/// A record the caller may see: an admin of its region or anyone with a role in it. Anyone
/// else is told it does not exist rather than that it is not theirs.
pub(crate) async fn visible(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<Cooperative, ApiError> {
    let cooperative = cooperatives::find(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if caller.administers(&cooperative.village) || caller.belongs_to(id) {
        Ok(cooperative)
    } else {
        Err(ApiError::NotFound)
    }
}

/// One cooperative (admins of its region and its people).
#[utoipa::path(get, path = "/cooperatives/{id}", tag = "cooperatives",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 200, description = "The cooperative.", body = Cooperative),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's \
            to see."),
    ))]
async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Cooperative>, ApiError> {
    Ok(Json(visible(&state, &caller, &id).await?))
}

/// The cooperative's history: registered, each submission, each return with the dinas'
/// reasons as written, verification; newest first (admins of its region and its people).
#[utoipa::path(get, path = "/cooperatives/{id}/history", tag = "cooperatives",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 200, description = "Newest first.", body = Vec<CooperativeEvent>),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's \
            to see."),
    ))]
async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<CooperativeEvent>>, ApiError> {
    visible(&state, &caller, &id).await?;
    Ok(Json(cooperatives::history(&state.db, &id).await?))
}

/// Registers a cooperative in a village and its chair (admins over the village).
///
/// The chair gets an account, unless the phone already has one, and a five-year term as ketua
/// of the pengurus. One cooperative per village. A phone that already has an account is
/// refused until the caller confirms (`existing_account_confirmed`) that it is the chair they
/// mean; the caller then gets no code and no power over that account.
#[utoipa::path(post, path = "/cooperatives", tag = "cooperatives",
    responses(
        (status = 201, description = "Registered, with the chair's one-time activation code \
            (null when the chair already had an account).", body = RegisteredCooperative),
        (status = 403, description = "`forbidden`: not an admin, or the village is outside \
            the caller's regions."),
        (status = 409, description = "`conflict`: an account for `ketua_phone` was made at \
            the same moment; send again."),
        (status = 422, description = "`invalid_input`: `village` (`region.not_village`, \
            `region.unknown`, `village.taken`: one cooperative per village), `name` and \
            `ketua_name` (`required`, `text.too_long`), `ketua_phone` (`phone.format`, \
            `phone.length`, `phone.has_account`: the phone has an account and \
            `existing_account_confirmed` is not set; the answer never says whose)."),
    ))]
#[tracing::instrument(name = "cooperatives.register", skip_all)]
async fn register(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<CooperativeRegistration>,
) -> Result<(StatusCode, Json<RegisteredCooperative>), ApiError> {
    if caller.administered_regions().is_empty() {
        return Err(ApiError::Forbidden);
    }
    let (village, name, ketua_name, ketua_phone) =
        request.parse().map_err(ApiError::InvalidInput)?;
    if !caller.administers(&village) {
        return Err(ApiError::Forbidden);
    }
    let Some(village_region) = regions::find(&state.db, &village).await? else {
        return Err(ApiError::InvalidInput(vec![FieldError::new(
            "village",
            "region.unknown",
        )]));
    };

    let mut tx = state.db.writer.begin().await?;
    if cooperatives::exists_in_village(&mut tx, &village).await? {
        return Err(ApiError::InvalidInput(vec![FieldError::new(
            "village",
            "village.taken",
        )]));
    }
    // The chair may already have an account (an officer elsewhere, a member); then no code,
    // and only once the caller confirmed it is the person they mean.
    let (ketua_id, code) = accounts::find_or_create_in(
        &mut tx,
        &ketua_phone,
        &ketua_name,
        caller.id(),
        request.existing_account_confirmed,
    )
    .await
    .map_err(|e| match e {
        CreateUserError::ExistingNotConfirmed => {
            ApiError::InvalidInput(vec![FieldError::new("ketua_phone", "phone.has_account")])
        }
        other => other.into(),
    })?;
    let Registered { id, .. } = registration::register_in(
        &mut tx,
        Registration {
            village: &village,
            village_name: &village_region.name,
            scheme: request.scheme,
            name: &name,
            ketua_id: &ketua_id,
            registered_by: caller.id(),
            imported: None,
        },
    )
    .await?;
    tx.commit().await?;

    let cooperative = cooperatives::find(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(RegisteredCooperative {
            cooperative,
            ketua_activation_code: code,
        }),
    ))
}

/// Changes the profile of a draft or returned cooperative (its pengurus).
///
/// The request names the version it was edited from; a record changed meanwhile answers 409
/// and changes nothing.
#[utoipa::path(put, path = "/cooperatives/{id}", tag = "cooperatives",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 200, description = "Changed; the cooperative at its new version.",
            body = Cooperative),
        (status = 403, description = "`forbidden`: not a pengurus of this cooperative."),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's \
            to see."),
        (status = 409, description = "`conflict`: not at `version` (changed meanwhile; read \
            it again), or no longer draft or returned."),
        (status = 422, description = "`invalid_input`: `name` (`required`, \
            `text.too_long`), `legal_entity_date` (`date.future`, \
            `date.before_established`), `established_on` (`date.future`), `email` \
            (`email.format`), `legal_entity_number`, `nik_koperasi`, `address` \
            (`text.too_long`)."),
    ))]
#[tracing::instrument(name = "cooperatives.update", skip_all)]
async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(request): Json<CooperativeUpdate>,
) -> Result<Json<Cooperative>, ApiError> {
    check_profile_change(&state, &caller, &id, &request.profile).await?;
    let mut tx = state.db.writer.begin().await?;
    write_profile_change(&caller, &mut tx, &id, request.version, &request.profile).await?;
    tx.commit().await?;
    Ok(Json(
        cooperatives::find(&state.db, &id)
            .await?
            .ok_or(ApiError::NotFound)?,
    ))
}

/// Who may change the profile, and whether the profile is valid: the same rules whether the
/// change comes as `PUT` or as a sync operation. Reads only, before any transaction.
pub(crate) async fn check_profile_change(
    state: &AppState,
    caller: &Caller,
    id: &str,
    profile: &CooperativeProfile,
) -> Result<(), ApiError> {
    visible(state, caller, id).await?;
    if !caller.has_role_in(id, Role::Pengurus) {
        return Err(ApiError::Forbidden);
    }
    let errors = profile.validate(today());
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::InvalidInput(errors))
    }
}

/// Writes a checked profile change in the caller's transaction, with its audit entry.
/// `Conflict`, writing nothing, when the record is not at `version` or no longer editable.
pub(crate) async fn write_profile_change(
    caller: &Caller,
    tx: &mut AnyConnection,
    id: &str,
    version: i64,
    profile: &CooperativeProfile,
) -> Result<(), ApiError> {
    if !cooperatives::update_profile(tx, id, version, profile).await? {
        return Err(ApiError::Conflict);
    }
    audit::record(
        tx,
        Entry {
            actor: Some(caller.id()),
            action: "cooperative.updated",
            entity: "cooperative",
            entity_id: id,
            cooperative_id: Some(id),
            details: Some(json!({ "from_version": version })),
        },
    )
    .await?;
    changes::record(tx, Entity::Cooperative, id, id).await?;
    Ok(())
}

/// Submits a draft or returned cooperative for the dinas to check (its pengurus).
#[utoipa::path(post, path = "/cooperatives/{id}/submit", tag = "cooperatives",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 200, description = "Submitted.", body = Cooperative),
        (status = 403, description = "`forbidden`: not a pengurus of this cooperative."),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's \
            to see."),
        (status = 409, description = "`conflict`: it is neither draft nor returned."),
        (status = 422, description = "`invalid_input`: `required` for each profile field \
            the dinas needs and is still empty: `legal_entity_number`, `legal_entity_date`, \
            `address`, `established_on`, `phone`."),
    ))]
async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Cooperative>, ApiError> {
    let current = visible(&state, &caller, &id).await?;
    if !caller.has_role_in(&id, Role::Pengurus) {
        return Err(ApiError::Forbidden);
    }
    complete(&current)?;
    change_status(
        &state,
        &caller,
        &id,
        &[CooperativeStatus::Draft, CooperativeStatus::Returned],
        CooperativeStatus::Submitted,
        None,
    )
    .await
}

/// Verifies a submitted cooperative (admins of its region).
#[utoipa::path(post, path = "/cooperatives/{id}/verify", tag = "cooperatives",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 200, description = "Verified.", body = Cooperative),
        (status = 403, description = "`forbidden`: not an admin of its region."),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's \
            to see."),
        (status = 409, description = "`conflict`: it is not submitted."),
        (status = 422, description = "`invalid_input`: `required` for each profile field \
            still empty (as for submitting); nothing changes."),
    ))]
async fn verify(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Cooperative>, ApiError> {
    let current = visible(&state, &caller, &id).await?;
    if !caller.administers(&current.village) {
        return Err(ApiError::Forbidden);
    }
    // Records submitted before the rule, or changed since, are checked again here.
    complete(&current)?;
    change_status(
        &state,
        &caller,
        &id,
        &[CooperativeStatus::Submitted],
        CooperativeStatus::Verified,
        None,
    )
    .await
}

/// Returns a submitted cooperative to its pengurus with reasons (admins of its region).
#[utoipa::path(post, path = "/cooperatives/{id}/return", tag = "cooperatives",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 200, description = "Returned, with the reasons in `return_reasons`.",
            body = Cooperative),
        (status = 403, description = "`forbidden`: not an admin of its region."),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's \
            to see."),
        (status = 409, description = "`conflict`: it is not submitted."),
        (status = 422, description = "`invalid_input`: `reasons` (`required`, \
            `text.too_long`: over 1,000 characters)."),
    ))]
async fn return_to_pengurus(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(request): Json<ReturnRequest>,
) -> Result<Json<Cooperative>, ApiError> {
    let current = visible(&state, &caller, &id).await?;
    if !caller.administers(&current.village) {
        return Err(ApiError::Forbidden);
    }
    let reasons = request
        .parse()
        .map_err(|e| ApiError::InvalidInput(vec![e]))?;
    change_status(
        &state,
        &caller,
        &id,
        &[CooperativeStatus::Submitted],
        CooperativeStatus::Returned,
        Some(reasons),
    )
    .await
}

/// `invalid_input` naming each required profile field still empty.
fn complete(cooperative: &Cooperative) -> Result<(), ApiError> {
    let missing = cooperative.profile.missing_for_verification();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ApiError::InvalidInput(missing))
    }
}

async fn change_status(
    state: &AppState,
    caller: &Caller,
    id: &str,
    from: &[CooperativeStatus],
    to: CooperativeStatus,
    reasons: Option<&str>,
) -> Result<Json<Cooperative>, ApiError> {
    let mut tx = state.db.writer.begin().await?;
    if !cooperatives::transition(&mut tx, id, from, to, caller.id(), reasons).await? {
        return Err(ApiError::Conflict);
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action: match to {
                CooperativeStatus::Submitted => "cooperative.submitted",
                CooperativeStatus::Verified => "cooperative.verified",
                CooperativeStatus::Returned => "cooperative.returned",
                CooperativeStatus::Draft => "cooperative.reopened",
            },
            entity: "cooperative",
            entity_id: id,
            cooperative_id: Some(id),
            details: reasons.map(|r| json!({ "reasons": r })),
        },
    )
    .await?;
    changes::record(&mut tx, Entity::Cooperative, id, id).await?;
    tx.commit().await?;
    Ok(Json(
        cooperatives::find(&state.db, id)
            .await?
            .ok_or(ApiError::NotFound)?,
    ))
}
