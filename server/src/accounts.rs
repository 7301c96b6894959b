//! People and what they may do: accounts, activation codes, passwords and role grants.

use std::time::Duration;

use kopdes_domain::account::{ACTIVATION_CODE_DIGITS, Me, Role, RoleGrant};
use kopdes_domain::authority::{self, Holding};
use kopdes_domain::phone::Phone;
use kopdes_domain::region::RegionCode;
use sqlx::{AnyConnection, Row};

use crate::clock::{millis, now_millis, today};
use crate::db::Db;
use crate::secrets::{random_digits, sha256_hex};

/// How long an activation code stays valid: long enough to reach a member in a village
/// without signal, short enough that a lost paper slip goes stale.
pub const ACTIVATION_VALID_FOR: Duration = Duration::from_secs(7 * 24 * 3600);

/// Wrong guesses allowed for one code before it is void and a new one is needed.
pub const ACTIVATION_MAX_FAILURES: i64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("an account with this phone number exists")]
    PhoneTaken,
    /// The phone has an account and the caller has not confirmed it is the person they mean.
    #[error("the phone has an account; its holder was not confirmed")]
    ExistingNotConfirmed,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub phone: Phone,
    pub name: String,
    pub password_hash: Option<String>,
    pub disabled: bool,
}

/// Creates an account that cannot sign in yet, and its one-time activation code (returned in
/// the clear exactly once, for the officer to hand over).
#[tracing::instrument(name = "accounts.create", skip_all)]
pub async fn create(
    db: &Db,
    phone: &Phone,
    name: &str,
    created_by: Option<&str>,
) -> Result<(String, String), CreateUserError> {
    let mut tx = db.writer.begin().await?;
    let created = create_in(&mut tx, phone, name, created_by).await?;
    tx.commit().await?;
    Ok(created)
}

/// [`create`] inside a caller's transaction, so an account and what it is for (a cooperative,
/// an officer's term) are created together or not at all.
pub async fn create_in(
    conn: &mut AnyConnection,
    phone: &Phone,
    name: &str,
    created_by: Option<&str>,
) -> Result<(String, String), CreateUserError> {
    let id = uuid::Uuid::now_v7().to_string();
    let now = now_millis();
    let inserted = sqlx::query(
        "INSERT INTO users (id, phone, name, created_at, created_by) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (phone) DO NOTHING",
    )
    .bind(&id)
    .bind(phone.as_str())
    .bind(name)
    .bind(now)
    .bind(created_by)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(CreateUserError::PhoneTaken);
    }
    let code = random_digits(ACTIVATION_CODE_DIGITS);
    sqlx::query(
        "INSERT INTO activation_codes (user_id, code_hash, created_at, created_by, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(sha256_hex(&code))
    .bind(now)
    .bind(created_by)
    .bind(now + millis(ACTIVATION_VALID_FOR))
    .execute(&mut *conn)
    .await?;
    Ok((id, code))
}

/// The account an appointment names: a new one with its activation code, or the phone's
/// existing account without a code, only once the caller confirmed that it is the person they
/// mean. Either way the caller gains no power over an existing account: its holder keeps their
/// password and sees the appointment in their account's history.
pub async fn find_or_create_in(
    conn: &mut AnyConnection,
    phone: &Phone,
    name: &str,
    created_by: &str,
    existing_confirmed: bool,
) -> Result<(String, Option<String>), CreateUserError> {
    if let Some(existing) = id_by_phone(conn, phone).await? {
        if !existing_confirmed {
            return Err(CreateUserError::ExistingNotConfirmed);
        }
        return Ok((existing, None));
    }
    let (id, code) = create_in(conn, phone, name, Some(created_by)).await?;
    Ok((id, Some(code)))
}

