//! The Kemendagri region tree: loading the embedded data set, and the queries over it.

use std::io::Read;

use anyhow::Context;
use kopdes_domain::api::{Region, RegionSummary};
use kopdes_domain::region::RegionCode;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::db::Db;
use crate::seed;

/// The data set in `server/data/regions`; its name is recorded in `seed_runs` once loaded.
pub const DATA_SET: &str = "regions:idn-area-data-4.0.1";
static DATA: &[u8] = include_bytes!("../data/regions/idn-area-data-4.0.1.tsv.gz");

/// Rows per INSERT: 4 values each stays far below SQLite's and PostgreSQL's bind limits.
const BATCH: usize = 1000;

/// Loads the region tree unless this data set was loaded before. One transaction: a crash
/// half-way leaves the previous tree, and the next start tries again.
#[tracing::instrument(name = "regions.load", skip_all)]
pub async fn load(db: &Db) -> anyhow::Result<bool> {
    let mut tx = db.writer.begin().await?;
    if !seed::claim(&mut tx, DATA_SET).await? {
        return Ok(false);
    }
    let rows = parse(DATA)?;
    for batch in rows.chunks(BATCH) {
        let values = (0..batch.len())
            .map(|i| {
                format!(
                    "(${}, ${}, ${}, ${})",
                    i * 4 + 1,
                    i * 4 + 2,
                    i * 4 + 3,
                    i * 4 + 4
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        // A newer data set renames regions in place: codes referenced elsewhere stay valid.
        let sql = format!(
            "INSERT INTO regions (code, parent_code, level, name) VALUES {values} \
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
             parent_code = excluded.parent_code, level = excluded.level"
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (code, name) in batch {
            query = query
                .bind(code.as_str().to_owned())
                .bind(code.parent().map(|p| p.as_str().to_owned()))
                .bind(i64::from(code.level().depth()))
                .bind(name.clone());
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    tracing::info!(regions = rows.len(), set = DATA_SET, "loaded region tree");
    Ok(true)
}

/// The embedded region tree, parents before their children (for tools that need it without
/// a database, such as the import benchmark's file generator).
pub fn embedded() -> anyhow::Result<Vec<(RegionCode, String)>> {
    parse(DATA)
}

/// Parses the embedded `code<TAB>name` lines; parents precede their children.
fn parse(gzipped: &[u8]) -> anyhow::Result<Vec<(RegionCode, String)>> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(gzipped)
        .read_to_string(&mut text)
        .context("region data is not valid gzip/UTF-8")?;
    text.lines()
        .enumerate()
        .map(|(n, line)| {
            let (code, name) = line
                .split_once('\t')
                .with_context(|| format!("region data line {}: no tab", n + 1))?;
            let code = RegionCode::parse(code)
                .with_context(|| format!("region data line {}: bad code {code:?}", n + 1))?;
            Ok((code, name.to_owned()))
        })
        .collect()
}

fn summary(row: &AnyRow) -> Result<RegionSummary, sqlx::Error> {
    let code: String = row.try_get("code")?;
    Ok(RegionSummary {
        code: RegionCode::parse(&code).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        name: row.try_get("name")?,
    })
}

#[tracing::instrument(name = "regions.find", skip(db))]
pub async fn find(db: &Db, code: &RegionCode) -> Result<Option<Region>, sqlx::Error> {
    find_in(&mut *db.pool.acquire().await?, code).await
}

/// [`find`] on a connection in hand: a transaction on the writer asks no reader meanwhile.
pub async fn find_in(
    conn: &mut AnyConnection,
    code: &RegionCode,
) -> Result<Option<Region>, sqlx::Error> {
    let row = sqlx::query("SELECT code, name FROM regions WHERE code = $1")
        .bind(code.as_str())
        .fetch_optional(conn)
        .await?;
    row.map(|r| {
        summary(&r).map(|s| Region {
            level: s.code.level(),
            code: s.code,
            name: s.name,
        })
    })
    .transpose()
}

/// The children of `parent` (the provinces when `None`), by name.
#[tracing::instrument(name = "regions.children", skip(db))]
pub async fn children(
    db: &Db,
    parent: Option<&RegionCode>,
) -> Result<Vec<RegionSummary>, sqlx::Error> {
    let rows = match parent {
        Some(parent) => {
            sqlx::query("SELECT code, name FROM regions WHERE parent_code = $1 ORDER BY name, code")
                .bind(parent.as_str())
                .fetch_all(&db.pool)
                .await?
        }
        None => {
            sqlx::query("SELECT code, name FROM regions WHERE level = 1 ORDER BY name, code")
                .fetch_all(&db.pool)
                .await?
        }
    };
    rows.iter().map(summary).collect()
}

/// The regions enclosing `code`, province first: one query for all of them.
#[tracing::instrument(name = "regions.path", skip(db))]
pub async fn path(db: &Db, code: &RegionCode) -> Result<Vec<RegionSummary>, sqlx::Error> {
    let mut ancestors = Vec::new();
    let mut next = code.parent();
    while let Some(code) = next {
        next = code.parent();
        ancestors.push(code);
    }
    if ancestors.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = (1..=ancestors.len())
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql =
        format!("SELECT code, name FROM regions WHERE code IN ({placeholders}) ORDER BY level");
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for ancestor in &ancestors {
        query = query.bind(ancestor.as_str().to_owned());
    }
    let rows = query.fetch_all(&db.pool).await?;
    rows.iter().map(summary).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_data_set_is_complete_and_ordered() {
        let rows = parse(DATA).unwrap();
        let count = |depth| {
            rows.iter()
                .filter(|(c, _)| c.level().depth() == depth)
                .count()
        };
        assert_eq!(
            (count(1), count(2), count(3), count(4)),
            (38, 514, 7285, 83762)
        );
        let mut seen = std::collections::HashSet::new();
        for (code, name) in &rows {
            assert!(!name.trim().is_empty(), "{code} has no name");
            if let Some(parent) = code.parent() {
                assert!(seen.contains(&parent), "{code} comes before its parent");
            }
            seen.insert(code.clone());
        }
    }
}
