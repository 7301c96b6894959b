//! `POST /api/sync/push`: a device's queued operations, each applied exactly once; and
//! `GET /api/sync/pull`: what changed in the caller's scope since a cursor (docs/SYNC.md).

use axum::Json;
use axum::extract::{Query, State};
use kopdes_domain::api::FieldError;
use kopdes_domain::sync::{
    Change, ID_REUSED, MAX_BATCH, Operation, OperationResult, Outcome, PULL_PAGE, PullResponse,
    PushResponse, Record, Removed,
};
use serde::Deserialize;
use serde_json::Value;
use sqlx::AnyConnection;

use crate::caller::Caller;
use crate::changes::{self, Entity};
use crate::cooperatives;
use crate::error::ApiError;
use crate::routes::change_requests::{check_data_change, write_data_change};
use crate::routes::cooperatives::{check_profile_change, write_profile_change};
use crate::routes::forms::{check_response, write_response};
use crate::routes::{courses, events, savings};
use crate::secrets::sha256_hex;
use crate::startup::AppState;
use crate::sync_operations;
use crate::units;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(push))
        .routes(routes!(pull))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PullQuery {
    /// The `cursor` of the last pull, as it was; without it, the whole scope.
    cursor: Option<String>,
}

/// Brings what changed in the caller's cooperatives since a cursor (anyone signed in).
///
/// The caller's cooperatives, their business units and officers: all of them without a cursor,
/// else those changed after it, each once, as it is now. Admins read their regions through the
/// REST lists; their pull is empty until the dashboards define what a region's device keeps.
///
/// A cursor is `<change number>.<scope>`, the scope being a short hash of the caller's
/// cooperatives: when those change (a new term, a membership ended) the log alone cannot say
/// which records came into or left view, so the answer is the whole scope again, `reset`.
#[utoipa::path(get, path = "/sync/pull", tag = "sync",
    params(PullQuery),
    responses(
        (status = 200, description = "The records changed since the cursor, each once and as it \
            is now, in the order of their last change, with `removed` for those that no longer \
            exist, and the next `cursor`. `reset: true` (always without a cursor, and when the \
            caller's cooperatives changed since it): `records` is the whole scope; drop every \
            other record of this account. `more: true`: pull again at once with the new \
            cursor (at most 200 changes are read per pull).", body = PullResponse),
        (status = 400, description = "`bad_request`: the cursor cannot be read; pull again \
            without one."),
    ))]
#[tracing::instrument(name = "sync.pull", skip_all)]
async fn pull(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<PullQuery>,
) -> Result<Json<PullResponse>, ApiError> {
    let mut scope = caller.cooperative_ids();
    scope.sort_unstable();
    scope.dedup();
    let scope_tag = sha256_hex(&scope.join(","))[..12].to_owned();
    let after = match query.cursor.as_deref() {
        None => None,
        Some(cursor) => {
            let (seq, tag) = cursor
                .split_once('.')
                .and_then(|(seq, tag)| Some((seq.parse::<i64>().ok()?, tag)))
                .ok_or_else(|| {
                    ApiError::BadRequest("cursor: use the cursor of the last pull".into())
                })?;
            (tag == scope_tag).then_some(seq)
        }
    };
    let Some(after) = after else {
        // The number first: a change committed while the snapshot is read comes again in the
        // next pull, which is harmless; one missed would not be.
        let seq = changes::latest(&state.db.pool).await?;
        let mut records = Vec::new();
        for id in &scope {
            if let Some(cooperative) = cooperatives::find(&state.db, id).await? {
                records.push(Record::Cooperative(cooperative));
                records.extend(
                    units::of_cooperative(&state.db, id)
                        .await?
                        .into_iter()
                        .map(Record::Unit),
                );
                records.extend(
                    cooperatives::officers(&state.db, id)
                        .await?
                        .into_iter()
                        .map(Record::Officer),
                );
            }
        }
        return Ok(Json(PullResponse {
            cursor: format!("{seq}.{scope_tag}"),
            reset: true,
            more: false,
            records,
            removed: Vec::new(),
        }));
    };
    let logged = changes::since(&state.db.pool, &scope, after, PULL_PAGE + 1).await?;
    let more = logged.len() > PULL_PAGE as usize;
    let page = &logged[..logged.len().min(PULL_PAGE as usize)];
    let seq = page.last().map_or(after, |c| c.seq);
    // A record changed several times is sent once, as it is now, in the order of its last change.
    let mut latest: Vec<(Entity, &str)> = Vec::new();
    for change in page.iter().rev() {
        let key = (change.entity, change.record_id.as_str());
        if !latest.contains(&key) {
            latest.push(key);
        }
    }
    latest.reverse();
    let (mut records, mut removed) = (Vec::new(), Vec::new());
    for (entity, id) in latest {
        let record = match entity {
            Entity::Cooperative => cooperatives::find(&state.db, id)
                .await?
                .map(Record::Cooperative),
            Entity::Unit => units::find(&state.db, id).await?.map(Record::Unit),
            Entity::Officer => cooperatives::find_officer(&state.db, id)
                .await?
                .map(Record::Officer),
        };
        match record {
            Some(record) => records.push(record),
            None => removed.push(Removed {
                kind: entity.as_str().to_owned(),
                id: id.to_owned(),
            }),
        }
    }
    Ok(Json(PullResponse {
        cursor: format!("{seq}.{scope_tag}"),
        reset: false,
        more,
        records,
        removed,
    }))
}

