//! Data sets loaded after migrating (the region tree, the demo data). Each is claimed in
//! `seed_runs` inside the transaction that loads it: a crash half-way loads nothing and the
//! next start tries again, and a set already loaded is never loaded twice, even by several
//! server processes starting at once.

use sqlx::AnyConnection;

use crate::clock::now_millis;

/// Marks `name` as loaded, inside the caller's transaction. `false`: it was loaded before,
/// and the caller should load nothing.
pub async fn claim(conn: &mut AnyConnection, name: &str) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO seed_runs (name, applied_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(now_millis())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}
