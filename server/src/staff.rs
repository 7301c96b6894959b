//! Staff roles: who administers which place, how they are appointed, removed, disabled and
//! listed. Shared by the API (`routes/staff.rs`) and the operator's command line (`cli.rs`).

use kopdes_domain::account::Role;
use kopdes_domain::phone::Phone;
use kopdes_domain::region::RegionCode;
use kopdes_domain::staff::{StaffMember, StaffPage, StaffWork};
use serde_json::json;
use sqlx::{AnyConnection, Row};

use crate::accounts::{self, CreateUserError};
use crate::clock::now_millis;
use crate::db::Db;

/// Which staff a list shows: everyone (the ministry, the operator) or the admins of places
/// strictly inside a region (a province admin sees its regencies' admins) plus the caller.
#[derive(Debug, Clone)]
pub enum Scope {
    Country,
    Inside {
        region: RegionCode,
        caller_id: String,
    },
}

/// A page of staff, filtered by a search over name and phone.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub search: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

#[tracing::instrument(name = "staff.list", skip_all)]
pub async fn list(db: &Db, scope: &Scope, filter: &Filter) -> Result<StaffPage, sqlx::Error> {
    // One shape of query for every scope: the parameters decide what it leaves out.
    let (region_prefix, caller_id) = match scope {
        Scope::Country => (None, None),
        Scope::Inside { region, caller_id } => (
            Some(format!("{}.%", region.as_str())),
            Some(caller_id.clone()),
        ),
    };
    let search = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| format!("%{}%", s.to_lowercase().replace(['%', '_'], "")));
    let phone_search = search.as_ref().map(|s| s.replace([' ', '-'], ""));
    let condition = "($1 IS NULL OR s.region_code LIKE $1 OR s.user_id = $2) \
         AND ($3 IS NULL OR LOWER(u.name) LIKE $3 OR u.phone LIKE $4 \
              OR LOWER(COALESCE(r.name, '')) LIKE $3)";
    let from = "FROM staff_roles s JOIN users u ON u.id = s.user_id \
         LEFT JOIN regions r ON r.code = s.region_code \
         LEFT JOIN users g ON g.id = s.granted_by";
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) {from} WHERE {condition}"
    )))
    .bind(&region_prefix)
    .bind(&caller_id)
    .bind(&search)
    .bind(&phone_search)
    .fetch_one(&db.pool)
    .await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT s.user_id, u.name, u.phone, s.role, s.region_code, r.name AS place, \
         u.password_hash IS NOT NULL AS activated, u.disabled_at, s.granted_at, \
         g.name AS granted_by {from} WHERE {condition} \
         ORDER BY s.role DESC, s.region_code, u.name, s.user_id LIMIT $5 OFFSET $6"
    )))
    .bind(&region_prefix)
    .bind(&caller_id)
    .bind(&search)
    .bind(&phone_search)
    .bind(filter.limit)
    .bind(filter.offset)
    .fetch_all(&db.pool)
    .await?;
    let items = rows.iter().map(member).collect::<Result<_, _>>()?;
    Ok(StaffPage {
        items,
        total,
        offset: filter.offset,
        limit: filter.limit,
    })
}

fn member(row: &sqlx::any::AnyRow) -> Result<StaffMember, sqlx::Error> {
    let decode = |e: String| sqlx::Error::Decode(e.into());
    let role: String = row.try_get("role")?;
    let phone: String = row.try_get("phone")?;
    let region: Option<String> = row.try_get("region_code")?;
    Ok(StaffMember {
        user_id: row.try_get("user_id")?,
        name: row.try_get("name")?,
        phone: Phone::parse(&phone).map_err(|e| decode(e.to_string()))?,
        role: Role::parse(&role).ok_or_else(|| decode(format!("unknown role {role}")))?,
        region: region
            .map(|r| RegionCode::parse(&r))
            .transpose()
            .map_err(|e| decode(e.to_string()))?,
        place: row.try_get("place")?,
        activated: row
            .try_get::<bool, _>("activated")
            .or_else(|_| row.try_get::<i64, _>("activated").map(|v| v != 0))?,
        disabled: row.try_get::<Option<i64>, _>("disabled_at")?.is_some(),
        granted_at: row.try_get("granted_at")?,
        granted_by: row.try_get("granted_by")?,
    })
}