/// Why a code was not issued.
#[derive(Debug, thiserror::Error)]
pub enum ReissueError {
    /// The issuer's scope does not contain every role the account holds
    /// ([`authority::may_issue_code`]).
    #[error("the account is outside the issuer's power")]
    OutOfScope,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// A fresh one-time code for an existing account, replacing any unused one. Used when a person
/// lost their code or forgot their password: someone whose scope contains every role the
/// account holds hands over the new one. The issue is audited against the account, whose
/// holder sees it in their account's history.
pub async fn reissue_code_in(
    conn: &mut AnyConnection,
    user_id: &str,
    created_by: &str,
) -> Result<String, ReissueError> {
    let issuer = holdings(conn, created_by, Pending::Left).await?;
    let target = holdings(conn, user_id, Pending::Counted).await?;
    if !authority::may_issue_code(&issuer, &target, has_password(conn, user_id).await?) {
        return Err(ReissueError::OutOfScope);
    }
    Ok(issue_code_in(conn, user_id, Some(created_by)).await?)
}

/// The operator's code for a staff account, on the command line
/// ([`authority::operator_may_issue_code`]).
pub async fn issue_operator_code_in(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<String, ReissueError> {
    let target = holdings(conn, user_id, Pending::Counted).await?;
    if !authority::operator_may_issue_code(&target) {
        return Err(ReissueError::OutOfScope);
    }
    Ok(issue_code_in(conn, user_id, None).await?)
}

/// Replaces any unused code of the account with a new one, audited against the account. The
/// caller has checked the issuer's power.
async fn issue_code_in(
    conn: &mut AnyConnection,
    user_id: &str,
    created_by: Option<&str>,
) -> Result<String, sqlx::Error> {
    let code = random_digits(ACTIVATION_CODE_DIGITS);
    let now = now_millis();
    sqlx::query(
        "INSERT INTO activation_codes (user_id, code_hash, created_at, created_by, expires_at, failures) \
         VALUES ($1, $2, $3, $4, $5, 0) \
         ON CONFLICT (user_id) DO UPDATE SET code_hash = excluded.code_hash, \
           created_at = excluded.created_at, created_by = excluded.created_by, \
           expires_at = excluded.expires_at, failures = 0",
    )
    .bind(user_id)
    .bind(sha256_hex(&code))
    .bind(now)
    .bind(created_by)
    .bind(now + millis(ACTIVATION_VALID_FOR))
    .execute(&mut *conn)
    .await?;
    let details = created_by
        .is_none()
        .then(|| serde_json::json!({ "by": "operator" }));
    crate::audit::record(
        conn,
        crate::audit::Entry {
            actor: created_by,
            action: "account.code_issued",
            entity: "user",
            entity_id: user_id,
            cooperative_id: None,
            details,
        },
    )
    .await?;
    Ok(code)
}

/// Whether officer terms that have not started yet count among an account's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// For what an account may do today.
    Left,
    /// For what an account stands to hold: power over it must cover that too.
    Counted,
}

/// Every role the account holds, each with its place: staff roles with their region, and
/// cooperative roles with the cooperative's village.
#[tracing::instrument(name = "accounts.holdings", skip_all)]
pub async fn holdings(
    conn: &mut AnyConnection,
    user_id: &str,
    pending: Pending,
) -> Result<Vec<Holding>, sqlx::Error> {
    let today = today().to_string();
    let started_by = match pending {
        Pending::Left => today.clone(),
        Pending::Counted => "9999-12-31".to_owned(),
    };
    let rows = sqlx::query(
        "SELECT role, region_code AS place, NULL AS cooperative_id FROM staff_roles \
         WHERE user_id = $1 \
         UNION ALL \
         SELECT o.organ AS role, c.village_code AS place, o.cooperative_id FROM officers o \
         JOIN cooperatives c ON c.id = o.cooperative_id \
         WHERE o.user_id = $1 AND o.ended_on IS NULL AND o.term_end >= $2 AND o.term_start <= $3 \
         UNION ALL \
         SELECT 'member' AS role, c.village_code AS place, m.cooperative_id FROM members m \
         JOIN cooperatives c ON c.id = m.cooperative_id \
         WHERE m.user_id = $1 AND m.status = 'active'",
    )
    .bind(user_id)
    .bind(&today)
    .bind(&started_by)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let role: String = row.try_get("role")?;
            let role = Role::parse(&role)
                .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role}").into()))?;
            let place = row
                .try_get::<Option<String>, _>("place")?
                .map(|p| RegionCode::parse(&p))
                .transpose()
                .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            let cooperative_id: Option<String> = row.try_get("cooperative_id")?;
            let decode =
                |what: &str| sqlx::Error::Decode(format!("{role:?} without {what}").into());
            Ok(match (role, cooperative_id) {
                (Role::MinistryAdmin, _) => Holding::Ministry,
                (Role::DinasAdmin, _) => Holding::Dinas(place.ok_or_else(|| decode("region"))?),
                (role, Some(id)) => Holding::Cooperative {
                    id,
                    village: place.ok_or_else(|| decode("village"))?,
                    role,
                },
                (_, None) => return Err(decode("cooperative")),
            })
        })
        .collect()
}

