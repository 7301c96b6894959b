//! Stored savings products and the append-only ledger (see `routes::savings`). Nothing here
//! updates or deletes an entry.

use kopdes_domain::savings::{Admitted, Entry, Kind, NewEntry, Period, Product};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::clock::now_millis;
use crate::cooperatives::{date, decode_error};

fn kind_of(text: &str) -> Result<Kind, sqlx::Error> {
    Kind::parse(text).ok_or_else(|| decode_error("kind", text))
}

#[tracing::instrument(name = "savings.products", skip_all)]
pub async fn products(
    conn: &mut AnyConnection,
    cooperative_id: &str,
) -> Result<Vec<Product>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT kind, amount, period FROM savings_products WHERE cooperative_id = $1 ORDER BY kind",
    )
    .bind(cooperative_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let period: Option<String> = row.try_get("period")?;
            Ok(Product {
                kind: kind_of(&row.try_get::<String, _>("kind")?)?,
                amount: row.try_get("amount")?,
                period: period.as_deref().and_then(Period::parse),
            })
        })
        .collect()
}

#[tracing::instrument(name = "savings.set_product", skip_all)]
pub async fn set_product(
    conn: &mut AnyConnection,
    cooperative_id: &str,
    product: &Product,
    by: &str,
) -> Result<(), sqlx::Error> {
    let period = product.period.map(Period::as_str);
    sqlx::query(
        "INSERT INTO savings_products (cooperative_id, kind, amount, period, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (cooperative_id, kind) DO UPDATE SET \
         amount = excluded.amount, period = excluded.period, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at",
    )
    .bind(cooperative_id)
    .bind(product.kind.as_str())
    .bind(product.amount)
    .bind(period)
    .bind(by)
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(())
}

fn entry(row: &AnyRow) -> Result<Entry, sqlx::Error> {
    Ok(Entry {
        id: row.try_get("id")?,
        member_id: row.try_get("member_id")?,
        kind: kind_of(&row.try_get::<String, _>("kind")?)?,
        amount: row.try_get("amount")?,
        period: row.try_get("period")?,
        receipt: row.try_get("receipt")?,
        recorded_on: date(row, "recorded_on")?.ok_or_else(|| decode_error("recorded_on", ""))?,
        recorded_by: row.try_get("recorded_by_name")?,
        reverses: row.try_get("reverses")?,
        note: row.try_get("note")?,
    })
}

const ENTRIES: &str = "SELECT e.id, e.member_id, e.kind, e.amount, e.period, e.receipt, \
    e.recorded_on, u.name AS recorded_by_name, e.reverses, e.note FROM savings_entries e \
    JOIN users u ON u.id = e.recorded_by";

/// One member's ledger, oldest first.
#[tracing::instrument(name = "savings.ledger", skip_all)]
pub async fn ledger(conn: &mut AnyConnection, member_id: &str) -> Result<Vec<Entry>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ENTRIES} WHERE e.member_id = $1 ORDER BY e.created_at, e.id"
    )))
    .bind(member_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(entry).collect()
}

/// The whole cooperative's ledger (for its bills), oldest first.
#[tracing::instrument(name = "savings.cooperative_ledger", skip_all)]
pub async fn cooperative_ledger(
    conn: &mut AnyConnection,
    cooperative_id: &str,
) -> Result<Vec<Entry>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ENTRIES} WHERE e.cooperative_id = $1 ORDER BY e.created_at, e.id"
    )))
    .bind(cooperative_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(entry).collect()
}

/// The cooperative's members, active or not: `(id, name, joined, active)`, by name.
#[tracing::instrument(name = "savings.members", skip_all)]
pub async fn members(
    conn: &mut AnyConnection,
    cooperative_id: &str,
) -> Result<Vec<(String, String, kopdes_domain::date::Date, bool)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, name, join_date, status FROM members WHERE cooperative_id = $1 \
         ORDER BY name, id",
    )
    .bind(cooperative_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("id")?,
                row.try_get("name")?,
                date(row, "join_date")?.ok_or_else(|| decode_error("join_date", ""))?,
                row.try_get::<String, _>("status")? == "active",
            ))
        })
        .collect()
}

/// Takes the member's savings account of one kind for this transaction: the next entry for it
/// waits until this one commits (a row lock on PostgreSQL, the write lock on SQLite).
#[tracing::instrument(name = "savings.take_account", skip_all)]
pub async fn take_account(
    conn: &mut AnyConnection,
    member_id: &str,
    kind: Kind,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO savings_accounts (member_id, kind, entries) VALUES ($1, $2, 0) \
         ON CONFLICT (member_id, kind) DO UPDATE SET entries = savings_accounts.entries",
    )
    .bind(member_id)
    .bind(kind.as_str())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE savings_accounts SET entries = entries + 1 WHERE member_id = $1 AND kind = $2",
    )
    .bind(member_id)
    .bind(kind.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)] // one row's columns
#[tracing::instrument(name = "savings.record", skip_all)]
pub async fn record(
    conn: &mut AnyConnection,
    id: &str,
    cooperative_id: &str,
    member_id: &str,
    kind: Kind,
    entry: &NewEntry,
    admitted: &Admitted,
    by: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO savings_entries (id, cooperative_id, member_id, kind, amount, period, receipt, \
         recorded_on, recorded_by, reverses, note, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(id)
    .bind(cooperative_id)
    .bind(member_id)
    .bind(kind.as_str())
    .bind(admitted.amount)
    .bind(admitted.period.as_deref())
    .bind(&entry.receipt)
    .bind(entry.recorded_on.to_string())
    .bind(by)
    .bind(entry.reverses.as_deref())
    .bind(&entry.note)
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether an entry with this id exists (a record id reused for another entry).
pub async fn exists(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM savings_entries WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}
