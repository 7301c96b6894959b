//! Members: registration by the pengurus, lists for officers and admins, and each member's
//! own record and its access log. Full NIKs reach only the member and the pengurus; every
//! time someone else's full NIK is shown, the audit log records who saw it.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use kopdes_domain::account::Role;
use kopdes_domain::api::FieldError;
use kopdes_domain::member::{
    AccessLogEntry, Leaving, Member, MemberPage, MemberRegistration, MemberStatus, RegisteredMember,
};
use kopdes_domain::region::RegionCode;
use serde::Deserialize;
use serde_json::json;

use crate::accounts::{self, CreateUserError};
use crate::audit::{self, Entry};
use crate::caller::Caller;
use crate::clock::today;
use crate::cooperatives;
use crate::error::ApiError;
use crate::members::{self, ListQuery, NewMember, StoredMember};
use crate::regions;
use crate::routes::cooperatives::visible;
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const PER_PAGE: i64 = 25;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, register))
        .routes(routes!(show))
        .routes(routes!(access_log))
        .routes(routes!(leave))
        .routes(routes!(reissue_code))
        .routes(routes!(mine))
}

/// Registers a member of the cooperative, with their consent (its pengurus).
///
/// With `create_account` the member also gets a sign-in account (a phone is then required)
/// and a one-time activation code to hand over. One active membership per NIK in the whole
/// programme.
#[utoipa::path(post, path = "/cooperatives/{id}/members", tag = "members",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 201, description = "Registered, with the full NIK, and the activation code \
            when an account was made.", body = RegisteredMember),
        (status = 403, description = "`forbidden`: not a pengurus of this cooperative."),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's \
            to see."),
        (status = 422, description = "`invalid_input`: `nik` (`nik.length`, \
            `nik.not_digits`, `nik.district`, `nik.unknown_district`, `nik.birth_date`, \
            `nik.future_birth_date`, `nik.serial`, `nik.taken`: nothing said about the other \
            record), `name` (`required`, `text.too_long`), `phone` (`required` with \
            `create_account`, `phone.format`, `phone.length`, `phone.taken`), `join_date` \
            (`date.future`), `address` (`text.too_long`), `consent` (`consent.required`: not \
            the current notice version)."),
    ))]