/// Whether the account ever set a password (an activated account).
async fn has_password(conn: &mut AnyConnection, user_id: &str) -> Result<bool, sqlx::Error> {
    let hash: Option<Option<String>> =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(hash.flatten().is_some())
}

/// The id of the account with this phone, if any.
pub async fn id_by_phone(
    conn: &mut AnyConnection,
    phone: &Phone,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone.as_str())
        .fetch_optional(&mut *conn)
        .await
}

#[tracing::instrument(name = "accounts.find_by_phone", skip_all)]
pub async fn find_by_phone(db: &Db, phone: &Phone) -> Result<Option<Account>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, phone, name, password_hash, disabled_at FROM users WHERE phone = $1",
    )
    .bind(phone.as_str())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| account(&r)).transpose()
}

#[tracing::instrument(name = "accounts.find", skip_all)]
pub async fn find(db: &Db, id: &str) -> Result<Option<Account>, sqlx::Error> {
    let row =
        sqlx::query("SELECT id, phone, name, password_hash, disabled_at FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    row.map(|r| account(&r)).transpose()
}

fn account(row: &sqlx::any::AnyRow) -> Result<Account, sqlx::Error> {
    let phone: String = row.try_get("phone")?;
    Ok(Account {
        id: row.try_get("id")?,
        phone: Phone::parse(&phone).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        name: row.try_get("name")?,
        password_hash: row.try_get("password_hash")?,
        disabled: row.try_get::<Option<i64>, _>("disabled_at")?.is_some(),
    })
}

/// What a code check found. Wrong and expired are told apart only in the server's log.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeCheck {
    Valid,
    Wrong,
    ExpiredOrAbsent,
}

/// Checks an activation code, counting a wrong guess against it.
#[tracing::instrument(name = "accounts.check_activation_code", skip_all)]
pub async fn check_activation_code(
    db: &Db,
    user_id: &str,
    code: &str,
) -> Result<CodeCheck, sqlx::Error> {
    let row = sqlx::query(
        "SELECT code_hash, expires_at, failures FROM activation_codes WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(CodeCheck::ExpiredOrAbsent);
    };
    let expires_at: i64 = row.try_get("expires_at")?;
    let failures: i64 = row.try_get("failures")?;
    if expires_at <= now_millis() || failures >= ACTIVATION_MAX_FAILURES {
        return Ok(CodeCheck::ExpiredOrAbsent);
    }
    let stored: String = row.try_get("code_hash")?;
    if stored == sha256_hex(code) {
        Ok(CodeCheck::Valid)
    } else {
        sqlx::query("UPDATE activation_codes SET failures = failures + 1 WHERE user_id = $1")
            .bind(user_id)
            .execute(&db.writer)
            .await?;
        Ok(CodeCheck::Wrong)
    }
}

