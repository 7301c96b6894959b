//! The dashboards' figures. A refresh reads the records once, in a handful of grouped queries,
//! and writes one row per cooperative (plus its units, answered forms and learners per course)
//! into the `*_stats` tables; a dashboard then sums those rows for a region with one indexed
//! filter, whatever the region's size. The figures carry the time they were computed.
//!
//! Several server processes may share the database: a lease row lets one refresh at a time.

use std::collections::{HashMap, HashSet};

use kopdes_domain::dashboard::{Counts, CourseRate, FormRate, Month, Row, UnitCount};
use kopdes_domain::date::Date;
use kopdes_domain::region::{RegionCode, RegionLevel};
use kopdes_domain::unit::{UnitKind, UnitStatus};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row as _};

use crate::db::Db;

/// A refresh that has not finished in this long is taken to have died with its process.
const LEASE_MILLIS: i64 = 5 * 60 * 1000;
const DAY_MILLIS: i64 = 24 * 3600 * 1000;
/// "Fresh": changed something in this many days before the figures' time.
pub const FRESH_DAYS: i64 = 30;
/// Rows per INSERT: SQLite looks `$n` names up one by one, so statements stay short.
const BATCH: usize = 50;

/// When the figures were computed (Unix ms; 0: never).
pub async fn as_of(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT as_of FROM stats_runs WHERE id = 1")
        .fetch_one(conn)
        .await
}

/// Computes every figure again, unless another process is doing it; `true` when this call did.
#[tracing::instrument(name = "stats.refresh", skip_all)]
pub async fn refresh(db: &Db, now: i64) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query(
        "UPDATE stats_runs SET started_at = $1 WHERE id = 1 \
         AND (started_at IS NULL OR started_at < $2)",
    )
    .bind(now)
    .bind(now - LEASE_MILLIS)
    .execute(&db.writer)
    .await?
    .rows_affected()
        == 1;
    if !taken {
        return Ok(false);
    }
    let computed = compute(db, now).await;
    crate::metrics::job_ran("dashboard_figures", computed.is_ok());
    if computed.is_ok() {
        // The tables were just refilled: without fresh statistics the planner guesses their
        // sizes and scans whole tables for a single village.
        for table in [
            "cooperative_stats",
            "unit_stats",
            "form_stats",
            "course_stats",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(format!("ANALYZE {table}")))
                .execute(&db.writer)
                .await?;
        }
    }
    // The lease is given back either way; only figures that were all written get their time.
    let as_of = if computed.is_ok() {
        now
    } else {
        as_of(&mut *db.pool.acquire().await?).await?
    };
    sqlx::query("UPDATE stats_runs SET started_at = NULL, as_of = $1 WHERE id = 1")
        .bind(as_of)
        .execute(&db.writer)
        .await?;
    computed.map(|()| true)
}

/// One cooperative's figures while they are gathered.
#[derive(Default)]
struct Gathered {
    village: String,
    status: String,
    scheme: String,
    legal_entity: bool,
    created_at: i64,
    verified_at: Option<i64>,
    /// The latest change the cooperative made after registering: its profile, members, units,
    /// form answers or savings. `None`: nothing since registration.
    last_activity: Option<i64>,
    members: i64,
    officers: i64,
    units: i64,
    units_operating: i64,
    enrolled: i64,
    completed: i64,
    registered: i64,
    attended: i64,
    savings: i64,
}

fn month_of(millis: i64) -> String {
    kopdes_domain::savings::period_of(
        Date::in_wib(millis),
        kopdes_domain::savings::Period::Monthly,
    )
}

/// Reads `(cooperative_id, value)` pairs into the gathered rows with `apply`.
async fn each_cooperative(
    conn: &mut AnyConnection,
    sql: &'static str,
    gathered: &mut HashMap<String, Gathered>,
    apply: impl Fn(&mut Gathered, &AnyRow) -> Result<(), sqlx::Error>,
) -> Result<(), sqlx::Error> {
    for row in sqlx::query(sql).fetch_all(conn).await? {
        let id: String = row.try_get("cooperative_id")?;
        if let Some(g) = gathered.get_mut(&id) {
            apply(g, &row)?;
        }
    }
    Ok(())
}

