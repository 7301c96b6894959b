//! The audit log: who created, changed, verified or viewed what. Written in the same
//! transaction as the change it records, so neither exists without the other.

use sqlx::AnyConnection;

use crate::clock::now_millis;

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