/// Sets the first password, uses up the code, and ends any session the account had.
#[tracing::instrument(name = "accounts.activate", skip_all)]
pub async fn activate(db: &Db, user_id: &str, password_hash: &str) -> Result<(), sqlx::Error> {
    let now = now_millis();
    let mut tx = db.writer.begin().await?;
    sqlx::query(
        "UPDATE users SET password_hash = $2, activated_at = COALESCE(activated_at, $3) \
         WHERE id = $1",
    )
    .bind(user_id)
    .bind(password_hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM activation_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, user_id, "account.activated", user_id, None).await?;
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

#[tracing::instrument(name = "accounts.set_password", skip_all)]
pub async fn set_password(
    db: &Db,
    user_id: &str,
    password_hash: &str,
    actor: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = db.writer.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(user_id)
        .bind(password_hash)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, actor, "account.password_changed", user_id, None).await?;
    tx.commit().await
}

/// An entry in the account's own history ([`history`]), which its holder reads.
pub async fn record(
    conn: &mut AnyConnection,
    actor: &str,
    action: &str,
    user_id: &str,
    details: Option<serde_json::Value>,
) -> Result<(), sqlx::Error> {
    crate::audit::record(
        conn,
        crate::audit::Entry {
            actor: Some(actor),
            action,
            entity: "user",
            entity_id: user_id,
            cooperative_id: None,
            details,
        },
    )
    .await
}

/// What was done with an account, newest first: for its holder.
pub async fn history(
    db: &Db,
    user_id: &str,
) -> Result<Vec<kopdes_domain::member::AccessLogEntry>, sqlx::Error> {
    crate::audit::log_of(db, "user", user_id).await
}

/// Grants a dinas admin (with a province or regency) or ministry admin role.
#[tracing::instrument(name = "accounts.grant_staff_role", skip_all)]
pub async fn grant_staff_role(
    db: &Db,
    user_id: &str,
    role: Role,
    region: Option<&RegionCode>,
    granted_by: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff_roles (user_id, role, region_code, granted_at, granted_by) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(role.as_str())
    .bind(region.map(RegionCode::as_str))
    .bind(now_millis())
    .bind(granted_by)
    .execute(&db.writer)
    .await?;
    Ok(())
}

/// Every role the person holds, with its scope: staff roles, and the pengurus or pengawas
/// role of each cooperative where they hold a current term.
#[tracing::instrument(name = "accounts.roles", skip_all)]
pub async fn roles(db: &Db, user_id: &str) -> Result<Vec<RoleGrant>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.role, s.region_code, NULL AS cooperative_id, r.name AS place FROM staff_roles s \
         LEFT JOIN regions r ON r.code = s.region_code WHERE s.user_id = $1 \
         UNION \
         SELECT o.organ AS role, NULL AS region_code, o.cooperative_id, c.name AS place \
         FROM officers o JOIN cooperatives c ON c.id = o.cooperative_id \
         WHERE o.user_id = $1 AND o.ended_on IS NULL AND o.term_start <= $2 AND o.term_end >= $2 \
         UNION \
         SELECT 'member' AS role, NULL AS region_code, m.cooperative_id, c.name AS place \
         FROM members m JOIN cooperatives c ON c.id = m.cooperative_id \
         WHERE m.user_id = $1 AND m.status = 'active' \
         ORDER BY role, cooperative_id",
    )
    .bind(user_id)
    .bind(today().to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let role: String = row.try_get("role")?;
            let region: Option<String> = row.try_get("region_code")?;
            Ok(RoleGrant {
                role: Role::parse(&role)
                    .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role}").into()))?,
                cooperative_id: row.try_get("cooperative_id")?,
                region: region
                    .map(|r| RegionCode::parse(&r))
                    .transpose()
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                place: row.try_get("place")?,
            })
        })
        .collect()
}

pub async fn me(db: &Db, account: &Account) -> Result<Me, sqlx::Error> {
    Ok(Me {
        id: account.id.clone(),
        name: account.name.clone(),
        phone: account.phone.clone(),
        roles: roles(db, &account.id).await?,
    })
}