async fn compute(db: &Db, now: i64) -> Result<(), sqlx::Error> {
    let mut reader = db.pool.acquire().await?;
    let conn = &mut *reader;
    let mut gathered: HashMap<String, Gathered> = HashMap::new();
    for row in sqlx::query(
        "SELECT id, village_code, status, scheme, legal_entity_number, created_at, updated_at, \
         verified_at, version FROM cooperatives",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        let created_at: i64 = row.try_get("created_at")?;
        gathered.insert(
            row.try_get("id")?,
            Gathered {
                village: row.try_get("village_code")?,
                status: row.try_get("status")?,
                scheme: row.try_get("scheme")?,
                legal_entity: row
                    .try_get::<Option<String>, _>("legal_entity_number")?
                    .is_some_and(|n| !n.trim().is_empty()),
                created_at,
                verified_at: row.try_get("verified_at")?,
                last_activity: (row.try_get::<i64, _>("version")? > 1)
                    .then(|| row.try_get("updated_at"))
                    .transpose()?,
                ..Gathered::default()
            },
        );
    }
    let latest = |g: &mut Gathered, row: &AnyRow| -> Result<(), sqlx::Error> {
        let at: Option<i64> = row.try_get("at")?;
        g.last_activity = g.last_activity.max(at);
        Ok(())
    };
    each_cooperative(
        conn,
        "SELECT cooperative_id, MAX(updated_at) AS at FROM business_units GROUP BY cooperative_id",
        &mut gathered,
        latest,
    )
    .await?;
    each_cooperative(
        conn,
        "SELECT cooperative_id, MAX(received_at) AS at FROM form_responses GROUP BY cooperative_id",
        &mut gathered,
        latest,
    )
    .await?;
    each_cooperative(
        conn,
        "SELECT cooperative_id, MAX(created_at) AS at, CAST(SUM(amount) AS BIGINT) AS held \
         FROM savings_entries GROUP BY cooperative_id",
        &mut gathered,
        |g, row| {
            latest(g, row)?;
            g.savings = row.try_get::<Option<i64>, _>("held")?.unwrap_or(0);
            Ok(())
        },
    )
    .await?;
    each_cooperative(
        conn,
        "SELECT cooperative_id, MAX(updated_at) AS at, \
         CAST(SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS BIGINT) AS active \
         FROM members GROUP BY cooperative_id",
        &mut gathered,
        |g, row| {
            latest(g, row)?;
            g.members = row.try_get::<Option<i64>, _>("active")?.unwrap_or(0);
            Ok(())
        },
    )
    .await?;
    let today = crate::clock::today().to_string();
    for row in sqlx::query(
        "SELECT cooperative_id, COUNT(*) AS n FROM officers \
         WHERE ended_on IS NULL AND term_end >= $1 GROUP BY cooperative_id",
    )
    .bind(&today)
    .fetch_all(&mut *conn)
    .await?
    {
        if let Some(g) = gathered.get_mut(&row.try_get::<String, _>("cooperative_id")?) {
            g.officers = row.try_get("n")?;
        }
    }
    let mut units: Vec<(String, String, String, i64)> = Vec::new();
    for row in sqlx::query(
        "SELECT cooperative_id, kind, status, COUNT(*) AS n FROM business_units \
         GROUP BY cooperative_id, kind, status",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        let (id, kind, status, n): (String, String, String, i64) = (
            row.try_get("cooperative_id")?,
            row.try_get("kind")?,
            row.try_get("status")?,
            row.try_get("n")?,
        );
        if let Some(g) = gathered.get_mut(&id) {
            g.units += n;
            if status == "operating" {
                g.units_operating += n;
            }
            units.push((id, kind, status, n));
        }
    }
    let answered: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT f.form_key, r.cooperative_id FROM form_responses r \
         JOIN forms f ON f.id = r.form_id",
    )
    .fetch_all(&mut *conn)
    .await?;

    // People count where they belong: a member's or an officer's cooperative.
    let mut home: HashMap<String, String> = HashMap::new();
    for (user, cooperative) in sqlx::query_as::<_, (String, String)>(
        "SELECT user_id, cooperative_id FROM officers WHERE ended_on IS NULL \
         UNION SELECT user_id, cooperative_id FROM members WHERE status = 'active' AND user_id IS NOT NULL",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        home.entry(user).or_insert(cooperative);
    }
    for row in sqlx::query("SELECT user_id, active, attended FROM event_registrations")
        .fetch_all(&mut *conn)
        .await?
    {
        let user: String = row.try_get("user_id")?;
        if let Some(g) = home.get(&user).and_then(|c| gathered.get_mut(c)) {
            g.registered += row.try_get::<i64, _>("active")?;
            g.attended += row.try_get::<i64, _>("attended")?;
        }
    }
    let courses = learners(conn, &home).await?;
    for ((_, cooperative), (enrolled, completed)) in &courses {
        if let Some(g) = gathered.get_mut(cooperative) {
            g.enrolled += enrolled;
            g.completed += completed;
        }
    }

    // Gathered on a reader, given back before the writer is asked for, so writers wait only
    // for the figures to be replaced and no reader waits on them.
    drop(reader);
    let mut writer = db.writer.acquire().await?;
    store(&mut writer, now, &gathered, &units, &answered, &courses).await
}

