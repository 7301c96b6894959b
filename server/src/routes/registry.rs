//! The registry for staff: every cooperative in the caller's regions, one page at a time, with
//! the total. The verification queue is this list filtered to `submitted`, oldest first.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use kopdes_domain::Lang;
use kopdes_domain::api::FieldError;
use kopdes_domain::import::{FileProblem, ImportKind, ImportSummary, UPLOAD_MAX_ROWS};
use kopdes_domain::registry::{RegistryPage, RegistryQuery};
use serde::Deserialize;

use crate::caller::Caller;
use crate::error::ApiError;
use crate::import::sheet::{Format, SheetWriter};
use crate::import::{self, ImportError, Importer, Options};
use crate::registry::{self, Within};
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(page))
        .routes(routes!(import_file))
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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ImportQuery {
    /// `cooperatives` (with their chairs) or `members`.
    kind: String,
    /// Write the rows that pass; without it the file is only checked.
    #[serde(default)]
    apply: bool,
    /// A chair whose phone already has an account is that person: appoint the account (no
    /// code is made and the caller gains no power over it). Without it such rows are refused.
    #[serde(default)]
    attach_existing_accounts: bool,
    /// Members: the caller states that each member consented, under the current notice, when
    /// their data was collected. Required for members.
    #[serde(default)]
    consent_collected: bool,
    /// `csv` or `xlsx`: answer a check with the row-by-row report (the file's columns, then
    /// outcome, problems and suggestions) instead of the summary.
    report: Option<String>,
    /// The report's language: `id` (default) or `en`.
    lang: Option<String>,
}

/// Checks or imports a CSV or XLSX file of cooperatives or members (ministry and dinas admins,
/// inside their regions).
///
/// The body is the file itself, at most 1 MiB and 5,000 rows (`kopdes-server import` takes
/// larger files). Columns are found by their headings (see docs/IMPORT.md); villages by their
/// Kemendagri code or by province, regency, district and village names, never guessed.
/// Importing the same file again changes nothing; new chairs' one-time codes come back once,
/// in `handover`.
#[utoipa::path(post, path = "/registry/imports", tag = "registry",
    params(ImportQuery),
    request_body(
        description = "The file: CSV (UTF-8 or Windows-1252; comma, semicolon or tab) or XLSX.",
        content((Vec<u8> = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
    ),
    responses(
        (status = 200, description = "What the check found or the import did; with `report`, \
            the report file instead.",
            content((ImportSummary = "application/json"), (Vec<u8> = "text/csv"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, description = "`bad_request`: `kind`, `report` or `lang` is not one of \
            its values, or `report` was asked of an import (check first)."),
        (status = 403, description = "`forbidden`: not an admin."),
        (status = 413, description = "`payload_too_large`: over 1 MiB."),
        (status = 422, description = "`invalid_input`: `file` (`import.unreadable`, \
            `import.empty`, `import.too_many_rows`), a missing column under its heading \
            (`import.column_missing`; `kode_desa` stands for the code or the four names), a \
            column given twice (`import.column_repeated`), `consent_collected` \
            (`consent.required`, members)."),
    ))]
#[tracing::instrument(name = "registry.import", skip_all)]
async fn import_file(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ImportQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let within = within(&caller)?;
    let kind = ImportKind::parse(&query.kind)
        .ok_or_else(|| ApiError::BadRequest("kind is cooperatives or members".into()))?;
    let lang = match query.lang.as_deref() {
        None | Some("id") => Lang::Id,
        Some("en") => Lang::En,
        Some(_) => return Err(ApiError::BadRequest("lang is id or en".into())),
    };
    let report = query
        .report
        .as_deref()
        .map(|r| {
            Format::parse(r).ok_or_else(|| ApiError::BadRequest("report is csv or xlsx".into()))
        })
        .transpose()?;
    if report.is_some() && query.apply {
        return Err(ApiError::BadRequest(
            "report comes with a check; an import answers its summary".into(),
        ));
    }
    let importer = Importer {
        user_id: caller.id().to_owned(),
        within,
        by: "app",
    };
    let options = Options {
        kind,
        apply: query.apply,
        attach_existing_accounts: query.attach_existing_accounts,
        consent_collected: query.consent_collected,
        max_rows: Some(UPLOAD_MAX_ROWS),
        lang,
    };
    let sheet = report
        .map(|format| SheetWriter::new(format, Vec::new(), "Laporan"))
        .transpose()
        .map_err(|e| ApiError::Internal(e.into()))?;
    // An upload's workbook may unpack to at most 64 MiB: far above 5,000 rows of registry.
    if !crate::import::table::unpacks_within(&body, 64 << 20) {
        return Err(import_error(ImportError::File(FileProblem::Unreadable)));
    }
    let source = std::io::Cursor::new(body);
    let finished = import::run(
        &state.db,
        &state.vault,
        &importer,
        &options,
        source,
        sheet,
        |_| {},
    )
    .await
    .map_err(import_error)?;
    match (report, finished.report) {
        (Some(format), Some(bytes)) => {
            let name = format!(
                "attachment; filename=\"laporan-impor-{}.{}\"",
                kind.as_str(),
                format.extension()
            );
            Ok((
                [
                    (CONTENT_TYPE, format.content_type().to_owned()),
                    (CONTENT_DISPOSITION, name),
                ],
                bytes,
            )
                .into_response())
        }
        _ => Ok(Json(finished.summary).into_response()),
    }
}

/// A file the import cannot take, as field errors a person can act on.
fn import_error(error: ImportError) -> ApiError {
    let invalid =
        |field: &str, code: &str| ApiError::InvalidInput(vec![FieldError::new(field, code)]);
    match error {
        ImportError::File(FileProblem::Unreadable) => invalid("file", "import.unreadable"),
        ImportError::File(FileProblem::Empty) => invalid("file", "import.empty"),
        ImportError::File(FileProblem::TooManyRows { .. }) => {
            invalid("file", "import.too_many_rows")
        }
        ImportError::File(FileProblem::MissingColumns { columns }) => ApiError::InvalidInput(
            columns
                .iter()
                .map(|c| FieldError::new(c, "import.column_missing"))
                .collect(),
        ),
        ImportError::File(FileProblem::DuplicateColumn { column }) => {
            invalid(&column, "import.column_repeated")
        }
        ImportError::ConsentNotConfirmed => invalid("consent_collected", "consent.required"),
        ImportError::Database(e) => e.into(),
        other => ApiError::Internal(other.into()),
    }
}