/// The dinas admin role an account holds, if any, with its region.
pub async fn dinas_region(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<Option<RegionCode>, sqlx::Error> {
    let region: Option<Option<String>> = sqlx::query_scalar(
        "SELECT region_code FROM staff_roles WHERE user_id = $1 AND role = 'dinas_admin'",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    region
        .flatten()
        .map(|r| RegionCode::parse(&r))
        .transpose()
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Why an appointment was not made.
#[derive(Debug, thiserror::Error)]
pub enum AppointError {
    #[error(transparent)]
    Account(#[from] CreateUserError),
    /// The account already holds a staff role of this kind (one region per dinas admin).
    #[error("the account already holds this role")]
    AlreadyHeld,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Gives an account (found by phone, or made with a one-time code) a staff role. An existing
/// account is only named once `existing_confirmed`; its holder keeps their password and sees
/// the appointment in their account's history.
#[tracing::instrument(name = "staff.appoint", skip_all, fields(role = role.as_str()))]
pub async fn appoint_in(
    conn: &mut AnyConnection,
    name: &str,
    phone: &Phone,
    role: Role,
    region: Option<&RegionCode>,
    appointed_by: Option<&str>,
    existing_confirmed: bool,
) -> Result<(String, Option<String>), AppointError> {
    let existing = accounts::id_by_phone(conn, phone).await?;
    if let Some(id) = &existing
        && holds(conn, id, role).await?
    {
        return Err(AppointError::AlreadyHeld);
    }
    let (user_id, code) = match existing {
        Some(_) if !existing_confirmed => {
            return Err(CreateUserError::ExistingNotConfirmed.into());
        }
        Some(id) => (id, None),
        None => {
            let (id, code) = accounts::create_in(conn, phone, name, appointed_by).await?;
            (id, Some(code))
        }
    };
    let inserted = sqlx::query(
        "INSERT INTO staff_roles (user_id, role, region_code, granted_at, granted_by) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, role) DO NOTHING",
    )
    .bind(&user_id)
    .bind(role.as_str())
    .bind(region.map(RegionCode::as_str))
    .bind(now_millis())
    .bind(appointed_by)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(AppointError::AlreadyHeld);
    }
    let details = json!({ "role": role.as_str(), "region": region.map(RegionCode::as_str) });
    record(conn, appointed_by, "staff.appointed", &user_id, details).await?;
    Ok((user_id, code))
}

async fn holds(conn: &mut AnyConnection, user_id: &str, role: Role) -> Result<bool, sqlx::Error> {
    let held: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM staff_roles WHERE user_id = $1 AND role = $2")
            .bind(user_id)
            .bind(role.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(held.is_some())
}

/// Takes a staff role away. Returns whether the account held it.
#[tracing::instrument(name = "staff.remove", skip_all)]
pub async fn remove_in(
    conn: &mut AnyConnection,
    user_id: &str,
    role: Role,
    removed_by: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let region = dinas_region(conn, user_id).await?;
    let removed = sqlx::query("DELETE FROM staff_roles WHERE user_id = $1 AND role = $2")
        .bind(user_id)
        .bind(role.as_str())
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if removed > 0 {
        let details =
            json!({ "role": role.as_str(), "region": region.as_ref().map(RegionCode::as_str) });
        record(conn, removed_by, "staff.removed", user_id, details).await?;
    }
    Ok(removed > 0)
}

/// Disables or enables an account. Disabling ends every session it has at once: the next
/// request from any of its phones is answered `401`.
#[tracing::instrument(name = "staff.set_disabled", skip_all, fields(disabled))]
pub async fn set_disabled_in(
    conn: &mut AnyConnection,
    user_id: &str,
    disabled: bool,
    by: Option<&str>,
    reason: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let now = now_millis();
    let changed = if disabled {
        sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL")
            .bind(user_id)
            .bind(now)
            .execute(&mut *conn)
            .await?
    } else {
        sqlx::query("UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL")
            .bind(user_id)
            .execute(&mut *conn)
            .await?
    }
    .rows_affected()
        > 0;
    if disabled {
        sqlx::query(
            "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(user_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    if changed {
        let action = if disabled {
            "account.disabled"
        } else {
            "account.enabled"
        };
        record(conn, by, action, user_id, json!({ "reason": reason })).await?;
    }
    Ok(changed)
}

/// Audits a staff action against the account it concerns; with no actor it was the operator,
/// on the command line.
async fn record(
    conn: &mut AnyConnection,
    actor: Option<&str>,
    action: &str,
    user_id: &str,
    mut details: serde_json::Value,
) -> Result<(), sqlx::Error> {
    if actor.is_none() {
        details["by"] = json!("operator");
    }
    crate::audit::record(
        conn,
        crate::audit::Entry {
            actor,
            action,
            entity: "user",
            entity_id: user_id,
            cooperative_id: None,
            details: Some(details),
        },
    )
    .await
}

/// What waits for an admin of `regions` (`None`: the whole country).
#[tracing::instrument(name = "staff.work", skip_all)]
pub async fn work(db: &Db, region: Option<&RegionCode>) -> Result<StaffWork, sqlx::Error> {
    let village_prefix = region.map(|r| format!("{}.%", r.as_str()));
    let row = sqlx::query(
        "SELECT \
           COALESCE(SUM(CASE WHEN status = 'submitted' THEN 1 ELSE 0 END), 0) AS awaiting, \
           MIN(CASE WHEN status = 'submitted' THEN submitted_at END) AS oldest, \
           COALESCE(SUM(CASE WHEN status = 'returned' THEN 1 ELSE 0 END), 0) AS returned, \
           COALESCE(SUM(CASE WHEN status = 'draft' THEN 1 ELSE 0 END), 0) AS drafts \
         FROM cooperatives WHERE ($1 IS NULL OR village_code LIKE $1)",
    )
    .bind(&village_prefix)
    .fetch_one(&db.pool)
    .await?;
    let staff_not_activated: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM staff_roles s JOIN users u ON u.id = s.user_id \
         WHERE u.password_hash IS NULL AND u.disabled_at IS NULL \
         AND ($1 IS NULL OR s.region_code LIKE $1)",
    )
    .bind(&village_prefix)
    .fetch_one(&db.pool)
    .await?;
    Ok(StaffWork {
        awaiting_verification: row.try_get("awaiting")?,
        oldest_submitted_at: row.try_get("oldest")?,
        returned: row.try_get("returned")?,
        drafts: row.try_get("drafts")?,
        staff_not_activated,
    })
}