/// Everyone who started a published course, with whether they finished it (every lesson of
/// its current version read and the quiz passed: the rule of `courses::progress`), as
/// `(user, course, finished)`. With `cooperative`, only its active members.
pub async fn course_progress(
    conn: &mut AnyConnection,
    cooperative: Option<&str>,
) -> Result<Vec<(String, String, bool)>, sqlx::Error> {
    let lessons: HashMap<String, HashSet<String>> = crate::courses::published(&mut *conn)
        .await?
        .into_iter()
        .map(|m| (m.summary.id, m.lessons.into_iter().map(|l| l.id).collect()))
        .collect();
    let only = if cooperative.is_some() {
        " AND user_id IN (SELECT user_id FROM members WHERE cooperative_id = $1 \
         AND status = 'active' AND user_id IS NOT NULL)"
    } else {
        ""
    };
    let mut read: HashMap<(String, String), HashSet<String>> = HashMap::new();
    let sql =
        format!("SELECT user_id, course_id, lesson_id FROM lesson_progress WHERE 1 = 1{only}");
    let mut query = sqlx::query_as::<_, (String, String, String)>(sqlx::AssertSqlSafe(sql));
    if let Some(id) = cooperative {
        query = query.bind(id);
    }
    for (user, course, lesson) in query.fetch_all(&mut *conn).await? {
        read.entry((user, course)).or_default().insert(lesson);
    }
    let sql =
        format!("SELECT DISTINCT user_id, course_id FROM quiz_attempts WHERE passed = 1{only}");
    let mut query = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
    if let Some(id) = cooperative {
        query = query.bind(id);
    }
    let passed: HashSet<(String, String)> =
        query.fetch_all(&mut *conn).await?.into_iter().collect();
    let started: HashSet<&(String, String)> = read.keys().chain(passed.iter()).collect();
    Ok(started
        .into_iter()
        .filter_map(|key| {
            let all = lessons.get(&key.1)?;
            let finished = passed.contains(key)
                && read
                    .get(key)
                    .is_some_and(|r| all.iter().all(|l| r.contains(l)));
            Some((key.0.clone(), key.1.clone(), finished))
        })
        .collect())
}

/// Per course and cooperative: people who opened the course, and who finished it.
async fn learners(
    conn: &mut AnyConnection,
    home: &HashMap<String, String>,
) -> Result<HashMap<(String, String), (i64, i64)>, sqlx::Error> {
    let mut out: HashMap<(String, String), (i64, i64)> = HashMap::new();
    for (user, course, finished) in course_progress(conn, None).await? {
        let Some(cooperative) = home.get(&user) else {
            continue;
        };
        let counts = out.entry((course, cooperative.clone())).or_default();
        counts.0 += 1;
        counts.1 += i64::from(finished);
    }
    Ok(out)
}

