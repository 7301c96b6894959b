//! Data sets loaded after migrating. Each is recorded in `seed_runs` inside the transaction that
//! loads it, so a crash mid-way loads nothing (the next start tries again) and a set already
//! loaded is never loaded twice.

use crate::clock::now_millis;
use crate::db::Db;

/// A named data set of SQL statements both backends accept. Changing what a set loads means a
/// new name (`demo-v2`), exactly like migrations: a database that loaded `demo-v1` keeps it.
#[derive(Debug)]
pub struct SeedSet {
    pub name: &'static str,
    pub statements: &'static [&'static str],
}

/// The demo data for `make run`. The skeleton has no domain tables yet; regions, a demo
/// cooperative, accounts for every role and content arrive as their own named sets.
pub const DEMO: &[SeedSet] = &[];

/// Loads every set not loaded before and returns the names this call loaded.
#[tracing::instrument(name = "seed.load", skip_all)]
pub async fn load(db: &Db, sets: &[SeedSet]) -> anyhow::Result<Vec<&'static str>> {
    let mut loaded = Vec::new();
    for set in sets {
        let mut tx = db.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO seed_runs (name, applied_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(set.name)
        .bind(now_millis())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            continue;
        }
        for statement in set.statements {
            sqlx::raw_sql(*statement).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        tracing::info!(set = set.name, "loaded data set");
        loaded.push(set.name);
    }
    Ok(loaded)
}
