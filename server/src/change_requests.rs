//! Members' requests to change their own data (pembaruan data mandiri): queries only.

use kopdes_domain::member::{ChangeRequest, OwnData, RequestStatus};
use kopdes_domain::phone::Phone;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::clock::now_millis;
use crate::db::Db;

fn bad(column: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("stored {column} is not valid").into())
}

fn phone(row: &AnyRow, column: &str) -> Result<Option<Phone>, sqlx::Error> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|p| Phone::parse(&p).map_err(|_| bad(column)))
        .transpose()
}

const COLUMNS: &str = "r.id, r.member_id, r.cooperative_id, r.requested_by, r.name, r.phone, \
     r.address, r.status, r.reason, r.requested_at, r.decided_at, \
     m.name AS current_name, m.phone AS current_phone, m.address AS current_address";

fn request(row: &AnyRow) -> Result<ChangeRequest, sqlx::Error> {
    let status: String = row.try_get("status")?;
    Ok(ChangeRequest {
        id: row.try_get("id")?,
        member_id: row.try_get("member_id")?,
        cooperative_id: row.try_get("cooperative_id")?,
        requested_by: row.try_get("requested_by")?,
        requested: OwnData {
            name: row.try_get("name")?,
            phone: phone(row, "phone")?,
            address: row.try_get("address")?,
        },
        current: OwnData {
            name: row.try_get("current_name")?,
            phone: phone(row, "current_phone")?,
            address: row.try_get("current_address")?,
        },
        status: RequestStatus::parse(&status).ok_or_else(|| bad("status"))?,
        reason: row.try_get("reason")?,
        requested_at: row.try_get("requested_at")?,
        decided_at: row.try_get("decided_at")?,
    })
}

#[tracing::instrument(name = "change_requests.find", skip(conn))]
pub async fn find(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<ChangeRequest>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM member_change_requests r JOIN members m ON m.id = r.member_id \
         WHERE r.id = $1"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .map(|r| request(&r))
        .transpose()
}

/// A cooperative's requests, pending first, then the newest.
#[tracing::instrument(name = "change_requests.of_cooperative", skip(db))]
pub async fn of_cooperative(
    db: &Db,
    cooperative_id: &str,
) -> Result<Vec<ChangeRequest>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM member_change_requests r JOIN members m ON m.id = r.member_id \
         WHERE r.cooperative_id = $1 \
         ORDER BY CASE WHEN r.status = 'pending' THEN 0 ELSE 1 END, r.requested_at DESC, r.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(cooperative_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(request).collect()
}

/// The requests one account made, newest first.
#[tracing::instrument(name = "change_requests.of_requester", skip(db))]
pub async fn of_requester(db: &Db, user_id: &str) -> Result<Vec<ChangeRequest>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM member_change_requests r JOIN members m ON m.id = r.member_id \
         WHERE r.requested_by = $1 ORDER BY r.requested_at DESC, r.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(request).collect()
}

pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    member_id: &str,
    cooperative_id: &str,
    requested_by: &str,
    data: &OwnData,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO member_change_requests (id, member_id, cooperative_id, requested_by, name, \
         phone, address, status, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)",
    )
    .bind(id)
    .bind(member_id)
    .bind(cooperative_id)
    .bind(requested_by)
    .bind(&data.name)
    .bind(data.phone.as_ref().map(|p| p.as_str().to_owned()))
    .bind(data.address.as_deref())
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Settles a pending request; `false` when it was no longer pending (decided meanwhile).
pub async fn decide(
    conn: &mut AnyConnection,
    id: &str,
    status: RequestStatus,
    reason: Option<&str>,
    decided_by: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE member_change_requests SET status = $1, reason = $2, decided_at = $3, \
         decided_by = $4 WHERE id = $5 AND status = 'pending'",
    )
    .bind(status.as_str())
    .bind(reason)
    .bind(now_millis())
    .bind(decided_by)
    .bind(id)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(done == 1)
}

/// Applies approved data to the member record, with a new version.
pub async fn apply(
    conn: &mut AnyConnection,
    member_id: &str,
    data: &OwnData,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE members SET name = $1, phone = $2, address = $3, updated_at = $4, \
         version = version + 1 WHERE id = $5",
    )
    .bind(&data.name)
    .bind(data.phone.as_ref().map(|p| p.as_str().to_owned()))
    .bind(data.address.as_deref())
    .bind(now_millis())
    .bind(member_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn exists(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM member_change_requests WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// The member record a request is about: its cooperative and its account.
pub async fn member_owner(
    conn: &mut AnyConnection,
    member_id: &str,
) -> Result<Option<(String, Option<String>, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT cooperative_id, user_id, status FROM members WHERE id = $1")
        .bind(member_id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| {
        Ok((
            r.try_get("cooperative_id")?,
            r.try_get("user_id")?,
            r.try_get("status")?,
        ))
    })
    .transpose()
}
