//! Forms (docs/FORMS.md): admins publish them to a region; the pengurus of cooperatives there
//! answer them through the outbox (`form_response` operations, see `routes::sync`); admins
//! follow the response rate per region and export the answers.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use kopdes_domain::account::Role;
use kopdes_domain::api::FieldError;
use kopdes_domain::form::{
    FormResponse, Kind, Publication, PublishedForm, RegionCount, StoredResponse, Subject,
};
use kopdes_domain::nik::mask;
use kopdes_domain::region::RegionCode;
use serde::Deserialize;
use serde_json::json;
use sqlx::AnyConnection;

use crate::audit::{self, Entry};
use crate::caller::Caller;
use crate::clock::today;
use crate::cooperatives;
use crate::error::ApiError;
use crate::forms;
use crate::photos;
use crate::routes::cooperatives::visible;
use crate::startup::AppState;
use crate::units;
use crate::vault::Vault;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, publish))
        .routes(routes!(show))
        .routes(routes!(responses))
        .routes(routes!(counts))
        .routes(routes!(export))
}

/// Whether a form published to `scope` reaches a cooperative in `village`.
fn reaches(scope: Option<&RegionCode>, village: &RegionCode) -> bool {
    scope.is_none_or(|s| s.contains(village))
}

/// Admins see forms that reach any part of their regions; everyone else the forms that reach
/// their cooperatives.
async fn may_see(
    state: &AppState,
    caller: &Caller,
    form: &PublishedForm,
) -> Result<bool, ApiError> {
    let administered = caller.administered_regions();
    let admin_sees = administered
        .iter()
        .any(|region| match (region, &form.scope) {
            (None, _) | (_, None) => true,
            (Some(mine), Some(scope)) => mine.contains(scope) || scope.contains(mine),
        });
    if admin_sees {
        return Ok(true);
    }
    for id in caller.cooperative_ids() {
        if let Some(cooperative) = cooperatives::find(&state.db, id).await?
            && reaches(form.scope.as_ref(), &cooperative.village)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The newest version of each form the caller may see (anyone signed in).
///
/// Admins see the forms reaching any part of their regions; others those published to their
/// cooperatives' regions (the built-in monthly business-unit report is national).
#[utoipa::path(get, path = "/forms", tag = "forms",
    responses(
        (status = 200, description = "The forms with their specs.", body = Vec<PublishedForm>),
    ))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<PublishedForm>>, ApiError> {
    let mut seen = Vec::new();
    for form in forms::newest(&state.db).await? {
        if may_see(&state, &caller, &form).await? {
            seen.push(form);
        }
    }
    Ok(Json(seen))
}

async fn visible_form(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<PublishedForm, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let form = forms::find(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if may_see(state, caller, &form).await? {
        Ok(form)
    } else {
        Err(ApiError::NotFound)
    }
}

/// One published form with its spec (those who may see it, as in the list).
#[utoipa::path(get, path = "/forms/{id}", tag = "forms",
    params(("id" = String, Path, description = "The form (one version of it)")),
    responses(
        (status = 200, description = "The form.", body = PublishedForm),
        (status = 404, description = "`not_found`: no such form, or not the caller's to see."),
    ))]
async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<PublishedForm>, ApiError> {
    Ok(Json(visible_form(&state, &caller, &id).await?))
}

/// Publishes a form to a region or nationally (admins).
///
/// A ministry admin publishes anywhere (or nationally); a dinas admin inside their region.
/// A new publication of a key needs a higher version than every earlier one.
#[utoipa::path(post, path = "/forms", tag = "forms",
    responses(
        (status = 201, description = "Published; the form.", body = PublishedForm),
        (status = 403, description = "`forbidden`: the scope (none: national) is outside the \
            caller's regions."),
        (status = 422, description = "`invalid_input`: `spec.<place>` errors of the spec check \
            (docs/FORMS.md), `deadline: date.past`, `spec.version: form.version_taken` unless \
            the version is higher than every published one of its key."),
    ))]
#[tracing::instrument(name = "forms.publish", skip_all)]
async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Json(publication): Json<Publication>,
) -> Result<(StatusCode, Json<PublishedForm>), ApiError> {
    let allowed = match &publication.scope {
        None => caller.administered_regions().contains(&None),
        Some(scope) => caller.administers(scope),
    };
    if !allowed {
        return Err(ApiError::Forbidden);
    }
    let spec = &publication.spec;
    let mut errors: Vec<FieldError> = match spec.check() {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .map(|e| FieldError::new(&format!("spec.{}", e.field), &e.code))
            .collect(),
    };
    if let Some(deadline) = publication.deadline
        && deadline < today()
    {
        errors.push(FieldError::new("deadline", "date.past"));
    }
    if let Some(latest) = forms::latest_version(&state.db, &spec.key).await?
        && i64::from(spec.version) <= latest
    {
        errors.push(FieldError::new("spec.version", "form.version_taken"));
    }
    if !errors.is_empty() {
        return Err(ApiError::InvalidInput(errors));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let mut tx = state.db.writer.begin().await?;
    // Two admins publishing the same version at once: one wins.
    forms::insert(
        &mut tx,
        &id,
        spec,
        publication.scope.as_ref(),
        publication.deadline,
        Some(caller.id()),
    )
    .await
    .map_err(ApiError::taken_at("spec.version", "form.version_taken"))?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action: "form.published",
            entity: "form",
            entity_id: &id,
            cooperative_id: None,
            details: Some(json!({
                "key": spec.key,
                "version": spec.version,
                "scope": publication.scope.as_ref().map(|s| s.as_str()),
            })),
        },
    )
    .await?;
    let form = forms::find(&mut tx, &id).await?.ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(form)))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct OfCooperative {
    /// The cooperative whose responses are asked for.
    cooperative: String,
}

