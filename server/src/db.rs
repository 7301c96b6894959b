//! The database: SQLite embedded by default, PostgreSQL for national scale, behind one pool.
//!
//! Queries go through sqlx's `Any` driver and are written in the SQL both backends share
//! (`$1` placeholders, BIGINT times, TEXT ids), so no code path exists for only one of them.
//! The migrations, too, are one set of files in that shared SQL, embedded in the binary and run
//! at start. Should a backend ever need its own DDL, the directory splits then: sqlx checks a
//! migration by its version and content, not by where the file lived.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use kopdes_domain::api::DatabaseBackend;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::error::DatabaseError;
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

static MIGRATIONS: Migrator = sqlx::migrate!("./migrations");

/// SQLite must not lose a committed write on power loss (synchronous FULL), lets readers run
/// beside the writer (WAL) and enforces references like PostgreSQL does (foreign keys).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; \
     PRAGMA busy_timeout = 5000;";

/// SQLite's readers may not write: a write sent to [`Db::pool`] instead of [`Db::writer`] fails
/// in every test rather than contending with the writer under load.
const SQLITE_READER_PRAGMAS: &str = "PRAGMA query_only = ON;";

/// How long a request waits for a connection, its turn to write included, before it is
/// answered `429 busy`.
const POOL_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct Db {
    /// Reads.
    pub pool: AnyPool,
    /// Writes, and transactions that write. SQLite lets one writer in at a time, and its own
    /// wait for the lock is a retry after a sleep, which under load left some writers waiting
    /// past its timeout while later ones got in (two `500`s among 256 phones pushing). So on
    /// SQLite this is a pool of one connection, which sqlx hands out in the order asked. On
    /// PostgreSQL it is the same pool as reads: row locks order the writers there.
    pub writer: AnyPool,
    pub backend: DatabaseBackend,
}

impl Db {
    /// Connects (creating an SQLite file and its directory when missing) and migrates.
    #[tracing::instrument(name = "db.connect", skip_all, fields(backend))]
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = backend_of(url)?;
        tracing::Span::current().record("backend", tracing::field::debug(backend));
        let db = match backend {
            DatabaseBackend::Sqlite => {
                let url = prepare_sqlite_url(url)?;
                // The writer first: it creates the file and turns WAL on before any reader.
                let writer = connect_pool(backend, &url, 1, &[SQLITE_PRAGMAS]).await?;
                let pool = connect_pool(
                    backend,
                    &url,
                    max_connections,
                    &[SQLITE_PRAGMAS, SQLITE_READER_PRAGMAS],
                )
                .await?;
                Db {
                    pool,
                    writer,
                    backend,
                }
            }
            DatabaseBackend::Postgres => {
                let pool = connect_pool(backend, url, max_connections, &[]).await?;
                Db {
                    writer: pool.clone(),
                    pool,
                    backend,
                }
            }
        };
        db.migrate().await?;
        Ok(db)
    }

    /// Closes both pools, for a clean stop.
    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }

    #[tracing::instrument(name = "db.migrate", skip_all)]
    async fn migrate(&self) -> anyhow::Result<()> {
        MIGRATIONS
            .run(&self.writer)
            .await
            .context("database migration failed")
    }

    /// The newest migration applied. Doubles as the liveness probe of the database.
    #[tracing::instrument(name = "db.migration_version", skip_all)]
    pub async fn migration_version(&self) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&self.pool)
            .await
    }

    /// The newest migration this binary carries, which a migrated database must report.
    pub fn latest_known_migration(&self) -> Option<i64> {
        MIGRATIONS.iter().map(|m| m.version).max()
    }
}

/// Whether a write failed on a unique index (the same on SQLite and PostgreSQL).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|e| e.is_unique_violation())
}

/// PostgreSQL refuses text holding the NUL character (SQLSTATE 22021), which no person types
/// but a fuzzer or a broken client may send: that is bad input, not a server fault.
pub fn is_unstorable_text(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "22021")
}

/// What a database failure means for the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Other writers hold what this one needs, or every connection is in use: it may work in a
    /// moment, so the answer is `429 busy` with `Retry-After`.
    Contended,
    /// The database cannot be reached or is shutting down: `503`.
    Unreachable,
    /// Anything else is a fault of this server: `500`, logged.
    Fault,
}

