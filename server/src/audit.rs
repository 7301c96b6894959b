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

/// Which part of the trail a reader may see.
#[derive(Debug, Clone)]
pub enum Reach {
    /// Everything (the ministry).
    Country,
    /// Entries about cooperatives in the region, and about the staff accounts strictly inside
    /// it (a dinas admin).
    Region(kopdes_domain::region::RegionCode),
    /// One record's entries, already authorised: (`entity`, `entity_id`).
    Record(&'static str, String),
    /// One cooperative's entries, already authorised.
    Cooperative(String),
}

/// How a reader narrows the trail; every field optional.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Entries by this account.
    pub actor: Option<String>,
    /// Entries by people whose name holds this text.
    pub who: Option<String>,
    /// Actions starting with this (`cooperative.` or `cooperative.returned`).
    pub action: Option<String>,
    /// From and until, milliseconds since the Unix epoch (inclusive, exclusive).
    pub from: Option<i64>,
    pub until: Option<i64>,
    /// Continue after this entry (`next` of the page before).
    pub before: Option<(i64, String)>,
    pub limit: i64,
}

/// A page of the trail within `reach`, newest first.
#[tracing::instrument(name = "audit.search", skip_all)]
pub async fn search(
    db: &Db,
    reach: &Reach,
    filter: &Filter,
) -> Result<kopdes_domain::audit::AuditPage, sqlx::Error> {
    let (region, entity, entity_id, cooperative) = match reach {
        Reach::Country => (None, None, None, None),
        Reach::Region(code) => (Some(format!("{}.%", code.as_str())), None, None, None),
        Reach::Record(entity, id) => (None, Some(*entity), Some(id.clone()), None),
        Reach::Cooperative(id) => (None, None, None, Some(id.clone())),
    };
    let like = |text: &Option<String>| {
        text.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| t.to_lowercase().replace(['%', '_'], ""))
    };
    let who = like(&filter.who).map(|w| format!("%{w}%"));
    let action = like(&filter.action).map(|a| format!("{a}%"));
    let (before_at, before_id) = filter.before.clone().unzip();
    let rows = sqlx::query(
        "SELECT a.id, a.at, a.actor_id, u.name AS actor_name, a.action, a.entity, a.entity_id, \
         a.cooperative_id, c.name AS cooperative_name, a.details \
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
         LEFT JOIN cooperatives c ON c.id = a.cooperative_id \
         WHERE ($1 IS NULL OR c.village_code LIKE $1 OR (a.entity = 'user' AND a.entity_id IN \
                 (SELECT user_id FROM staff_roles WHERE region_code LIKE $1))) \
         AND ($2 IS NULL OR (a.entity = $2 AND a.entity_id = $3)) \
         AND ($4 IS NULL OR a.cooperative_id = $4) \
         AND ($5 IS NULL OR a.actor_id = $5) \
         AND ($6 IS NULL OR LOWER(u.name) LIKE $6) \
         AND ($7 IS NULL OR a.action LIKE $7) \
         AND ($8 IS NULL OR a.at >= $8) \
         AND ($9 IS NULL OR a.at < $9) \
         AND ($10 IS NULL OR a.at < $10 OR (a.at = $10 AND a.id < $11)) \
         ORDER BY a.at DESC, a.id DESC LIMIT $12",
    )
    .bind(&region)
    .bind(entity)
    .bind(&entity_id)
    .bind(&cooperative)
    .bind(&filter.actor)
    .bind(&who)
    .bind(&action)
    .bind(filter.from)
    .bind(filter.until)
    .bind(before_at)
    .bind(&before_id)
    .bind(filter.limit + 1)
    .fetch_all(&db.pool)
    .await?;
    let mut items = rows
        .iter()
        .map(|row| {
            let details: Option<String> = row.try_get("details")?;
            let reasons = details
                .as_deref()
                .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
                .and_then(|d| d.get("reasons").or(d.get("reason")).cloned())
                .and_then(|r| r.as_str().map(str::to_owned));
            Ok(kopdes_domain::audit::AuditEntry {
                id: row.try_get("id")?,
                at: row.try_get("at")?,
                actor_id: row.try_get("actor_id")?,
                actor_name: row.try_get("actor_name")?,
                action: row.try_get("action")?,
                entity: row.try_get("entity")?,
                entity_id: row.try_get("entity_id")?,
                cooperative_id: row.try_get("cooperative_id")?,
                cooperative_name: row.try_get("cooperative_name")?,
                reasons,
                details,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let next = (items.len() as i64 > filter.limit).then(|| {
        items.truncate(filter.limit as usize);
        items
            .last()
            .map(|last| format!("{}:{}", last.at, last.id))
            .unwrap_or_default()
    });
    Ok(kopdes_domain::audit::AuditPage { items, next })
}
