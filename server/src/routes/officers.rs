//! Officers of a cooperative: the pengurus appoint officers (creating accounts as needed) and
//! end terms; anyone who can see the cooperative sees who its officers are.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
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
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, appoint))
        .routes(routes!(end))
        .routes(routes!(reissue_code))
}

/// The cooperative's officers and their terms (anyone who may see the cooperative).
#[utoipa::path(get, path = "/cooperatives/{id}/officers", tag = "officers",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 200, description = "Current terms first, then by organ and position.",
            body = Vec<Officer>),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's \
            to see."),
    ))]
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

/// Appoints a person to a position for a term (the cooperative's pengurus).
///
/// The person is given by name and phone; an account is made when the phone has none. A phone
/// that already has an account is refused until the caller confirms
/// (`existing_account_confirmed`) that it is the person they mean; the caller then gets no code
/// and no power over that account, whose holder sees the appointment in their account's
/// history. A term lasts at most five years, and holding a current one gives the pengurus or
/// pengawas role.
#[utoipa::path(post, path = "/cooperatives/{id}/officers", tag = "officers",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 201, description = "Appointed, with an activation code when an account was \
            made (else null).", body = Appointed),
        (status = 403, description = "`forbidden`: not a pengurus of this cooperative."),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's \
            to see."),
        (status = 409, description = "`conflict`: an account for `phone` was made at the same \
            moment; send again."),
        (status = 422, description = "`invalid_input`: `name` (`required`, \
            `text.too_long`), `phone` (`phone.format`, `phone.length`, `phone.has_account`: \
            the phone has an account and `existing_account_confirmed` is not set; the answer \
            never says whose), `position` \
            (`officer.position_not_in_organ`, `officer.ketua_taken`: the pengurus already \
            have a current ketua), `term_end` (`term.ends_before_start`, `term.too_long`)."),
    ))]
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
    let mut tx = state.db.writer.begin().await?;
    let (user_id, code) = accounts::find_or_create_in(
        &mut tx,
        &phone,
        &name,
        caller.id(),
        request.existing_account_confirmed,
    )
    .await?;
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
    // The person named sees the appointment in their account's history.
    accounts::record(
        &mut tx,
        caller.id(),
        "account.appointed",
        &user_id,
        Some(json!({ "cooperative_id": cooperative.id, "officer_id": officer_id })),
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

/// Ends an officer's term early (the cooperative's pengurus, admins of its region).
///
/// For a resignation or a replacement. The person keeps their account, without the officer's
/// rights.
#[utoipa::path(post, path = "/officers/{id}/end", tag = "officers",
    params(("id" = String, Path, description = "The officer (one term of office)")),
    responses(
        (status = 200, description = "Ended; the officer with `ended_on`.", body = Officer),
        (status = 403, description = "`forbidden`: neither a pengurus of its cooperative nor \
            an admin of its region."),
        (status = 404, description = "`not_found`: no such officer, or not the caller's to \
            see."),
        (status = 409, description = "`conflict`: the term has already ended."),
        (status = 422, description = "`invalid_input`: `ended_on` \
            (`term.end_out_of_range`: before the term's start or after today)."),
    ))]
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
    let mut tx = state.db.writer.begin().await?;
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

/// Issues an officer's account a new activation code (its pengurus, admins of its region).
///
/// Only for an account whose every role, in any cooperative or region, lies inside the caller's
/// scope: strictly inside once the account has set a password (a regency admin resets the
/// pengurus of their regency; nobody resets a peer or a wider account). The pengurus can give
/// a fellow officer who never activated a new code. Audited, and shown to the account's holder.
#[utoipa::path(post, path = "/officers/{id}/activation-code", tag = "officers",
    params(("id" = String, Path, description = "The officer (one term of office)")),
    responses(
        (status = 200, description = "The new one-time code; the old one no longer works.",
            body = kopdes_domain::account::IssuedCode),
        (status = 403, description = "`forbidden`: neither a pengurus of its cooperative nor \
            an admin of its region, or the account holds a role outside the caller's scope."),
        (status = 404, description = "`not_found`: no such officer, or not the caller's to \
            see."),
    ))]
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
    let mut tx = state.db.writer.begin().await?;
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
