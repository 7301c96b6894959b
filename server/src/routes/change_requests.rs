//! Pembaruan data mandiri: a member's request to change their own data arrives through the
//! outbox (`member_data_change`, see `routes::sync`); a pengurus of the cooperative who is not
//! the requester approves it (the member record changes, with a new version and an audit entry)
//! or rejects it with a reason; the member reads the outcome.

use axum::Json;
use axum::extract::{Path, State};
use kopdes_domain::account::Role;
use kopdes_domain::cooperative::ReturnRequest;
use kopdes_domain::member::{ChangeRequest, OwnDataChange, RequestStatus};
use serde_json::json;
use sqlx::AnyConnection;

use crate::audit::{self, Entry};
use crate::caller::Caller;
use crate::change_requests;
use crate::error::ApiError;
use crate::routes::cooperatives::visible;
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(of_cooperative))
        .routes(routes!(mine))
        .routes(routes!(approve))
        .routes(routes!(reject))
}

/// The cooperative's requests, for its pengurus and pengawas (who read, and change nothing).
#[utoipa::path(get, path = "/cooperatives/{id}/change-requests", tag = "change-requests",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 200, description = "Pending first, then the newest; each with the requested \
            data next to the current.", body = Vec<ChangeRequest>),
        (status = 403, description = "`forbidden`: neither its pengurus nor its pengawas."),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's \
            to see."),
    ))]
async fn of_cooperative(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<ChangeRequest>>, ApiError> {
    let cooperative = visible(&state, &caller, &id).await?;
    if !caller.has_role_in(&cooperative.id, Role::Pengurus)
        && !caller.has_role_in(&cooperative.id, Role::Pengawas)
    {
        return Err(ApiError::Forbidden);
    }
    let requests = change_requests::of_cooperative(&state.db, &cooperative.id).await?;
    Ok(Json(requests))
}

/// The caller's own change requests and their outcome (anyone signed in).
#[utoipa::path(get, path = "/me/change-requests", tag = "change-requests",
    responses(
        (status = 200, description = "Newest first.", body = Vec<ChangeRequest>),
    ))]
async fn mine(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ChangeRequest>>, ApiError> {
    let requests = change_requests::of_requester(&state.db, caller.id()).await?;
    Ok(Json(requests))
}

/// A pending request the caller may decide: a pengurus of its cooperative, not its requester.
async fn decidable(state: &AppState, caller: &Caller, id: &str) -> Result<ChangeRequest, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let request = change_requests::find(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !caller.belongs_to(&request.cooperative_id)
        && visible(state, caller, &request.cooperative_id)
            .await
            .is_err()
    {
        return Err(ApiError::NotFound);
    }
    // Four eyes: nobody approves a change to their own record.
    if !caller.has_role_in(&request.cooperative_id, Role::Pengurus)
        || request.requested_by == caller.id()
    {
        return Err(ApiError::Forbidden);
    }
    if request.status != RequestStatus::Pending {
        return Err(ApiError::Conflict);
    }
    Ok(request)
}

/// Approves a pending request (a pengurus of its cooperative who is not the requester).
///
/// The member record takes the requested data, with a new version and an audit entry.
#[utoipa::path(post, path = "/change-requests/{id}/approve", tag = "change-requests",
    params(("id" = String, Path, description = "The change request")),
    responses(
        (status = 200, description = "Approved; the request as decided.", body = ChangeRequest),
        (status = 403, description = "`forbidden`: not a pengurus of its cooperative, or the \
            requester themselves."),
        (status = 404, description = "`not_found`: no such request, or not the caller's to \
            see."),
        (status = 409, description = "`conflict`: already decided (also meanwhile)."),
    ))]
#[tracing::instrument(name = "change_requests.approve", skip_all)]
async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ChangeRequest>, ApiError> {
    decide(&state, &caller, &id, RequestStatus::Approved, None).await
}

