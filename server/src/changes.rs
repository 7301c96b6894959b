//! The change log read by sync pulls (table `changes`).

use sqlx::{AnyConnection, AnyPool, Row};

use crate::clock::now_millis;

/// The kinds of record a device keeps, as the log names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Cooperative,
    Unit,
    Officer,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Cooperative => "cooperative",
            Entity::Unit => "unit",
            Entity::Officer => "officer",
        }
    }

    fn parse(s: &str) -> Option<Entity> {
        [Entity::Cooperative, Entity::Unit, Entity::Officer]
            .into_iter()
            .find(|e| e.as_str() == s)
    }
}

/// Logs a change in the writing transaction. Takes the next number from the counter, whose row
/// stays locked until the transaction ends: numbers become visible in order, so a pull that has
/// seen number n has seen everything below it.
#[tracing::instrument(name = "changes.record", skip_all)]
pub async fn record(
    conn: &mut AnyConnection,
    entity: Entity,
    record_id: &str,
    cooperative_id: &str,
) -> Result<i64, sqlx::Error> {
    let seq: i64 = sqlx::query_scalar(
        "UPDATE sync_counter SET value = value + 1 WHERE id = 1 RETURNING value",
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO changes (seq, entity, record_id, cooperative_id, changed_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(seq)
    .bind(entity.as_str())
    .bind(record_id)
    .bind(cooperative_id)
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(seq)
}

/// The newest number handed out and committed.
#[tracing::instrument(name = "changes.latest", skip_all)]
pub async fn latest(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM sync_counter WHERE id = 1")
        .fetch_one(pool)
        .await
}

/// One logged change.
pub struct Change {
    pub seq: i64,
    pub entity: Entity,
    pub record_id: String,
}

/// Changes after `after` to records of the given cooperatives, oldest first, at most `limit`.
#[tracing::instrument(name = "changes.since", skip_all)]
pub async fn since(
    pool: &AnyPool,
    cooperative_ids: &[&str],
    after: i64,
    limit: i64,
) -> Result<Vec<Change>, sqlx::Error> {
    if cooperative_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..cooperative_ids.len())
        .map(|n| format!("${}", n + 3))
        .collect();
    let sql = format!(
        "SELECT seq, entity, record_id FROM changes \
         WHERE seq > $1 AND cooperative_id IN ({}) ORDER BY seq LIMIT $2",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(after)
        .bind(limit);
    for id in cooperative_ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(pool).await?;
    rows.iter()
        .map(|row| {
            let entity: String = row.try_get("entity")?;
            Ok(Change {
                seq: row.try_get("seq")?,
                entity: Entity::parse(&entity)
                    .ok_or_else(|| sqlx::Error::Decode(format!("entity {entity}").into()))?,
                record_id: row.try_get("record_id")?,
            })
        })
        .collect()
}
