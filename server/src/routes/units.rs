//! Business units (gerai): listed for anyone who can see the cooperative, kept by its pengurus.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kopdes_domain::account::Role;
use kopdes_domain::unit::{Unit, UnitDetails, UnitUpdate};
use serde_json::json;

use crate::audit::{self, Entry};
use crate::caller::Caller;
use crate::changes::{self, Entity};
use crate::clock::today;
use crate::error::ApiError;
use crate::routes::cooperatives::visible;
use crate::startup::AppState;
use crate::units;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update))
}

/// The cooperative if the caller may see it, and whether they may change it.
async fn access(state: &AppState, caller: &Caller, id: &str) -> Result<(String, bool), ApiError> {
    let cooperative = visible(state, caller, id).await?;
    let can_edit = caller.has_role_in(&cooperative.id, Role::Pengurus);
    Ok((cooperative.id, can_edit))
}

/// The cooperative's business units.
#[utoipa::path(get, path = "/cooperatives/{id}/units", tag = "units",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 200, description = "Its units, oldest first.", body = Vec<Unit>),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's to see."),
    ))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Unit>>, ApiError> {
    let (id, _) = access(&state, &caller, &id).await?;
    Ok(Json(units::of_cooperative(&state.db, &id).await?))
}

/// Adds a business unit (pengurus of the cooperative).
#[utoipa::path(post, path = "/cooperatives/{id}/units", tag = "units",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 201, description = "Added.", body = Unit),
        (status = 403, description = "`forbidden`: not a pengurus of this cooperative."),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's to see."),
    ))]
#[tracing::instrument(name = "units.create", skip_all)]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(details): Json<UnitDetails>,
) -> Result<(StatusCode, Json<Unit>), ApiError> {
    let (cooperative_id, can_edit) = access(&state, &caller, &id).await?;
    if !can_edit {
        return Err(ApiError::Forbidden);
    }
    let errors = details.validate(today());
    if !errors.is_empty() {
        return Err(ApiError::InvalidInput(errors));
    }
    let unit_id = uuid::Uuid::now_v7().to_string();
    let mut tx = state.db.writer.begin().await?;
    units::insert(&mut tx, &unit_id, &cooperative_id, &details, caller.id()).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action: "unit.created",
            entity: "business_unit",
            entity_id: &unit_id,
            cooperative_id: Some(&cooperative_id),
            details: Some(
                json!({ "kind": details.kind.as_str(), "status": details.status.as_str() }),
            ),
        },
    )
    .await?;
    changes::record(&mut tx, Entity::Unit, &unit_id, &cooperative_id).await?;
    tx.commit().await?;
    let unit = units::find(&state.db, &unit_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(unit)))
}

/// Changes a business unit (pengurus of its cooperative), if it is still at `version`.
#[utoipa::path(put, path = "/units/{id}", tag = "units",
    params(("id" = String, Path, description = "The unit")),
    responses(
        (status = 200, description = "Changed; the unit at its new version.", body = Unit),
        (status = 403, description = "`forbidden`: not a pengurus of its cooperative."),
        (status = 404, description = "`not_found`: no such unit, or not the caller's to see."),
        (status = 409, description = "`conflict`: changed meanwhile; read it again."),
    ))]
#[tracing::instrument(name = "units.update", skip_all)]
async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(request): Json<UnitUpdate>,
) -> Result<Json<Unit>, ApiError> {
    let current = units::find(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let (cooperative_id, can_edit) = access(&state, &caller, &current.cooperative_id).await?;
    if !can_edit {
        return Err(ApiError::Forbidden);
    }
    let errors = request.details.validate(today());
    if !errors.is_empty() {
        return Err(ApiError::InvalidInput(errors));
    }
    let mut tx = state.db.writer.begin().await?;
    if !units::update(&mut tx, &id, request.version, &request.details).await? {
        return Err(ApiError::Conflict);
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action: "unit.updated",
            entity: "business_unit",
            entity_id: &id,
            cooperative_id: Some(&cooperative_id),
            details: Some(json!({ "from_version": request.version, "status": request.details.status.as_str() })),
        },
    )
    .await?;
    changes::record(&mut tx, Entity::Unit, &id, &cooperative_id).await?;
    tx.commit().await?;
    Ok(Json(
        units::find(&state.db, &id)
            .await?
            .ok_or(ApiError::NotFound)?,
    ))
}
