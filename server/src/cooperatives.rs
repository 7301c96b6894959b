//! Cooperative records: queries only. Who may run them is decided by the routes.

use kopdes_domain::cooperative::{
    Cooperative, CooperativeEvent, CooperativeProfile, CooperativeStatus, CooperativeStep, Scheme,
};
use kopdes_domain::date::Date;
use kopdes_domain::officer::{Officer, Organ, Position};
use kopdes_domain::phone::Phone;
use kopdes_domain::region::RegionCode;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::clock::now_millis;
use crate::db::Db;

const COLUMNS: &str = "c.id, c.village_code, r.name AS village_name, c.scheme, c.status, c.name, \
     c.legal_entity_number, c.legal_entity_date, c.nik_koperasi, c.address, c.established_on, \
     c.phone, c.email, c.return_reasons, c.version";

/// A stored value this version cannot read (shared by the row readers of other tables).
pub(crate) fn decode_error(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("stored {what} {value:?} is not valid").into())
}

/// A stored `YYYY-MM-DD` column, or none.
pub(crate) fn date(row: &AnyRow, column: &str) -> Result<Option<Date>, sqlx::Error> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| t.parse().map_err(|_| decode_error(column, &t)))
        .transpose()
}

fn cooperative(row: &AnyRow) -> Result<Cooperative, sqlx::Error> {
    let village: String = row.try_get("village_code")?;
    let scheme: String = row.try_get("scheme")?;
    let status: String = row.try_get("status")?;
    let phone: Option<String> = row.try_get("phone")?;
    Ok(Cooperative {
        id: row.try_get("id")?,
        village: RegionCode::parse(&village).map_err(|_| decode_error("village", &village))?,
        village_name: row.try_get("village_name")?,
        scheme: Scheme::parse(&scheme).ok_or_else(|| decode_error("scheme", &scheme))?,
        status: CooperativeStatus::parse(&status).ok_or_else(|| decode_error("status", &status))?,
        profile: CooperativeProfile {
            name: row.try_get("name")?,
            legal_entity_number: row.try_get("legal_entity_number")?,
            legal_entity_date: date(row, "legal_entity_date")?,
            nik_koperasi: row.try_get("nik_koperasi")?,
            address: row.try_get("address")?,
            established_on: date(row, "established_on")?,
            phone: phone
                .map(|p| Phone::parse(&p).map_err(|_| decode_error("phone", &p)))
                .transpose()?,
            email: row.try_get("email")?,
        },
        return_reasons: row.try_get("return_reasons")?,
        version: row.try_get("version")?,
    })
}

#[tracing::instrument(name = "cooperatives.find", skip(db))]
pub async fn find(db: &Db, id: &str) -> Result<Option<Cooperative>, sqlx::Error> {
    let mut conn = db.pool.acquire().await?;
    find_in(&mut conn, id).await
}

/// [`find`] on a connection the caller holds (inside its transaction).
#[tracing::instrument(name = "cooperatives.find", skip_all)]
pub async fn find_in(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<Cooperative>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM cooperatives c JOIN regions r ON r.code = c.village_code \
         WHERE c.id = $1"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .map(|r| cooperative(&r))
        .transpose()
}

#[tracing::instrument(name = "cooperatives.in_village", skip_all)]
pub async fn exists_in_village(
    conn: &mut AnyConnection,
    village: &RegionCode,
) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM cooperatives WHERE village_code = $1 LIMIT 1")
            .bind(village.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

#[tracing::instrument(name = "cooperatives.with_ids", skip_all)]
pub async fn with_ids(db: &Db, ids: &[&str]) -> Result<Vec<Cooperative>, sqlx::Error> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(c) = find(db, id).await? {
            found.push(c);
        }
    }
    found.sort_by(Cooperative::display_order);
    found.dedup_by(|a, b| a.id == b.id);
    Ok(found)
}

pub struct NewCooperative<'a> {
    pub id: &'a str,
    pub village: &'a RegionCode,
    pub scheme: Scheme,
    pub name: &'a str,
    pub created_by: &'a str,
}

pub async fn insert(conn: &mut AnyConnection, new: NewCooperative<'_>) -> Result<(), sqlx::Error> {
    let now = now_millis();
    sqlx::query(
        "INSERT INTO cooperatives (id, village_code, scheme, status, name, created_at, created_by, \
         updated_at, version) VALUES ($1, $2, $3, 'draft', $4, $5, $6, $5, 1)",
    )
    .bind(new.id)
    .bind(new.village.as_str())
    .bind(new.scheme.as_str())
    .bind(new.name)
    .bind(now)
    .bind(new.created_by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes the profile if the stored version is still `expected_version` and the record is
/// editable. Returns whether it did.
pub async fn update_profile(
    conn: &mut AnyConnection,
    id: &str,
    expected_version: i64,
    profile: &CooperativeProfile,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE cooperatives SET name = $3, legal_entity_number = $4, legal_entity_date = $5, \
         nik_koperasi = $6, address = $7, established_on = $8, phone = $9, email = $10, \
         updated_at = $11, version = version + 1 \
         WHERE id = $1 AND version = $2 AND status IN ('draft', 'returned')",
    )
    .bind(id)
    .bind(expected_version)
    .bind(&profile.name)
    .bind(profile.legal_entity_number.as_deref())
    .bind(profile.legal_entity_date.map(|d| d.to_string()))
    .bind(profile.nik_koperasi.as_deref())
    .bind(profile.address.as_deref())
    .bind(profile.established_on.map(|d| d.to_string()))
    .bind(profile.phone.as_ref().map(|p| p.as_str().to_owned()))
    .bind(profile.email.as_deref())
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Moves the record from one of `from` to `to`; returns whether it was in one of `from`.
pub async fn transition(
    conn: &mut AnyConnection,
    id: &str,
    from: &[CooperativeStatus],
    to: CooperativeStatus,
    actor: &str,
    return_reasons: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let now = now_millis();
    let allowed: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    // At most four statuses: the list is inlined from fixed names, never from input.
    let list = allowed
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "UPDATE cooperatives SET status = $2, return_reasons = $3, updated_at = $4, \
         submitted_at = CASE WHEN $2 = 'submitted' THEN $4 ELSE submitted_at END, \
         verified_at = CASE WHEN $2 = 'verified' THEN $4 ELSE verified_at END, \
         verified_by = CASE WHEN $2 = 'verified' THEN $5 ELSE verified_by END, \
         version = version + 1 WHERE id = $1 AND status IN ({list})"
    );
    let updated = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(to.as_str())
        .bind(return_reasons)
        .bind(now)
        .bind(actor)
        .execute(conn)
        .await?;
    Ok(updated.rows_affected() == 1)
}

/// Starts an officer's term.
pub struct NewOfficer<'a> {
    pub cooperative_id: &'a str,
    pub user_id: &'a str,
    pub organ: Organ,
    pub position: Position,
    pub term_start: Date,
    pub term_end: Date,
    pub created_by: &'a str,
}