pub fn failure_of(error: &sqlx::Error) -> Failure {
    match error {
        sqlx::Error::PoolTimedOut => Failure::Contended,
        sqlx::Error::Io(_) | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => {
            Failure::Unreachable
        }
        sqlx::Error::Database(e) => {
            if let Some(sqlite) = e.try_downcast_ref::<sqlx::sqlite::SqliteError>() {
                // Extended result codes carry the primary one in their low byte.
                let primary = sqlite
                    .code()
                    .and_then(|code| code.parse::<i32>().ok())
                    .map(|code| code & 0xff);
                return match primary {
                    Some(SQLITE_BUSY | SQLITE_LOCKED) => Failure::Contended,
                    _ => Failure::Fault,
                };
            }
            match e.code().as_deref() {
                // serialization_failure, deadlock_detected, lock_not_available
                Some("40001" | "40P01" | "55P03") => Failure::Contended,
                // connection exceptions; admin_shutdown, crash_shutdown, cannot_connect_now
                Some(code) if code.starts_with("08") || code.starts_with("57P0") => {
                    Failure::Unreachable
                }
                _ => Failure::Fault,
            }
        }
        _ => Failure::Fault,
    }
}

const SQLITE_BUSY: i32 = 5;
const SQLITE_LOCKED: i32 = 6;

async fn connect_pool(
    backend: DatabaseBackend,
    url: &str,
    max_connections: u32,
    pragmas: &'static [&'static str],
) -> anyhow::Result<AnyPool> {
    let options = AnyConnectOptions::from_str(url).context("invalid database URL")?;
    AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(POOL_WAIT)
        // A round trip per acquire that finds a dropped connection; an SQLite file connection
        // cannot drop, and on the one writer that trip would sit in every write's turn.
        .test_before_acquire(backend == DatabaseBackend::Postgres)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                for statements in pragmas {
                    conn.execute(*statements).await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .with_context(|| format!("cannot connect to the {backend:?} database"))
}

pub fn backend_of(url: &str) -> anyhow::Result<DatabaseBackend> {
    if url.starts_with("sqlite:") {
        Ok(DatabaseBackend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(DatabaseBackend::Postgres)
    } else {
        anyhow::bail!("unsupported database URL {url:?}: use sqlite://<file> or postgres://...")
    }
}

/// The file an SQLite URL names (`sqlite://data/kopdes.db?mode=rwc` is `data/kopdes.db`).
pub fn sqlite_path(url: &str) -> PathBuf {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    PathBuf::from(rest.split('?').next().unwrap_or(rest))
}

/// Makes sure the SQLite file can be created on first run: its directory must exist and the
/// driver must be told to create the file.
fn prepare_sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:"
        && let Some(dir) = Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create database directory {}", dir.display()))?;
    }
    let mode = if query.split('&').any(|p| p.starts_with("mode=")) {
        ""
    } else if query.is_empty() {
        "?mode=rwc"
    } else {
        "&mode=rwc"
    };
    Ok(format!("sqlite://{rest}{mode}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_is_chosen_by_url_scheme() {
        assert_eq!(
            backend_of("sqlite://data/kopdes.db").unwrap(),
            DatabaseBackend::Sqlite
        );
        assert_eq!(
            backend_of("postgres://u@h/db").unwrap(),
            DatabaseBackend::Postgres
        );
        assert_eq!(
            backend_of("postgresql://u@h/db").unwrap(),
            DatabaseBackend::Postgres
        );
        assert!(backend_of("mysql://u@h/db").is_err());
    }

    #[test]
    fn sqlite_urls_ask_for_the_file_to_be_created() {
        let dir = std::env::temp_dir().join("kopdes-url-test");
        let file = dir.join("a.db");
        let url = prepare_sqlite_url(&format!("sqlite://{}", file.display())).unwrap();
        assert_eq!(url, format!("sqlite://{}?mode=rwc", file.display()));
        assert!(dir.is_dir());
        assert_eq!(
            prepare_sqlite_url("sqlite://x.db?mode=ro").unwrap(),
            "sqlite://x.db?mode=ro"
        );
    }
}