/// One cooperative's responses to a form (those who may see the form and the cooperative).
#[utoipa::path(get, path = "/forms/{id}/responses", tag = "forms",
    params(("id" = String, Path, description = "The form"), OfCooperative),
    responses(
        (status = 200, description = "Its responses, oldest first.", body = Vec<StoredResponse>),
        (status = 404, description = "`not_found`: no such form or cooperative, or not the \
            caller's to see."),
    ))]
async fn responses(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<OfCooperative>,
) -> Result<Json<Vec<StoredResponse>>, ApiError> {
    let form = visible_form(&state, &caller, &id).await?;
    let cooperative = visible(&state, &caller, &query.cooperative).await?;
    // NIKs answered in a form are personal data like a member's: in full for the pengurus
    // answerable for them, masked for members, pengawas and admins.
    let reveal = caller
        .has_role_in(&cooperative.id, Role::Pengurus)
        .then_some(&state.vault);
    Ok(Json(
        forms::responses_of(&state.db, &form.id, &cooperative.id, reveal).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Within {
    /// A region the caller administers (`32.04`); absent: the widest one they administer.
    region: Option<String>,
}

/// The region an admin asked about: given, it must be theirs; else their own top region.
fn admin_region(caller: &Caller, asked: Option<&str>) -> Result<Option<RegionCode>, ApiError> {
    match asked {
        Some(code) => {
            let region = RegionCode::parse(code).map_err(|_| {
                ApiError::InvalidInput(vec![FieldError::new("region", "region.format")])
            })?;
            if caller.administers(&region) {
                Ok(Some(region))
            } else {
                Err(ApiError::Forbidden)
            }
        }
        None => caller
            .administered_regions()
            .into_iter()
            .min_by_key(|r| r.as_ref().map_or(0, |r| r.level().depth()))
            .ok_or(ApiError::Forbidden),
    }
}

/// How many cooperatives answered a form, per child region of a region (admins).
///
/// For each child region of the region asked for (the country's: the provinces): its
/// cooperatives, how many of them responded, and how many responses came.
#[utoipa::path(get, path = "/forms/{id}/counts", tag = "forms",
    params(("id" = String, Path, description = "The form"), Within),
    responses(
        (status = 200, description = "One count per child region.", body = Vec<RegionCount>),
        (status = 403, description = "`forbidden`: not an admin, or the region is not the \
            caller's."),
        (status = 404, description = "`not_found`: no such form, or not the caller's to see."),
        (status = 422, description = "`invalid_input`: `region: region.format`."),
    ))]
async fn counts(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(within): Query<Within>,
) -> Result<Json<Vec<RegionCount>>, ApiError> {
    let region = admin_region(&caller, within.region.as_deref())?;
    let form = visible_form(&state, &caller, &id).await?;
    Ok(Json(
        forms::counts(&state.db, &form.id, region.as_ref()).await?,
    ))
}

/// A form's answers in a region as CSV (admins).
///
/// RFC 4180, one row per response, one column per field; NIKs masked, cells starting with
/// `=`, `+`, `-` or `@` prefixed with `'`.
#[utoipa::path(get, path = "/forms/{id}/responses.csv", tag = "forms",
    params(("id" = String, Path, description = "The form"), Within),
    responses(
        (status = 200, description = "The CSV file, named after the form's key and version.",
            content_type = "text/csv", body = String,
            headers(("content-disposition" = String,
                description = "`attachment; filename=\"<key>-v<version>.csv\"`"))),
        (status = 403, description = "`forbidden`: not an admin, or the region is not the \
            caller's."),
        (status = 404, description = "`not_found`: no such form, or not the caller's to see."),
        (status = 422, description = "`invalid_input`: `region: region.format`."),
    ))]
