//! Business unit records: queries only.

use kopdes_domain::unit::{Unit, UnitDetails, UnitKind, UnitStatus};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::clock::now_millis;
use crate::db::Db;

const COLUMNS: &str = "id, cooperative_id, kind, kbli, name, status, opened_on, version";

fn bad(column: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("stored {column} is not valid").into())
}

fn unit(row: &AnyRow) -> Result<Unit, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let opened_on: Option<String> = row.try_get("opened_on")?;
    Ok(Unit {
        id: row.try_get("id")?,
        cooperative_id: row.try_get("cooperative_id")?,
        details: UnitDetails {
            kind: UnitKind::parse(&kind).ok_or_else(|| bad("kind"))?,
            kbli: row.try_get("kbli")?,
            name: row.try_get("name")?,
            status: UnitStatus::parse(&status).ok_or_else(|| bad("status"))?,
            opened_on: opened_on
                .map(|d| d.parse().map_err(|_| bad("opened_on")))
                .transpose()?,
        },
        version: row.try_get("version")?,
    })
}

#[tracing::instrument(name = "units.of_cooperative", skip(db))]
pub async fn of_cooperative(db: &Db, cooperative_id: &str) -> Result<Vec<Unit>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM business_units WHERE cooperative_id = $1");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(cooperative_id)
        .fetch_all(&db.pool)
        .await?;
    let mut units = rows.iter().map(unit).collect::<Result<Vec<_>, _>>()?;
    // In Rust, not SQL: a phone listing pulled units uses the same order.
    units.sort_by(Unit::display_order);
    Ok(units)
}

#[tracing::instrument(name = "units.find", skip(db))]
pub async fn find(db: &Db, id: &str) -> Result<Option<Unit>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM business_units WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| unit(&r))
        .transpose()
}

pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    cooperative_id: &str,
    details: &UnitDetails,
    created_by: &str,
) -> Result<(), sqlx::Error> {
    let now = now_millis();
    sqlx::query(
        "INSERT INTO business_units (id, cooperative_id, kind, kbli, name, status, opened_on, \
         created_at, created_by, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, 1)",
    )
    .bind(id)
    .bind(cooperative_id)
    .bind(details.kind.as_str())
    .bind(&details.kbli)
    .bind(details.name.trim())
    .bind(details.status.as_str())
    .bind(details.opened_on.map(|d| d.to_string()))
    .bind(now)
    .bind(created_by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes the unit if it is still at `expected_version`; returns whether it did.
pub async fn update(
    conn: &mut AnyConnection,
    id: &str,
    expected_version: i64,
    details: &UnitDetails,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE business_units SET kind = $3, kbli = $4, name = $5, status = $6, opened_on = $7, \
         updated_at = $8, version = version + 1 WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(expected_version)
    .bind(details.kind.as_str())
    .bind(&details.kbli)
    .bind(details.name.trim())
    .bind(details.status.as_str())
    .bind(details.opened_on.map(|d| d.to_string()))
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}