/// Rejects a pending request with a reason (a pengurus of its cooperative, not the requester).
#[utoipa::path(post, path = "/change-requests/{id}/reject", tag = "change-requests",
    params(("id" = String, Path, description = "The change request")),
    responses(
        (status = 200, description = "Rejected; the request as decided, with the reason.",
            body = ChangeRequest),
        (status = 403, description = "`forbidden`: not a pengurus of its cooperative, or the \
            requester themselves."),
        (status = 404, description = "`not_found`: no such request, or not the caller's to \
            see."),
        (status = 409, description = "`conflict`: already decided (also meanwhile)."),
        (status = 422, description = "`invalid_input`: `reasons` (`required`, \
            `text.too_long`: over 1,000 characters)."),
    ))]
#[tracing::instrument(name = "change_requests.reject", skip_all)]
async fn reject(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<ReturnRequest>,
) -> Result<Json<ChangeRequest>, ApiError> {
    let reason = body.parse().map_err(|e| ApiError::InvalidInput(vec![e]))?;
    decide(&state, &caller, &id, RequestStatus::Rejected, Some(reason)).await
}

/// Records the decision (and, for an approval, changes the member record with a new version),
/// with its audit entry, in one transaction; a request decided meanwhile is a conflict.
async fn decide(
    state: &AppState,
    caller: &Caller,
    id: &str,
    status: RequestStatus,
    reason: Option<&str>,
) -> Result<Json<ChangeRequest>, ApiError> {
    let request = decidable(state, caller, id).await?;
    let mut tx = state.db.writer.begin().await?;
    if !change_requests::decide(&mut tx, id, status, reason, caller.id()).await? {
        return Err(ApiError::Conflict);
    }
    let action = if status == RequestStatus::Approved {
        change_requests::apply(&mut tx, &request.member_id, &request.requested).await?;
        "member.updated_on_request"
    } else {
        "member.change_rejected"
    };
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action,
            entity: "member",
            entity_id: &request.member_id,
            cooperative_id: Some(&request.cooperative_id),
            details: Some(json!({ "request": id })),
        },
    )
    .await?;
    let decided = change_requests::find(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok(Json(decided))
}

/// Who may send a request and whether it is valid: the member themselves, for their active
/// record. Reads only, before the push's transaction.
pub(crate) async fn check_data_change(
    state: &AppState,
    caller: &Caller,
    change: &OwnDataChange,
) -> Result<(), ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let (cooperative, user, status) = change_requests::member_owner(&mut conn, &change.member_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if user.as_deref() != Some(caller.id()) {
        // Only the cooperative's officers, who see the record, learn that it is not theirs;
        // to anyone else another's member answers like one that does not exist.
        let sees_it = caller.has_role_in(&cooperative, Role::Pengurus)
            || caller.has_role_in(&cooperative, Role::Pengawas);
        return Err(if sees_it {
            ApiError::Forbidden
        } else {
            ApiError::NotFound
        });
    }
    if status != "active" {
        return Err(ApiError::Conflict);
    }
    change.parse().map(|_| ()).map_err(ApiError::InvalidInput)
}

/// Records a checked request under the device's id for it, pending a pengurus' decision.
pub(crate) async fn write_data_change(
    caller: &Caller,
    tx: &mut AnyConnection,
    id: &str,
    change: &OwnDataChange,
) -> Result<(), ApiError> {
    let data = change.parse().map_err(ApiError::InvalidInput)?;
    let (cooperative_id, _, _) = change_requests::member_owner(tx, &change.member_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // Checked first: on PostgreSQL a refused insert would end the whole transaction.
    if change_requests::exists(tx, id).await? {
        return Err(ApiError::Conflict);
    }
    change_requests::insert(
        tx,
        id,
        &change.member_id,
        &cooperative_id,
        caller.id(),
        &data,
    )
    .await?;
    audit::record(
        tx,
        Entry {
            actor: Some(caller.id()),
            action: "member.change_requested",
            entity: "member",
            entity_id: &change.member_id,
            cooperative_id: Some(&cooperative_id),
            details: Some(json!({ "request": id })),
        },
    )
    .await?;
    Ok(())
}