/// `INSERT … VALUES (…), (…)` for `rows` rows of `columns` values, numbered for binding.
fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", r * columns.len() + c + 1));
        }
        sql.push(')');
    }
    sql
}

/// A value to bind in a batch.
enum Value<'a> {
    Text(&'a str),
    OptText(Option<&'a str>),
    Int(i64),
}

async fn insert_all(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value<'_>>>,
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(BATCH) {
        let sql = insert_sql(table, columns, chunk.len());
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for value in row {
                query = match value {
                    Value::Text(t) => query.bind(*t),
                    Value::OptText(t) => query.bind(*t),
                    Value::Int(n) => query.bind(*n),
                };
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

async fn store(
    conn: &mut AnyConnection,
    now: i64,
    gathered: &HashMap<String, Gathered>,
    units: &[(String, String, String, i64)],
    answered: &[(String, String)],
    courses: &HashMap<(String, String), (i64, i64)>,
) -> Result<(), sqlx::Error> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    for table in [
        "cooperative_stats",
        "unit_stats",
        "form_stats",
        "course_stats",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(&mut *tx)
            .await?;
    }
    let fresh_since = now - FRESH_DAYS * DAY_MILLIS;
    let months: Vec<(String, Option<String>)> = gathered
        .values()
        .map(|g| (month_of(g.created_at), g.verified_at.map(month_of)))
        .collect();
    let rows = gathered
        .iter()
        .zip(&months)
        .map(|((id, g), (created, verified))| {
            let code = |level| {
                RegionCode::parse(&g.village)
                    .ok()
                    .and_then(|c| c.ancestor(level))
                    .map(|c| c.as_str().len())
                    .map_or(g.village.as_str(), |len| &g.village[..len])
            };
            vec![
                Value::Text(id),
                Value::Text(code(RegionLevel::Province)),
                Value::Text(code(RegionLevel::Regency)),
                Value::Text(code(RegionLevel::District)),
                Value::Text(&g.village),
                Value::Text(&g.status),
                Value::Text(&g.scheme),
                Value::Int(i64::from(g.legal_entity)),
                Value::Int(g.members),
                Value::Int(g.officers),
                Value::Int(g.units),
                Value::Int(g.units_operating),
                Value::Int(i64::from(
                    g.last_activity.is_some_and(|at| at >= fresh_since),
                )),
                Value::Int(i64::from(g.last_activity.is_none())),
                Value::Int(g.enrolled),
                Value::Int(g.completed),
                Value::Int(g.registered),
                Value::Int(g.attended),
                Value::Int(g.savings),
                Value::Text(created),
                Value::OptText(verified.as_deref()),
            ]
        })
        .collect();
    insert_all(
        &mut tx,
        "cooperative_stats",
        &[
            "cooperative_id",
            "province",
            "regency",
            "district",
            "village",
            "status",
            "scheme",
            "legal_entity",
            "members",
            "officers",
            "units",
            "units_operating",
            "fresh",
            "never_updated",
            "enrolled",
            "completed",
            "registered",
            "attended",
            "savings",
            "created_month",
            "verified_month",
        ],
        rows,
    )
    .await?;
    let rows = units
        .iter()
        .map(|(id, kind, status, n)| {
            vec![
                Value::Text(id),
                Value::Text(kind),
                Value::Text(status),
                Value::Int(*n),
            ]
        })
        .collect();
    insert_all(
        &mut tx,
        "unit_stats",
        &["cooperative_id", "kind", "status", "n"],
        rows,
    )
    .await?;
    let rows = answered
        .iter()
        .map(|(form, id)| vec![Value::Text(form), Value::Text(id)])
        .collect();
    insert_all(&mut tx, "form_stats", &["form_key", "cooperative_id"], rows).await?;
    let rows = courses
        .iter()
        .map(|((course, id), (enrolled, completed))| {
            vec![
                Value::Text(course),
                Value::Text(id),
                Value::Int(*enrolled),
                Value::Int(*completed),
            ]
        })
        .collect();
    insert_all(
        &mut tx,
        "course_stats",
        &["course_id", "cooperative_id", "enrolled", "completed"],
        rows,
    )
    .await?;
    tx.commit().await
}

/// The column holding a region of `level`, and the one holding its children.
fn columns(level: Option<RegionLevel>) -> (Option<&'static str>, &'static str) {
    match level {
        None => (None, "province"),
        Some(RegionLevel::Province) => (Some("province"), "regency"),
        Some(RegionLevel::Regency) => (Some("regency"), "district"),
        Some(RegionLevel::District) => (Some("district"), "village"),
        Some(RegionLevel::Village) => (Some("village"), "village"),
    }
}

/// `WHERE` for the region (`$1`), or nothing for the whole country.
fn filter(region: Option<&RegionCode>, alias: &str) -> String {
    match columns(region.map(RegionCode::level)).0 {
        Some(column) => format!("WHERE {alias}{column} = $1"),
        None => "WHERE 1 = 1".to_owned(),
    }
}

fn bind_region<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    region: Option<&'q RegionCode>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    match region {
        Some(code) => query.bind(code.as_str()),
        None => query,
    }
}

const SUMS: &str = "COUNT(*) AS cooperatives, \
    CAST(SUM(CASE WHEN status = 'draft' THEN 1 ELSE 0 END) AS BIGINT) AS draft, \
    CAST(SUM(CASE WHEN status = 'submitted' THEN 1 ELSE 0 END) AS BIGINT) AS submitted, \
    CAST(SUM(CASE WHEN status = 'verified' THEN 1 ELSE 0 END) AS BIGINT) AS verified, \
    CAST(SUM(CASE WHEN status = 'returned' THEN 1 ELSE 0 END) AS BIGINT) AS returned, \
    CAST(SUM(CASE WHEN scheme = 'baru' THEN 1 ELSE 0 END) AS BIGINT) AS baru, \
    CAST(SUM(CASE WHEN scheme = 'mengembangkan' THEN 1 ELSE 0 END) AS BIGINT) AS mengembangkan, \
    CAST(SUM(CASE WHEN scheme = 'revitalisasi' THEN 1 ELSE 0 END) AS BIGINT) AS revitalisasi, \
    CAST(SUM(legal_entity) AS BIGINT) AS legal_entity, CAST(SUM(members) AS BIGINT) AS members, \
    CAST(SUM(officers) AS BIGINT) AS officers, CAST(SUM(units) AS BIGINT) AS units, \
    CAST(SUM(units_operating) AS BIGINT) AS units_operating, CAST(SUM(fresh) AS BIGINT) AS fresh, \
    CAST(SUM(never_updated) AS BIGINT) AS never_updated, CAST(SUM(enrolled) AS BIGINT) AS enrolled, \
    CAST(SUM(completed) AS BIGINT) AS completed, CAST(SUM(registered) AS BIGINT) AS registered, \
    CAST(SUM(attended) AS BIGINT) AS attended, CAST(SUM(savings) AS BIGINT) AS savings";

fn counts(row: &AnyRow) -> Result<Counts, sqlx::Error> {
    let n = |name: &str| -> Result<u64, sqlx::Error> {
        Ok(row.try_get::<Option<i64>, _>(name)?.unwrap_or(0).max(0) as u64)
    };
    Ok(Counts {
        cooperatives: n("cooperatives")?,
        draft: n("draft")?,
        submitted: n("submitted")?,
        verified: n("verified")?,
        returned: n("returned")?,
        baru: n("baru")?,
        mengembangkan: n("mengembangkan")?,
        revitalisasi: n("revitalisasi")?,
        legal_entity: n("legal_entity")?,
        members: n("members")?,
        officers: n("officers")?,
        units: n("units")?,
        units_operating: n("units_operating")?,
        fresh: n("fresh")?,
        never_updated: n("never_updated")?,
        enrolled: n("enrolled")?,
        completed: n("completed")?,
        registered: n("registered")?,
        attended: n("attended")?,
        savings: row.try_get::<Option<i64>, _>("savings")?.unwrap_or(0),
    })
}

/// One row per region inside `region` (per village: its cooperative), named, by name.
#[tracing::instrument(name = "stats.rows", skip_all)]
pub async fn rows(
    conn: &mut AnyConnection,
    region: Option<&RegionCode>,
) -> Result<Vec<Row>, sqlx::Error> {
    let (_, child) = columns(region.map(RegionCode::level));
    let sql = format!(
        "SELECT s.{child} AS code, r.name AS name, MIN(s.cooperative_id) AS cooperative_id, {SUMS} \
         FROM cooperative_stats s JOIN regions r ON r.code = s.{child} {} \
         GROUP BY s.{child}, r.name ORDER BY r.name, s.{child}",
        filter(region, "s.")
    );
    let found = bind_region(sqlx::query(sqlx::AssertSqlSafe(sql)), region)
        .fetch_all(conn)
        .await?;
    let villages = child == "village";
    found
        .iter()
        .map(|row| {
            Ok(Row {
                code: row.try_get("code")?,
                name: row.try_get("name")?,
                cooperative_id: if villages {
                    row.try_get("cooperative_id")?
                } else {
                    None
                },
                counts: counts(row)?,
            })
        })
        .collect()
}

/// Business units of the region, by kind and status.
#[tracing::instrument(name = "stats.units", skip_all)]
pub async fn units(
    conn: &mut AnyConnection,
    region: Option<&RegionCode>,
) -> Result<Vec<UnitCount>, sqlx::Error> {
    let sql = format!(
        "SELECT u.kind AS kind, u.status AS status, CAST(SUM(u.n) AS BIGINT) AS n FROM unit_stats u \
         JOIN cooperative_stats s ON s.cooperative_id = u.cooperative_id {} \
         GROUP BY u.kind, u.status",
        filter(region, "s.")
    );
    let found = bind_region(sqlx::query(sqlx::AssertSqlSafe(sql)), region)
        .fetch_all(conn)
        .await?;
    let mut out: Vec<UnitCount> = Vec::new();
    for row in &found {
        let (kind, status): (String, String) = (row.try_get("kind")?, row.try_get("status")?);
        if let (Some(kind), Some(status)) = (UnitKind::parse(&kind), UnitStatus::parse(&status)) {
            out.push(UnitCount {
                kind,
                status,
                count: row.try_get::<Option<i64>, _>("n")?.unwrap_or(0) as u64,
            });
        }
    }
    out.sort_by_key(|u| {
        (
            UnitKind::ALL.iter().position(|k| *k == u.kind),
            u.status as u8,
        )
    });
    Ok(out)
}

/// Running totals of cooperatives registered and verified at the end of each of the twelve
/// months up to `now`.
#[tracing::instrument(name = "stats.trend", skip_all)]
pub async fn trend(
    conn: &mut AnyConnection,
    region: Option<&RegionCode>,
    now: i64,
) -> Result<Vec<Month>, sqlx::Error> {
    let mut by_month: HashMap<String, (u64, u64)> = HashMap::new();
    for (column, verified) in [("created_month", false), ("verified_month", true)] {
        let sql = format!(
            "SELECT s.{column} AS month, COUNT(*) AS n FROM cooperative_stats s {} \
             AND s.{column} IS NOT NULL GROUP BY s.{column}",
            filter(region, "s.")
        );
        for row in bind_region(sqlx::query(sqlx::AssertSqlSafe(sql)), region)
            .fetch_all(&mut *conn)
            .await?
        {
            let month: String = row.try_get("month")?;
            let n = row.try_get::<i64, _>("n")? as u64;
            let entry = by_month.entry(month).or_default();
            if verified {
                entry.1 += n;
            } else {
                entry.0 += n;
            }
        }
    }
    let today = Date::in_wib(now);
    let start = today.add_days(-(365 - 31));
    let months = kopdes_domain::savings::periods_between(
        start,
        today,
        kopdes_domain::savings::Period::Monthly,
    );
    let first = months.first().cloned().unwrap_or_default();
    // Everything before the first month shown is where the running totals start.
    let (mut registered, mut verified) = by_month
        .iter()
        .filter(|(m, _)| **m < first)
        .fold((0, 0), |(r, v), (_, (a, b))| (r + a, v + b));
    Ok(months
        .into_iter()
        .map(|month| {
            let (r, v) = by_month.get(&month).copied().unwrap_or_default();
            registered += r;
            verified += v;
            Month {
                month,
                registered,
                verified,
            }
        })
        .collect())
}

/// Cooperatives in the region, for a form published to `scope` (absent: everyone).
async fn asked(
    conn: &mut AnyConnection,
    region: Option<&RegionCode>,
    scope: Option<&RegionCode>,
) -> Result<u64, sqlx::Error> {
    let mut sql = format!(
        "SELECT COUNT(*) FROM cooperative_stats s {}",
        filter(region, "s.")
    );
    if let Some(scope) = scope {
        let column = columns(Some(scope.level())).0.unwrap_or("village");
        sql.push_str(&format!(
            " AND s.{column} = ${}",
            if region.is_some() { 2 } else { 1 }
        ));
    }
    let mut query = bind_region(sqlx::query(sqlx::AssertSqlSafe(sql)), region);
    if let Some(scope) = scope {
        query = query.bind(scope.as_str());
    }
    let n: i64 = query.fetch_one(conn).await?.try_get(0)?;
    Ok(n as u64)
}

/// The newest version of every published form that reaches the region, with how many of the
/// region's cooperatives it asks and how many answered (any version).
#[tracing::instrument(name = "stats.forms", skip_all)]
pub async fn forms(
    db: &Db,
    conn: &mut AnyConnection,
    region: Option<&RegionCode>,
) -> Result<Vec<FormRate>, sqlx::Error> {
    let sql = format!(
        "SELECT f.form_key AS form_key, COUNT(*) AS n FROM form_stats f \
         JOIN cooperative_stats s ON s.cooperative_id = f.cooperative_id {} GROUP BY f.form_key",
        filter(region, "s.")
    );
    let answered: HashMap<String, i64> = bind_region(sqlx::query(sqlx::AssertSqlSafe(sql)), region)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("form_key")?, row.try_get("n")?)))
        .collect::<Result<_, sqlx::Error>>()?;
    let mut out = Vec::new();
    for form in crate::forms::newest(db).await? {
        // A form for somewhere else entirely asks nobody here.
        let overlaps = match (&form.scope, region) {
            (Some(s), Some(r)) => s.contains(r) || r.contains(s),
            _ => true,
        };
        if !overlaps {
            continue;
        }
        out.push(FormRate {
            asked: asked(&mut *conn, region, form.scope.as_ref()).await?,
            answered: answered.get(&form.spec.key).copied().unwrap_or(0) as u64,
            form_id: form.id,
            title: form.spec.title,
        });
    }
    Ok(out)
}