/// Applies a device's queued operations, each exactly once (anyone signed in).
///
/// Operations are answered one by one, in the order sent, each in its own transaction: one
/// that fails never holds back the rest, and each result says what became of its operation.
/// Each is read on its own, so one this server cannot read (a bad date, a kind from a newer
/// app) is answered `rejected` instead of failing the whole push again and again.
#[utoipa::path(post, path = "/sync/push", tag = "sync",
    request_body(content = RawPush, description = "At most 100 operations, oldest first, \
        each resent exactly as first made (docs/SYNC.md)."),
    responses(
        (status = 200, description = "One result per operation, in the order sent: `applied` \
            (the record is now at `version`); `duplicate` (answered before with the same \
            content, nothing done now; `of` is the first answer); `conflict` (the record is no \
            longer at `base_version` or can no longer be changed, nothing done; `server` is the \
            record as it is now); `rejected` (not done, and sending it again will not help: \
            `code` is `invalid_input` with `fields`, `forbidden`, `not_found`, `conflict`, \
            `bad_request`, or `operation.id_reused` for an id used before with other content). \
            A conflict or rejection never holds back the operations after it.",
            body = PushResponse),
        (status = 401, description = "`unauthenticated`: `account` is not the signed-in account; \
            nothing was applied."),
        (status = 422, description = "`invalid_input`, nothing applied: `operations` \
            (`sync.batch_too_large`: over 100; `operation.id`: an operation without an `id` \
            of 1 to 64 characters)."),
    ))]
#[tracing::instrument(name = "sync.push", skip_all, fields(operations = request.operations.len()))]
async fn push(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<RawPush>,
) -> Result<Json<PushResponse>, ApiError> {
    // A shared phone: the outbox belongs to the account that made the operations, the cookie
    // to whoever signed in last. Operations are never applied in another person's name.
    if request.account.as_deref().is_some_and(|a| a != caller.id()) {
        return Err(ApiError::Unauthenticated);
    }
    if request.operations.len() > MAX_BATCH {
        return Err(ApiError::InvalidInput(vec![FieldError::new(
            "operations",
            "sync.batch_too_large",
        )]));
    }
    let mut results = Vec::with_capacity(request.operations.len());
    for raw in request.operations {
        // Without its id an operation cannot be answered at all: the push is malformed.
        let id = raw
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty() && id.len() <= 64 && !id.contains('\0'))
            .ok_or_else(|| {
                ApiError::InvalidInput(vec![FieldError::new("operations", "operation.id")])
            })?
            .to_owned();
        let outcome = answer(&state, &caller, &id, raw).await?;
        let kind = match &outcome {
            Outcome::Applied { .. } => "applied",
            Outcome::Conflict { .. } => "conflict",
            Outcome::Rejected { .. } => "rejected",
            Outcome::Duplicate { .. } => "duplicate",
        };
        metrics::counter!("kopdes_sync_operations_total", "outcome" => kind).increment(1);
        results.push(OperationResult { id, outcome });
    }
    Ok(Json(PushResponse { results }))
}

// `PushRequest` as received: operations stay raw JSON until each is read on its own.
/// A batch of a device's outbox.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = PushRequest)]
struct RawPush {
    /// The account that made the operations. When given and not the signed-in one, the push is
    /// answered 401 and nothing is applied.
    account: Option<String>,
    #[schema(schema_with = operations_schema)]
    operations: Vec<Value>,
}

