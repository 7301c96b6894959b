//! Officers of a cooperative: the pengurus appoint officers (creating accounts as needed) and
//! end terms; anyone who can see the cooperative sees who its officers are.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use kopdes_domain::account::Role;
use kopdes_domain::api::FieldError;
use kopdes_domain::officer::{Appointed, Appointment, Officer, TermEnd};
use serde_json::json;

use crate::accounts;
use crate::audit::{self, Entry};
use crate::caller::Caller;
use crate::changes::{self, Entity};
use crate::clock::today;
use crate::cooperatives::{self, NewOfficer};
use crate::error::ApiError;
use crate::routes::cooperatives::visible;
use crate::startup::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cooperatives/{id}/officers", get(list).post(appoint))
        .route("/officers/{id}/end", post(end))
        .route("/officers/{id}/activation-code", post(reissue_code))
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Officer>>, ApiError> {
    let cooperative = visible(&state, &caller, &id).await?;
    Ok(Json(
        cooperatives::officers(&state.db, &cooperative.id).await?,
    ))
}

#[tracing::instrument(name = "officers.appoint", skip_all)]
async fn appoint(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(request): Json<Appointment>,
) -> Result<(StatusCode, Json<Appointed>), ApiError> {
    let cooperative = visible(&state, &caller, &id).await?;
    if !caller.has_role_in(&cooperative.id, Role::Pengurus) {
        return Err(ApiError::Forbidden);
    }
    let (name, phone) = request.parse().map_err(ApiError::InvalidInput)?;
    let mut tx = state.db.pool.begin().await?;
    let (user_id, code) =
        accounts::find_or_create_in(&mut tx, &phone, &name, Some(caller.id())).await?;
    let officer_id = cooperatives::insert_officer(
        &mut tx,
        NewOfficer {
            cooperative_id: &cooperative.id,
            user_id: &user_id,
            organ: request.organ,
            position: request.position,
            term_start: request.term_start,
            term_end: request.term_end,
            created_by: caller.id(),
        },
    )
    .await
    // The unique index allows one current chair of the board.
    .map_err(ApiError::taken_at("position", "officer.ketua_taken"))?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action: "officer.appointed",
            entity: "officer",
            entity_id: &officer_id,
            cooperative_id: Some(&cooperative.id),
            details: Some(json!({
                "user_id": user_id,
                "organ": request.organ.as_str(),
                "position": request.position.as_str(),
                "term_start": request.term_start.to_string(),
                "term_end": request.term_end.to_string(),
            })),
        },
    )
    .await?;
    changes::record(&mut tx, Entity::Officer, &officer_id, &cooperative.id).await?;
    tx.commit().await?;
    let officer = cooperatives::find_officer(&state.db, &officer_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(Appointed {
            officer,
            activation_code: code,
        }),
    ))
}

/// Ends a term early (resignation, replacement): the cooperative's pengurus or an admin of its
/// region. The person keeps their account, without the officer's rights.
#[tracing::instrument(name = "officers.end", skip_all)]
async fn end(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(request): Json<TermEnd>,
) -> Result<Json<Officer>, ApiError> {
    let officer = cooperatives::find_officer(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let cooperative = visible(&state, &caller, &officer.cooperative_id).await?;
    if !caller.has_role_in(&cooperative.id, Role::Pengurus)
        && !caller.administers(&cooperative.village)
    {
        return Err(ApiError::Forbidden);
    }
    if request.ended_on < officer.term_start || request.ended_on > today() {
        return Err(ApiError::InvalidInput(vec![FieldError::new(
            "ended_on",
            "term.end_out_of_range",
        )]));
    }
    let mut tx = state.db.pool.begin().await?;
    if !cooperatives::end_term(&mut tx, &id, request.ended_on).await? {
        return Err(ApiError::Conflict);
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action: "officer.term_ended",
            entity: "officer",
            entity_id: &id,
            cooperative_id: Some(&cooperative.id),
            details: Some(json!({ "ended_on": request.ended_on.to_string() })),
        },
    )
    .await?;
    changes::record(&mut tx, Entity::Officer, &id, &cooperative.id).await?;
    tx.commit().await?;
    Ok(Json(
        cooperatives::find_officer(&state.db, &id)
            .await?
            .ok_or(ApiError::NotFound)?,
    ))
}

/// A new activation code for an officer's account: the cooperative's pengurus or an admin of
/// its region (when the chair themselves lost theirs).
#[tracing::instrument(name = "officers.reissue_code", skip_all)]
async fn reissue_code(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<kopdes_domain::account::IssuedCode>, ApiError> {
    let officer = cooperatives::find_officer(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let cooperative = visible(&state, &caller, &officer.cooperative_id).await?;
    if !caller.has_role_in(&cooperative.id, Role::Pengurus)
        && !caller.administers(&cooperative.village)
    {
        return Err(ApiError::Forbidden);
    }
    let mut tx = state.db.pool.begin().await?;
    let code = accounts::reissue_code_in(&mut tx, &officer.user_id, caller.id()).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action: "officer.activation_code_issued",
            entity: "officer",
            entity_id: &id,
            cooperative_id: Some(&cooperative.id),
            details: Some(json!({ "user_id": officer.user_id })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(kopdes_domain::account::IssuedCode {
        activation_code: code,
    }))
}