/// Every published course with its learners in the region.
#[tracing::instrument(name = "stats.courses", skip_all)]
pub async fn courses(
    conn: &mut AnyConnection,
    region: Option<&RegionCode>,
) -> Result<Vec<CourseRate>, sqlx::Error> {
    let sql = format!(
        "SELECT c.course_id AS course_id, CAST(SUM(c.enrolled) AS BIGINT) AS enrolled, \
         CAST(SUM(c.completed) AS BIGINT) AS completed FROM course_stats c \
         JOIN cooperative_stats s ON s.cooperative_id = c.cooperative_id {} GROUP BY c.course_id",
        filter(region, "s.")
    );
    let found: HashMap<String, (u64, u64)> =
        bind_region(sqlx::query(sqlx::AssertSqlSafe(sql)), region)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|row| {
                Ok((
                    row.try_get("course_id")?,
                    (
                        row.try_get::<Option<i64>, _>("enrolled")?.unwrap_or(0) as u64,
                        row.try_get::<Option<i64>, _>("completed")?.unwrap_or(0) as u64,
                    ),
                ))
            })
            .collect::<Result<_, sqlx::Error>>()?;
    Ok(crate::courses::published(conn)
        .await?
        .into_iter()
        .map(|m| {
            let (enrolled, completed) = found.get(&m.summary.id).copied().unwrap_or_default();
            CourseRate {
                course_id: m.summary.id,
                title: m.summary.title,
                enrolled,
                completed,
            }
        })
        .collect())
}
