//! The registry for staff: every cooperative in the caller's regions, one page at a time, with
//! the total. The verification queue is this list filtered to `submitted`, oldest first.

use axum::Json;
use axum::extract::{Query, State};
use kopdes_domain::registry::{RegistryPage, RegistryQuery};

use crate::caller::Caller;
use crate::error::ApiError;
use crate::registry::{self, Within};
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(page))
}

/// The regions a staff caller reads, or `Forbidden` for anyone else.
pub(crate) fn within(caller: &Caller) -> Result<Within, ApiError> {
    let administered = caller.administered_regions();
    if administered.is_empty() {
        return Err(ApiError::Forbidden);
    }
    if administered.iter().any(Option::is_none) {
        return Ok(Within::Country);
    }
    Ok(Within::Regions(
        administered.into_iter().flatten().collect(),
    ))
}

/// One page of the cooperatives in the caller's regions (ministry and dinas admins).
///
/// Searched by words of the name, the village or its regency (every word must match), or by
/// the start of a region code or NIK koperasi, or part of the legal entity number; filtered by
/// status, scheme and a region inside the caller's; sorted. No page holds more than 100 and
/// `total` counts every match.
#[utoipa::path(get, path = "/registry", tag = "registry",
    params(RegistryQuery),
    responses(
        (status = 200, description = "One page and the total.", body = RegistryPage),
        (status = 400, description = "`bad_request`: a parameter is not one of its values; \
            the message names it."),
        (status = 403, description = "`forbidden`: not an admin, or `region` is outside the \
            caller's regions."),
    ))]
#[tracing::instrument(name = "registry.read", skip_all)]
async fn page(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<RegistryQuery>,
) -> Result<Json<RegistryPage>, ApiError> {
    let within = within(&caller)?;
    let filter = query
        .parse()
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    if let Some(region) = &filter.region
        && !caller.administers(region)
    {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(registry::page(&state.db, &within, &filter).await?))
}