#[tracing::instrument(name = "members.register", skip_all)]
async fn register(
    State(state): State<AppState>,
    caller: Caller,
    Path(cooperative_id): Path<String>,
    Json(request): Json<MemberRegistration>,
) -> Result<(StatusCode, Json<RegisteredMember>), ApiError> {
    let cooperative = visible(&state, &caller, &cooperative_id).await?;
    if !caller.has_role_in(&cooperative.id, Role::Pengurus) {
        return Err(ApiError::Forbidden);
    }
    let valid = request.parse(today()).map_err(ApiError::InvalidInput)?;
    // The NIK's district must exist: a typo in the first six digits is the commonest mistake.
    if regions::find(&state.db, &valid.facts.district)
        .await?
        .is_none()
    {
        return Err(ApiError::InvalidInput(vec![FieldError::new(
            "nik",
            "nik.unknown_district",
        )]));
    }

    let mut tx = state.db.writer.begin().await?;
    // Names neither the cooperative nor the person already holding this NIK.
    if members::nik_is_active(&mut tx, &state.vault, valid.nik.expose()).await? {
        return Err(ApiError::InvalidInput(vec![FieldError::new(
            "nik",
            "nik.taken",
        )]));
    }
    let (user_id, code) = match (&valid.phone, request.create_account) {
        (Some(phone), true) => {
            match accounts::create_in(&mut tx, phone, &valid.name, Some(caller.id())).await {
                Ok((id, code)) => (Some(id), Some(code)),
                Err(CreateUserError::PhoneTaken) => {
                    return Err(ApiError::InvalidInput(vec![FieldError::new(
                        "phone",
                        "phone.taken",
                    )]));
                }
                Err(other) => return Err(other.into()),
            }
        }
        _ => (None, None),
    };
    let id = uuid::Uuid::now_v7().to_string();
    members::insert(
        &mut tx,
        &state.vault,
        NewMember {
            id: &id,
            cooperative_id: &cooperative.id,
            user_id: user_id.as_deref(),
            valid: &valid,
            consent_notice_version: &request.consent_notice_version,
            recorded_by: caller.id(),
        },
    )
    .await
    .map_err(ApiError::taken_at("nik", "nik.taken"))?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action: "member.registered",
            entity: "member",
            entity_id: &id,
            cooperative_id: Some(&cooperative.id),
            details: Some(json!({ "consent_notice_version": request.consent_notice_version, "account": user_id.is_some() })),
        },
    )
    .await?;
    tx.commit().await?;

    let member = members::find(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?
        .reveal(&state.vault)?;
    Ok((
        StatusCode::CREATED,
        Json(RegisteredMember {
            member,
            activation_code: code,
        }),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// Only members whose name contains this, in any case.
    q: Option<String>,
    /// Only members with this status; absent: all.
    status: Option<MemberStatus>,
    /// The page, from 1 (25 members a page); absent: the first.
    page: Option<i64>,
}

/// A page of the cooperative's members (its pengurus and pengawas, admins of its region).
///
/// NIKs always masked.
#[utoipa::path(get, path = "/cooperatives/{id}/members", tag = "members",
    params(("id" = String, Path, description = "The cooperative"), ListParams),
    responses(
        (status = 200, description = "25 a page, by name; NIKs masked.", body = MemberPage),
        (status = 403, description = "`forbidden`: a member who is neither its pengurus nor \
            its pengawas."),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's \
            to see."),
    ))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(cooperative_id): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<Json<MemberPage>, ApiError> {
    let cooperative = visible(&state, &caller, &cooperative_id).await?;
    let officer = caller.has_role_in(&cooperative.id, Role::Pengurus)
        || caller.has_role_in(&cooperative.id, Role::Pengawas);
    if !officer && !caller.administers(&cooperative.village) {
        return Err(ApiError::Forbidden);
    }
    // Past the last page is an empty page, however far past: the offset must not overflow.
    let page = params.page.unwrap_or(1).clamp(1, i64::MAX / PER_PAGE);
    let (found, total) = members::list(
        &state.db,
        ListQuery {
            cooperative_id: &cooperative.id,
            name: params.q.as_deref(),
            status: params.status,
            page,
            per_page: PER_PAGE,
        },
    )
    .await?;
    Ok(Json(MemberPage {
        members: found
            .into_iter()
            .map(|m| m.masked(&state.vault))
            .collect::<anyhow::Result<_>>()?,
        total,
        page,
        per_page: PER_PAGE,
    }))
}

/// Who may see this record, and whether with the full NIK.
enum View {
    Full,
    Masked,
}

async fn view_of(
    state: &AppState,
    caller: &Caller,
    stored: &StoredMember,
    cooperative_id: &str,
) -> Result<View, ApiError> {
    if stored.user_id.as_deref() == Some(caller.id())
        || caller.has_role_in(cooperative_id, Role::Pengurus)
    {
        return Ok(View::Full);
    }
    let village: Option<RegionCode> = cooperatives::find(&state.db, cooperative_id)
        .await?
        .map(|c| c.village);
    if caller.has_role_in(cooperative_id, Role::Pengawas)
        || village.is_some_and(|v| caller.administers(&v))
    {
        return Ok(View::Masked);
    }
    Err(ApiError::NotFound)
}

/// One member's record (the member, the cooperative's officers, admins of its region).
///
/// The member and the pengurus get the full NIK (a pengurus' view is written to the audit
/// log); the pengawas and admins of its region get it masked.
#[utoipa::path(get, path = "/members/{id}", tag = "members",
    params(("id" = String, Path, description = "The member")),
    responses(
        (status = 200, description = "The member, with the full or the masked NIK.",
            body = Member),
        (status = 404, description = "`not_found`: no such member, or not the caller's to \
            see."),
    ))]
async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Member>, ApiError> {
    let stored = members::find(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let cooperative_id = stored.masked_cooperative_id();
    match view_of(&state, &caller, &stored, &cooperative_id).await? {
        View::Masked => Ok(Json(stored.masked(&state.vault)?)),
        View::Full => {
            let own = stored.user_id.as_deref() == Some(caller.id());
            if !own {
                let mut conn = state.db.writer.acquire().await?;
                audit::record(
                    &mut conn,
                    Entry {
                        actor: Some(caller.id()),
                        action: "member.nik_viewed",
                        entity: "member",
                        entity_id: &id,
                        cooperative_id: Some(&cooperative_id),
                        details: None,
                    },
                )
                .await?;
            }
            Ok(Json(stored.reveal(&state.vault)?))
        }
    }
}

/// Who registered, changed or looked at a member's data (the member, the pengurus).
///
/// For the member themselves and the pengurus answerable for it.
#[utoipa::path(get, path = "/members/{id}/access-log", tag = "members",
    params(("id" = String, Path, description = "The member")),
    responses(
        (status = 200, description = "Newest first, at most 200.", body = Vec<AccessLogEntry>),
        (status = 403, description = "`forbidden`: a pengawas or an admin, who see the record \
            but not its log."),
        (status = 404, description = "`not_found`: no such member, or not the caller's to \
            see."),
    ))]
