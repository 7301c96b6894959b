//! The database: SQLite embedded by default, PostgreSQL for national scale, behind one pool.
//!
//! Queries go through sqlx's `Any` driver and are written in the SQL both backends share
//! (`$1` placeholders, BIGINT times, TEXT ids), so no code path exists for only one of them.
//! The migrations, too, are one set of files in that shared SQL, embedded in the binary and run
//! at start. Should a backend ever need its own DDL, the directory splits then: sqlx checks a
//! migration by its version and content, not by where the file lived.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use kopdes_domain::api::DatabaseBackend;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

static MIGRATIONS: Migrator = sqlx::migrate!("./migrations");

/// SQLite must not lose a committed write on power loss (synchronous FULL), lets readers run
/// beside the writer (WAL) and enforces references like PostgreSQL does (foreign keys).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; \
     PRAGMA busy_timeout = 5000;";

#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: DatabaseBackend,
}

impl Db {
    /// Connects (creating an SQLite file and its directory when missing) and migrates.
    #[tracing::instrument(name = "db.connect", skip_all, fields(backend))]
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = backend_of(url)?;
        tracing::Span::current().record("backend", tracing::field::debug(backend));
        let url = match backend {
            DatabaseBackend::Sqlite => prepare_sqlite_url(url)?,
            DatabaseBackend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url).context("invalid database URL")?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == DatabaseBackend::Sqlite {
                        conn.execute(SQLITE_PRAGMAS).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .with_context(|| format!("cannot connect to the {backend:?} database"))?;
        let db = Db { pool, backend };
        db.migrate().await?;
        Ok(db)
    }

    #[tracing::instrument(name = "db.migrate", skip_all)]
    async fn migrate(&self) -> anyhow::Result<()> {
        MIGRATIONS
            .run(&self.pool)
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

pub fn backend_of(url: &str) -> anyhow::Result<DatabaseBackend> {
    if url.starts_with("sqlite:") {
        Ok(DatabaseBackend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(DatabaseBackend::Postgres)
    } else {
        anyhow::bail!("unsupported database URL {url:?}: use sqlite://<file> or postgres://...")
    }
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