/// Each item is meant to be an `Operation`, and is described as one; but the server reads each
/// on its own, so anything else in the list is answered `rejected` (`operation.unreadable`)
/// rather than refusing the push, and the description must say so or a fuzzer would call that
/// a schema-violating request accepted.
fn operations_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{AnyOfBuilder, ArrayBuilder, ObjectBuilder, Ref, Type};
    let id = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(64));
    ArrayBuilder::new()
        .items(
            AnyOfBuilder::new()
                .item(Ref::from_schema_name("Operation"))
                .item(
                    ObjectBuilder::new()
                        .property("id", id)
                        .required("id")
                        .description(Some(
                            "Anything else with an `id`: answered `rejected` with \
                             `operation.unreadable`. Without an `id` the push is refused (422).",
                        )),
                ),
        )
        .max_items(Some(kopdes_domain::sync::MAX_BATCH))
        .description(Some(
            "At most 100 `Operation`s, oldest first; each is read and answered on its own.",
        ))
        .build()
}

/// The answer to one operation: the stored one if its id was answered before, else the result
/// of applying it, stored in the same transaction as the change.
#[tracing::instrument(name = "sync.operation", skip_all)]
async fn answer(
    state: &AppState,
    caller: &Caller,
    id: &str,
    raw: Value,
) -> Result<Outcome, ApiError> {
    let account = caller.id();
    // The operation as the device sent it, not as this server's types read it: the same content
    // sent again has the same hash, whatever a later server version makes of it.
    let hash = sha256_hex(&raw.to_string());
    let has_nul = holds_nul(&raw);
    if let Some(earlier) = sync_operations::find(&state.db.pool, account, id).await? {
        return earlier_answer(earlier, &hash);
    }
    // Who may do it and whether it is valid: reads only, before the transaction.
    let checked = match serde_json::from_value::<Operation>(raw) {
        // PostgreSQL cannot store the NUL character; refused here, the same on every database.
        Ok(_) if has_nul => Err(ApiError::InvalidInput(vec![FieldError::new(
            "operation",
            "text.nul",
        )])),
        Ok(operation) => check(state, caller, &operation)
            .await
            .map(|late| (operation, late)),
        Err(_) => Err(ApiError::InvalidInput(vec![FieldError::new(
            "operation",
            "operation.unreadable",
        )])),
    };

    let mut tx = state.db.writer.begin().await?;
    if !sync_operations::claim(&mut tx, account, id, &hash).await? {
        // Delivered twice at once: the other delivery committed first.
        drop(tx);
        let earlier = sync_operations::find(&state.db.pool, account, id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("claimed operation {id} has no record"))?;
        return earlier_answer(earlier, &hash);
    }
    let outcome = match checked {
        Ok((operation, late)) => match write(state, caller, &mut tx, &operation, late).await {
            Ok(version) => Outcome::Applied { version },
            Err(ApiError::Conflict) if operation.base_version.is_some() => Outcome::Conflict {
                server: Box::new(current(&mut tx, &operation).await?),
            },
            Err(refused) => rejected(refused)?,
        },
        Err(refused) => rejected(refused)?,
    };
    let stored = serde_json::to_string(&outcome).map_err(anyhow::Error::from)?;
    sync_operations::answer(&mut tx, account, id, &stored).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Who may do it and whether it is valid. `Ok(true)`: a form response after its deadline.
async fn check(state: &AppState, caller: &Caller, operation: &Operation) -> Result<bool, ApiError> {
    match &operation.change {
        Change::CooperativeProfile(profile) => {
            if operation.base_version.is_none() {
                return Err(ApiError::InvalidInput(vec![FieldError::new(
                    "base_version",
                    "required",
                )]));
            }
            check_profile_change(state, caller, &operation.record_id, profile)
                .await
                .map(|()| false)
        }
        Change::FormResponse(response) => {
            new_record(operation, "form.response_id")?;
            check_response(state, caller, response).await
        }
        Change::MemberDataChange(change) => {
            new_record(operation, "member.request_id")?;
            check_data_change(state, caller, change)
                .await
                .map(|()| false)
        }
        Change::LessonDone(done) => {
            new_record(operation, "course.record_id")?;
            courses::check_lesson_done(state, caller, done)
                .await
                .map(|()| false)
        }
        Change::QuizAttempt(attempt) => {
            new_record(operation, "course.record_id")?;
            courses::check_attempt(state, caller, attempt)
                .await
                .map(|()| false)
        }
        Change::EventRegistration(registration) => {
            new_record(operation, "event.record_id")?;
            events::check_registration(state, caller, registration)
                .await
                .map(|()| false)
        }
        Change::SavingsEntry(entry) => {
            new_record(operation, "savings.record_id")?;
            savings::check_entry(state, caller, entry)
                .await
                .map(|()| false)
        }
    }
}

/// A record made on the device is created once: no earlier version, and a UUID for an id.
fn new_record(operation: &Operation, code: &str) -> Result<(), ApiError> {
    if operation.base_version.is_some() || uuid::Uuid::parse_str(&operation.record_id).is_err() {
        return Err(ApiError::InvalidInput(vec![FieldError::new(
            "record_id",
            code,
        )]));
    }
    Ok(())
}

/// Applies a checked operation; the record's new version.
async fn write(
    state: &AppState,
    caller: &Caller,
    tx: &mut AnyConnection,
    operation: &Operation,
    late: bool,
) -> Result<i64, ApiError> {
    match &operation.change {
        Change::CooperativeProfile(profile) => {
            let version = operation.base_version.unwrap_or_default();
            write_profile_change(caller, tx, &operation.record_id, version, profile).await?;
            Ok(version + 1)
        }
        Change::FormResponse(response) => {
            write_response(
                &state.vault,
                caller,
                tx,
                &operation.record_id,
                response,
                late,
            )
            .await?;
            Ok(1)
        }
        Change::MemberDataChange(change) => {
            write_data_change(caller, tx, &operation.record_id, change).await?;
            Ok(1)
        }
        Change::LessonDone(done) => {
            courses::write_lesson_done(caller, tx, done).await?;
            Ok(1)
        }
        Change::QuizAttempt(attempt) => {
            courses::write_attempt(caller, tx, &operation.record_id, attempt).await?;
            Ok(1)
        }
        Change::EventRegistration(registration) => {
            events::write_registration(caller, tx, registration).await?;
            Ok(1)
        }
        Change::SavingsEntry(entry) => {
            savings::write_entry(caller, tx, &operation.record_id, entry).await?;
            Ok(1)
        }
    }
}

/// The record as it is now, for a conflict.
async fn current(tx: &mut AnyConnection, operation: &Operation) -> Result<Record, ApiError> {
    match &operation.change {
        Change::CooperativeProfile(_) => Ok(Record::Cooperative(
            cooperatives::find_in(tx, &operation.record_id)
                .await?
                .ok_or(ApiError::NotFound)?,
        )),
        // Made once and never edited, so they never conflict (a reused record id is refused).
        Change::FormResponse(_)
        | Change::MemberDataChange(_)
        | Change::LessonDone(_)
        | Change::QuizAttempt(_)
        | Change::EventRegistration(_)
        | Change::SavingsEntry(_) => Err(ApiError::Conflict),
    }
}

/// A refusal the person must act on becomes the operation's answer; anything else (the
/// database, a bug) fails the whole request, and the device sends it again later.
fn rejected(refusal: ApiError) -> Result<Outcome, ApiError> {
    match refusal {
        ApiError::InvalidInput(fields) => Ok(Outcome::Rejected {
            code: "invalid_input".into(),
            fields,
        }),
        ApiError::Forbidden | ApiError::NotFound | ApiError::Conflict | ApiError::BadRequest(_) => {
            Ok(Outcome::Rejected {
                code: code_name(&refusal),
                fields: Vec::new(),
            })
        }
        other => Err(other),
    }
}

fn code_name(error: &ApiError) -> String {
    serde_json::to_value(error.code())
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "rejected".into())
}

/// The answer for an id seen before: the first answer again, or a refusal if the content differs.
fn earlier_answer(earlier: sync_operations::Answered, hash: &str) -> Result<Outcome, ApiError> {
    if earlier.payload_sha256 != hash {
        return Ok(Outcome::Rejected {
            code: ID_REUSED.into(),
            fields: Vec::new(),
        });
    }
    let first: Outcome = serde_json::from_str(&earlier.outcome).map_err(anyhow::Error::from)?;
    Ok(Outcome::Duplicate {
        of: Box::new(first),
    })
}

/// Whether any text in a JSON value (key or string) holds U+0000.
fn holds_nul(value: &Value) -> bool {
    match value {
        Value::String(text) => text.contains('\0'),
        Value::Array(items) => items.iter().any(holds_nul),
        Value::Object(fields) => fields
            .iter()
            .any(|(key, value)| key.contains('\0') || holds_nul(value)),
        _ => false,
    }
}