async fn access_log(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<AccessLogEntry>>, ApiError> {
    let stored = members::find(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let cooperative_id = stored.masked_cooperative_id();
    if !matches!(
        view_of(&state, &caller, &stored, &cooperative_id).await?,
        View::Full
    ) {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(audit::log_of(&state.db, "member", &id).await?))
}

/// The caller's own member records, with their own NIK (anyone signed in).
#[utoipa::path(get, path = "/me/members", tag = "members",
    responses(
        (status = 200, description = "By date of joining; full NIKs.", body = Vec<Member>),
    ))]
async fn mine(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Member>>, ApiError> {
    let stored = members::of_user(&state.db, caller.id()).await?;
    let members = stored
        .into_iter()
        .map(|m| m.reveal(&state.vault))
        .collect::<anyhow::Result<_>>()?;
    Ok(Json(members))
}

/// Records that a member left (the cooperative's pengurus).
///
/// Their NIK is then free for a membership elsewhere.
#[utoipa::path(post, path = "/members/{id}/leave", tag = "members",
    params(("id" = String, Path, description = "The member")),
    responses(
        (status = 200, description = "Left; the member at its new version, NIK masked.",
            body = Member),
        (status = 403, description = "`forbidden`: not a pengurus of its cooperative."),
        (status = 404, description = "`not_found`: no such member, or not the caller's to \
            see."),
        (status = 409, description = "`conflict`: not at `version` (changed meanwhile; read it \
            again), or already left."),
        (status = 422, description = "`invalid_input`: `left_on` (`date.future`, \
            `date.before_join`), `reason` (`required`, `text.too_long`)."),
    ))]
#[tracing::instrument(name = "members.leave", skip_all)]
async fn leave(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(request): Json<Leaving>,
) -> Result<Json<Member>, ApiError> {
    let stored = members::find(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let cooperative_id = stored.masked_cooperative_id();
    view_of(&state, &caller, &stored, &cooperative_id).await?;
    if !caller.has_role_in(&cooperative_id, Role::Pengurus) {
        return Err(ApiError::Forbidden);
    }
    let member = stored.masked(&state.vault)?;
    let errors = request.validate(member.join_date, today());
    if !errors.is_empty() {
        return Err(ApiError::InvalidInput(errors));
    }
    let mut tx = state.db.writer.begin().await?;
    if !members::leave(
        &mut tx,
        &id,
        request.version,
        request.left_on,
        &request.reason,
    )
    .await?
    {
        return Err(ApiError::Conflict);
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action: "member.left",
            entity: "member",
            entity_id: &id,
            cooperative_id: Some(&cooperative_id),
            details: Some(json!({ "left_on": request.left_on.to_string() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(
        members::find(&state.db, &id)
            .await?
            .ok_or(ApiError::NotFound)?
            .masked(&state.vault)?,
    ))
}

/// Issues a new activation code for a member's account (the cooperative's pengurus).
///
/// For a lost code or a forgotten password; the member sees it in their account's history.
/// Only for an account that holds no role beyond membership of this cooperative (else a
/// wider scope resets it: see `POST /officers/{id}/activation-code`).
#[utoipa::path(post, path = "/members/{id}/activation-code", tag = "members",
    params(("id" = String, Path, description = "The member")),
    responses(
        (status = 200, description = "The new one-time code; the old one no longer works.",
            body = kopdes_domain::account::IssuedCode),
        (status = 403, description = "`forbidden`: not a pengurus of its cooperative, or the \
            account holds a role outside the caller's scope."),
        (status = 404, description = "`not_found`: no such member, or not the caller's to \
            see."),
        (status = 422, description = "`invalid_input`: `member` (`member.no_account`): the \
            member has no account."),
    ))]
#[tracing::instrument(name = "members.reissue_code", skip_all)]
async fn reissue_code(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<kopdes_domain::account::IssuedCode>, ApiError> {
    let stored = members::find(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let cooperative_id = stored.masked_cooperative_id();
    view_of(&state, &caller, &stored, &cooperative_id).await?;
    if !caller.has_role_in(&cooperative_id, Role::Pengurus) {
        return Err(ApiError::Forbidden);
    }
    let Some(user_id) = stored.user_id.clone() else {
        return Err(ApiError::InvalidInput(vec![FieldError::new(
            "member",
            "member.no_account",
        )]));
    };
    let mut tx = state.db.writer.begin().await?;
    let code = accounts::reissue_code_in(&mut tx, &user_id, caller.id()).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(caller.id()),
            action: "member.activation_code_issued",
            entity: "member",
            entity_id: &id,
            cooperative_id: Some(&cooperative_id),
            details: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(kopdes_domain::account::IssuedCode {
        activation_code: code,
    }))
}