pub async fn insert_officer(
    conn: &mut AnyConnection,
    new: NewOfficer<'_>,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO officers (id, cooperative_id, user_id, organ, position, term_start, term_end, \
         created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(new.cooperative_id)
    .bind(new.user_id)
    .bind(new.organ.as_str())
    .bind(new.position.as_str())
    .bind(new.term_start.to_string())
    .bind(new.term_end.to_string())
    .bind(now_millis())
    .bind(new.created_by)
    .execute(conn)
    .await?;
    Ok(id)
}

const OFFICER_COLUMNS: &str = "o.id, o.cooperative_id, o.user_id, u.name, o.organ, o.position, \
     o.term_start, o.term_end, o.ended_on";

fn officer(row: &AnyRow) -> Result<Officer, sqlx::Error> {
    let organ: String = row.try_get("organ")?;
    let position: String = row.try_get("position")?;
    Ok(Officer {
        id: row.try_get("id")?,
        cooperative_id: row.try_get("cooperative_id")?,
        user_id: row.try_get("user_id")?,
        name: row.try_get("name")?,
        organ: Organ::parse(&organ).ok_or_else(|| decode_error("organ", &organ))?,
        position: Position::parse(&position).ok_or_else(|| decode_error("position", &position))?,
        term_start: date(row, "term_start")?.ok_or_else(|| decode_error("term_start", ""))?,
        term_end: date(row, "term_end")?.ok_or_else(|| decode_error("term_end", ""))?,
        ended_on: date(row, "ended_on")?,
    })
}

/// The cooperative's officers, current terms first, then by organ and position.
#[tracing::instrument(name = "cooperatives.officers", skip(db))]
pub async fn officers(db: &Db, cooperative_id: &str) -> Result<Vec<Officer>, sqlx::Error> {
    let sql = format!(
        "SELECT {OFFICER_COLUMNS} FROM officers o JOIN users u ON u.id = o.user_id \
         WHERE o.cooperative_id = $1"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(cooperative_id)
        .fetch_all(&db.pool)
        .await?;
    let mut officers = rows.iter().map(officer).collect::<Result<Vec<_>, _>>()?;
    // In Rust, not SQL: a phone listing pulled officers uses the same order.
    officers.sort_by(Officer::display_order);
    Ok(officers)
}

#[tracing::instrument(name = "cooperatives.officer", skip(db))]
pub async fn find_officer(db: &Db, id: &str) -> Result<Option<Officer>, sqlx::Error> {
    let sql = format!(
        "SELECT {OFFICER_COLUMNS} FROM officers o JOIN users u ON u.id = o.user_id WHERE o.id = $1"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| officer(&r))
        .transpose()
}

/// Ends a current term; returns whether it was current.
pub async fn end_term(
    conn: &mut AnyConnection,
    id: &str,
    ended_on: Date,
) -> Result<bool, sqlx::Error> {
    let updated =
        sqlx::query("UPDATE officers SET ended_on = $2 WHERE id = $1 AND ended_on IS NULL")
            .bind(id)
            .bind(ended_on.to_string())
            .execute(conn)
            .await?;
    Ok(updated.rows_affected() == 1)
}

/// The steps of the cooperative's life (registered, submitted, returned with reasons,
/// verified), newest first, from the audit log that records them.
#[tracing::instrument(name = "cooperatives.history", skip(db))]
pub async fn history(db: &Db, id: &str) -> Result<Vec<CooperativeEvent>, sqlx::Error> {
    let actions = CooperativeStep::ALL
        .iter()
        .map(|s| format!("'{}'", s.action()))
        .collect::<Vec<_>>()
        .join(", ");
    // The action names are fixed strings of the domain crate, never input.
    let sql = format!(
        "SELECT a.at, a.action, a.details, u.name AS actor_name FROM audit_log a \
         LEFT JOIN users u ON u.id = a.actor_id \
         WHERE a.entity = 'cooperative' AND a.entity_id = $1 AND a.action IN ({actions}) \
         ORDER BY a.at DESC, a.id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| {
            let action: String = row.try_get("action")?;
            let details: Option<String> = row.try_get("details")?;
            let reasons = details
                .and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
                .and_then(|d| d.get("reasons").and_then(|r| r.as_str()).map(str::to_owned));
            Ok(CooperativeEvent {
                at: row.try_get("at")?,
                step: CooperativeStep::of_action(&action)
                    .ok_or_else(|| decode_error("action", &action))?,
                by: row.try_get("actor_name")?,
                reasons,
            })
        })
        .collect()
}
