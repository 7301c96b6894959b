//! The audit log: who created, changed, verified or viewed what. Written in the same
//! transaction as the change it records, so neither exists without the other.

use kopdes_domain::member::AccessLogEntry;
use sqlx::{AnyConnection, Row};

use crate::clock::now_millis;
use crate::db::Db;

/// One entry. `details` is JSON for people reading the log, never a full NIK or password.
pub struct Entry<'a> {
    pub actor: Option<&'a str>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub cooperative_id: Option<&'a str>,
    pub details: Option<serde_json::Value>,
}

#[tracing::instrument(name = "audit.record", skip_all, fields(action = entry.action))]
pub async fn record(conn: &mut AnyConnection, entry: Entry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_id, action, entity, entity_id, cooperative_id, details) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(now_millis())
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.entity)
    .bind(entry.entity_id)
    .bind(entry.cooperative_id)
    .bind(entry.details.map(|d| d.to_string()))
    .execute(conn)
    .await?;
    Ok(())
}

/// What was done with one record (`entity`, `entity_id`), newest first, at most 200: for the
/// person the record is about (a member's access log, an account's history).
#[tracing::instrument(name = "audit.log_of", skip(db))]
pub async fn log_of(
    db: &Db,
    entity: &str,
    entity_id: &str,
) -> Result<Vec<AccessLogEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.at, a.action, u.name AS actor_name FROM audit_log a \
         LEFT JOIN users u ON u.id = a.actor_id \
         WHERE a.entity = $1 AND a.entity_id = $2 ORDER BY a.at DESC, a.id DESC LIMIT 200",
    )
    .bind(entity)
    .bind(entity_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(AccessLogEntry {
                at: row.try_get("at")?,
                action: row.try_get("action")?,
                actor_name: row.try_get("actor_name")?,
            })
        })
        .collect()
}