async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(within): Query<Within>,
) -> Result<impl IntoResponse, ApiError> {
    let region = admin_region(&caller, within.region.as_deref())?;
    let form = visible_form(&state, &caller, &id).await?;
    let rows = forms::export(&state.db, &form.id, region.as_ref()).await?;
    let fields = &form.spec.fields;
    let mut header = vec![
        "response_id".to_owned(),
        "cooperative_id".into(),
        "cooperative".into(),
        "village_code".into(),
        "unit_id".into(),
        "received_at_ms".into(),
        "late".into(),
    ];
    header.extend(fields.iter().map(|f| f.name.clone()));
    let mut csv = kopdes_domain::csv::record(&header);
    for row in rows {
        let r = &row.response;
        let mut cells = vec![
            r.id.clone(),
            r.response.cooperative_id.clone(),
            row.cooperative_name,
            row.village,
            r.response.unit_id.clone().unwrap_or_default(),
            r.received_at.to_string(),
            if r.late { "1" } else { "0" }.to_owned(),
        ];
        cells.extend(fields.iter().map(|f| {
            let cell = r
                .response
                .answers
                .get(&f.name)
                .map(|a| a.cell())
                .unwrap_or_default();
            if matches!(f.kind, Kind::Nik) {
                mask(&cell)
            } else {
                cell
            }
        }));
        csv.push_str(&kopdes_domain::csv::record(&cells));
    }
    let file = format!(
        "attachment; filename=\"{}-v{}.csv\"",
        form.spec.key, form.spec.version
    );
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, file),
        ],
        csv,
    ))
}

/// Who may send a response and whether it is valid: reads only, before the push's
/// transaction. Returns the form's deadline check for the write.
pub(crate) async fn check_response(
    state: &AppState,
    caller: &Caller,
    response: &FormResponse,
) -> Result<bool, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let form = forms::find(&mut conn, &response.form_id)
        .await?
        .ok_or_else(|| ApiError::InvalidInput(vec![FieldError::new("form_id", "form.unknown")]))?;
    // Another's cooperative answers like one that does not exist.
    let cooperative = visible(state, caller, &response.cooperative_id).await?;
    if !caller.has_role_in(&cooperative.id, Role::Pengurus) {
        return Err(ApiError::Forbidden);
    }
    if !reaches(form.scope.as_ref(), &cooperative.village) {
        return Err(ApiError::InvalidInput(vec![FieldError::new(
            "form_id",
            "form.not_assigned",
        )]));
    }
    match (form.spec.per, &response.unit_id) {
        (Subject::Unit, Some(unit_id)) => {
            let unit = units::find(&state.db, unit_id).await?;
            if unit.is_none_or(|u| u.cooperative_id != cooperative.id) {
                return Err(ApiError::InvalidInput(vec![FieldError::new(
                    "unit_id",
                    "form.unknown_unit",
                )]));
            }
        }
        (Subject::Unit, None) => {
            return Err(ApiError::InvalidInput(vec![FieldError::new(
                "unit_id", "required",
            )]));
        }
        (Subject::Cooperative, Some(_)) => {
            return Err(ApiError::InvalidInput(vec![FieldError::new(
                "unit_id",
                "form.no_unit",
            )]));
        }
        (Subject::Cooperative, None) => {}
    }
    let answers = form
        .spec
        .check_answers(&response.answers, today())
        .map_err(ApiError::InvalidInput)?;
    // The engine uploads a photo before the answer that refers to it; one the server does not
    // hold for this cooperative would leave the answer pointing at nothing.
    let mut missing = Vec::new();
    for (field, digest) in form.spec.photos(&answers) {
        if !photos::owners(&mut conn, digest)
            .await?
            .contains(&cooperative.id)
        {
            missing.push(FieldError::new(field, "photo.missing"));
        }
    }
    if !missing.is_empty() {
        return Err(ApiError::InvalidInput(missing));
    }
    Ok(form.deadline.is_some_and(|d| today() > d))
}

/// Stores a checked response under the device's id for it. The answers are stored as the
/// spec normalises them. An id already taken (a second operation for one response) conflicts.
pub(crate) async fn write_response(
    vault: &Vault,
    caller: &Caller,
    tx: &mut AnyConnection,
    id: &str,
    response: &FormResponse,
    late: bool,
) -> Result<(), ApiError> {
    let form = forms::find(tx, &response.form_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let answers = form
        .spec
        .check_answers(&response.answers, today())
        .map_err(ApiError::InvalidInput)?;
    let clean = FormResponse {
        answers,
        ..response.clone()
    };
    // Checked first: on PostgreSQL a refused insert would end the whole transaction.
    if forms::response_exists(tx, id).await? {
        return Err(ApiError::Conflict);
    }
    let (clean, sealed) = forms::seal_niks(vault, id, &form.spec, clean);
    if let Err(error) = forms::insert_response(tx, id, &clean, &sealed, caller.id(), late).await {
        return Err(if crate::db::is_unique_violation(&error) {
            ApiError::Conflict
        } else {
            error.into()
        });
    }
    audit::record(
        tx,
        Entry {
            actor: Some(caller.id()),
            action: "form.answered",
            entity: "form_response",
            entity_id: id,
            cooperative_id: Some(&response.cooperative_id),
            details: Some(json!({ "form": form.id, "key": form.spec.key, "late": late })),
        },
    )
    .await?;
    Ok(())
}
