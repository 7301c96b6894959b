//! The record of sync operations already answered, per account (table `sync_operations`).

use sqlx::{AnyConnection, AnyPool};

use crate::clock::now_millis;
use crate::db::is_unique_violation;

/// An operation answered before: the hash of what was sent and the answer, as JSON.
pub struct Answered {
    pub payload_sha256: String,
    pub outcome: String,
}

/// Claims an operation id, first thing in the transaction that applies it: a second delivery
/// of the same id waits for the first transaction and then fails on the primary key, so two
/// deliveries at once still apply once. `Ok(false)` when the id was taken.
#[tracing::instrument(name = "sync_operations.claim", skip_all)]
pub async fn claim(
    conn: &mut AnyConnection,
    account_id: &str,
    operation_id: &str,
    payload_sha256: &str,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO sync_operations (account_id, operation_id, payload_sha256, outcome, received_at) \
         VALUES ($1, $2, $3, '', $4)",
    )
    .bind(account_id)
    .bind(operation_id)
    .bind(payload_sha256)
    .bind(now_millis())
    .execute(conn)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Stores the answer to a claimed operation, in the same transaction.
#[tracing::instrument(name = "sync_operations.answer", skip_all)]
pub async fn answer(
    conn: &mut AnyConnection,
    account_id: &str,
    operation_id: &str,
    outcome: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sync_operations SET outcome = $3 WHERE account_id = $1 AND operation_id = $2",
    )
    .bind(account_id)
    .bind(operation_id)
    .bind(outcome)
    .execute(conn)
    .await?;
    Ok(())
}

#[tracing::instrument(name = "sync_operations.find", skip_all)]
pub async fn find(
    pool: &AnyPool,
    account_id: &str,
    operation_id: &str,
) -> Result<Option<Answered>, sqlx::Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT payload_sha256, outcome FROM sync_operations \
         WHERE account_id = $1 AND operation_id = $2",
    )
    .bind(account_id)
    .bind(operation_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(payload_sha256, outcome)| Answered {
        payload_sha256,
        outcome,
    }))
}
