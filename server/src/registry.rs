//! The registry as staff read it: pages of cooperatives in a set of regions, searched, filtered
//! and sorted in SQL, with the total. Queries only; the route decides which regions a caller
//! may read.

use kopdes_domain::cooperative::{CooperativeStatus, Scheme};
use kopdes_domain::region::RegionCode;
use kopdes_domain::registry::{RegistryEntry, RegistryFilter, RegistryPage, RegistrySort};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::cooperatives::decode_error;
use crate::db::Db;

/// Where a registry read looks.
#[derive(Debug, Clone)]
pub enum Within {
    Country,
    /// Any of these regions (a two-place account reads both).
    Regions(Vec<RegionCode>),
}

/// More words than this in a search are ignored: each costs a pass over the names.
const MAX_WORDS: usize = 5;

/// A query's text and its parameters, numbered in the order they are pushed, so one builder
/// serves SQLite and PostgreSQL (both read `$1`).
#[derive(Default)]
struct Sql {
    conditions: Vec<String>,
    binds: Vec<String>,
}

impl Sql {
    /// Binds `value` and returns its placeholder.
    fn bind(&mut self, value: String) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    fn condition(&mut self, condition: String) {
        self.conditions.push(condition);
    }

    fn where_clause(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conditions.join(" AND "))
        }
    }
}

const FROM: &str = "FROM cooperatives c JOIN regions r ON r.code = c.village_code \
     LEFT JOIN regions g ON g.code = SUBSTR(c.village_code, 1, 5)";

fn conditions(within: &Within, filter: &RegistryFilter) -> Sql {
    let mut sql = Sql::default();
    // Region codes nest by prefix: everything in 32.04 starts with "32.04.". A region filter
    // narrows the caller's regions; the route has checked it lies inside one of them.
    let regions: Vec<&RegionCode> = match (&filter.region, within) {
        (Some(region), _) => vec![region],
        (None, Within::Country) => Vec::new(),
        (None, Within::Regions(regions)) => regions.iter().collect(),
    };
    if !regions.is_empty() {
        let any = regions
            .iter()
            .map(|r| {
                let p = sql.bind(format!("{}.%", r.as_str()));
                format!("c.village_code LIKE {p}")
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        sql.condition(format!("({any})"));
    }
    if let Some(status) = filter.status {
        let p = sql.bind(status.as_str().to_owned());
        sql.condition(format!("c.status = {p}"));
    }
    if let Some(scheme) = filter.scheme {
        let p = sql.bind(scheme.as_str().to_owned());
        sql.condition(format!("c.scheme = {p}"));
    }
    if let Some(search) = &filter.search {
        // Every word must be found somewhere: "sukamaju bandung" is Sukamaju in Kab. Bandung.
        // LIKE's wildcards are dropped from what was typed rather than escaped: names never
        // hold them.
        for word in search.split_whitespace().take(MAX_WORDS) {
            let word = word.replace(['%', '_'], "");
            if word.is_empty() {
                continue;
            }
            let inside = sql.bind(format!("%{word}%"));
            let start = sql.bind(format!("{word}%"));
            sql.condition(format!(
                "(LOWER(c.name) LIKE {inside} OR LOWER(r.name) LIKE {inside} \
                 OR LOWER(COALESCE(g.name, '')) LIKE {inside} OR c.village_code LIKE {start} \
                 OR LOWER(COALESCE(c.nik_koperasi, '')) LIKE {start} \
                 OR LOWER(COALESCE(c.legal_entity_number, '')) LIKE {inside})"
            ));
        }
    }
    sql
}

fn order_by(sort: RegistrySort) -> &'static str {
    match sort {
        RegistrySort::Name => "c.name, c.id",
        RegistrySort::Village => "c.village_code, c.id",
        // Never-submitted records last; false sorts before true in both databases.
        RegistrySort::OldestSubmitted => "(c.submitted_at IS NULL), c.submitted_at, c.id",
        RegistrySort::RecentlyChanged => "c.updated_at DESC, c.id",
    }
}

fn entry(row: &AnyRow) -> Result<RegistryEntry, sqlx::Error> {
    let village: String = row.try_get("village_code")?;
    let scheme: String = row.try_get("scheme")?;
    let status: String = row.try_get("status")?;
    Ok(RegistryEntry {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        village: RegionCode::parse(&village).map_err(|_| decode_error("village", &village))?,
        village_name: row.try_get("village_name")?,
        regency_name: row.try_get("regency_name")?,
        scheme: Scheme::parse(&scheme).ok_or_else(|| decode_error("scheme", &scheme))?,
        status: CooperativeStatus::parse(&status).ok_or_else(|| decode_error("status", &status))?,
        submitted_at: row.try_get("submitted_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// One page of the registry and the number of records matching, across all pages.
#[tracing::instrument(name = "registry.page", skip_all)]
pub async fn page(
    db: &Db,
    within: &Within,
    filter: &RegistryFilter,
) -> Result<RegistryPage, sqlx::Error> {
    let sql = conditions(within, filter);
    let where_clause = sql.where_clause();
    let count = format!("SELECT COUNT(*) {FROM} {where_clause}");
    let mut total_query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count));
    for bind in &sql.binds {
        total_query = total_query.bind(bind.clone());
    }
    // Both reads on one connection, so a large registry does not hold two of the pool's.
    let mut conn = db.pool.acquire().await?;
    let total = total_query.fetch_one(&mut *conn).await?;
    // The page's bounds are numbers, bound after the text parameters.
    let limit = format!("${}", sql.binds.len() + 1);
    let offset = format!("${}", sql.binds.len() + 2);
    let select = format!(
        "SELECT c.id, c.name, c.village_code, r.name AS village_name, \
         COALESCE(g.name, '') AS regency_name, c.scheme, c.status, c.submitted_at, \
         c.updated_at {FROM} {where_clause} ORDER BY {} LIMIT {limit} OFFSET {offset}",
        order_by(filter.sort)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(select));
    for bind in &sql.binds {
        query = query.bind(bind.clone());
    }
    let rows = query
        .bind(filter.limit)
        .bind(filter.offset)
        .fetch_all(&mut *conn)
        .await?;
    Ok(RegistryPage {
        items: rows.iter().map(entry).collect::<Result<_, _>>()?,
        total,
        offset: filter.offset,
        limit: filter.limit,
    })
}
