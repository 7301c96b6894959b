//! `kopdes-server backup` and `restore` for SQLite deployments.
//!
//! A copy of the database file taken while the server runs is not safe under WAL (committed
//! pages may still be in the `-wal` file), so the backup is `VACUUM INTO`: one read
//! transaction, a consistent snapshot, written as a compact new database while writers go on.
//! Pictures and photos live in the database, so the copy and the data key are everything a
//! deployment needs. The key goes to a file of its own: stored together, anyone holding the
//! backup reads every NIK; without the key, the NIKs in the copy are lost.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use kopdes_domain::api::DatabaseBackend;
use sqlx::{Connection, Row, SqliteConnection};

use crate::clock::now_millis;
use crate::config::Config;
use crate::db::{self, Db};
use crate::vault;

/// What a backup wrote, for the operator and for tests.
#[derive(Debug, Clone)]
pub struct Written {
    pub database: PathBuf,
    pub key: PathBuf,
    pub bytes: u64,
    pub millis: u128,
}

fn sqlite_only(config: &Config, what: &str) -> anyhow::Result<PathBuf> {
    if db::backend_of(&config.database_url)? != DatabaseBackend::Sqlite {
        bail!(
            "`{what}` is for SQLite; back up PostgreSQL with pg_dump or base backups and WAL \
             archiving, as docs/DEPLOY.md describes"
        );
    }
    Ok(db::sqlite_path(&config.database_url))
}

fn default_key_path(copy: &Path) -> PathBuf {
    let mut name = copy.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

/// Copies the configured SQLite database to `to`, and its data key to `key_to`.
pub async fn backup(
    config: &Config,
    to: &Path,
    key_to: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<Written> {
    let source = sqlite_only(config, "backup")?;
    if !source.exists() {
        bail!("there is no database at {}", source.display());
    }
    let key_to = key_to.map_or_else(|| default_key_path(to), Path::to_path_buf);
    for path in [to, key_to.as_path()] {
        if path.exists() {
            bail!(
                "{} exists; a backup never overwrites a file",
                path.display()
            );
        }
    }
    let key = vault::configured_key_hex(config)?.context(
        "no data key is configured or next to the database: without it the backup's NIKs \
         could never be read",
    )?;
    let started = Instant::now();
    // Its own connection, not the server's pools: this runs beside a serving process, and the
    // snapshot must not wait for (or hold) the writer's turn.
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", source.display()))
        .await
        .with_context(|| format!("cannot open {}", source.display()))?;
    sqlx::query("PRAGMA busy_timeout = 5000")
        .execute(&mut conn)
        .await?;
    let target = to
        .to_str()
        .context("the backup's path must be valid UTF-8")?;
    // The path as an SQL string literal (quotes doubled): a bound parameter made sqlx wait
    // forever after the copy of a large database was written.
    let vacuum = format!("VACUUM INTO '{}'", target.replace('\'', "''"));
    sqlx::raw_sql(sqlx::AssertSqlSafe(vacuum))
        .execute(&mut conn)
        .await
        .with_context(|| format!("cannot write the backup to {}", to.display()))?;
    conn.close().await?;
    vault::write_private(&key_to, &key)?;
    let written = Written {
        database: to.to_path_buf(),
        key: key_to,
        bytes: std::fs::metadata(to)?.len(),
        millis: started.elapsed().as_millis(),
    };
    writeln!(
        out,
        "Backed up {} to {} ({} bytes in {} ms).",
        source.display(),
        written.database.display(),
        written.bytes,
        written.millis
    )?;
    writeln!(
        out,
        "The data key is in {}. Keep it apart from the copy (another medium, another place): \
         with both, anyone reads every stored NIK; without the key, they are lost.",
        written.key.display()
    )?;
    Ok(written)
}

/// What a restore found in the copy.
#[derive(Debug, Clone)]
pub struct Restored {
    pub migration_version: Option<i64>,
    pub accounts: i64,
    pub cooperatives: i64,
    pub members: i64,
}

/// Checks a backup and its key, then puts it in place of the configured SQLite database.
/// Nothing is replaced until the copy has passed every check; a replaced database and key are
/// kept beside, renamed.
pub async fn restore(
    config: &Config,
    from: &Path,
    key_from: Option<&Path>,
    replace: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Restored> {
    let target = sqlite_only(config, "restore")?;
    let key_from = key_from.map_or_else(|| default_key_path(from), Path::to_path_buf);
    let key = std::fs::read_to_string(&key_from)
        .with_context(|| format!("cannot read the data key {}", key_from.display()))?;
    if target.exists() && !replace {
        bail!(
            "{} exists: stop the server and pass --replace to put the backup in its place (the \
             current database is kept beside it, renamed)",
            target.display()
        );
    }
    let staging = sibling(&target, "restoring");
    remove_sqlite_files(&staging)?;
    if let Some(dir) = staging.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::copy(from, &staging)
        .with_context(|| format!("cannot read the backup {}", from.display()))?;
    let checked = check(config, &staging, key.trim()).await;
    let restored = match checked {
        Ok(restored) => restored,
        Err(error) => {
            remove_sqlite_files(&staging)?;
            return Err(error);
        }
    };
    let stamp = now_millis();
    if target.exists() {
        let kept = sibling(&target, &format!("replaced-{stamp}"));
        for suffix in ["", "-wal", "-shm"] {
            let from = with_suffix(&target, suffix);
            if from.exists() {
                std::fs::rename(&from, with_suffix(&kept, suffix))?;
            }
        }
        writeln!(
            out,
            "The database it replaces is kept as {}.",
            kept.display()
        )?;
    }
    std::fs::rename(&staging, &target)?;
    // An empty KOPDES_DATA_KEY is no key: the restored deployment reads its key file.
    if config
        .data_key
        .as_deref()
        .is_none_or(|k| k.trim().is_empty())
    {
        let key_file = vault::key_file(config)?;
        if key_file.exists() {
            let current = std::fs::read_to_string(&key_file)?;
            if current.trim() == key.trim() {
                return finish(out, &target, restored);
            }
            let kept = sibling(&key_file, &format!("replaced-{stamp}"));
            std::fs::rename(&key_file, &kept)?;
            writeln!(
                out,
                "The data key it replaces is kept as {}.",
                kept.display()
            )?;
        }
        vault::write_private(&key_file, key.trim())?;
    }
    finish(out, &target, restored)
}

fn finish(out: &mut dyn Write, target: &Path, restored: Restored) -> anyhow::Result<Restored> {
    writeln!(
        out,
        "Restored {} (migration {}): {} accounts, {} cooperatives, {} members. Start the server.",
        target.display(),
        restored
            .migration_version
            .map_or_else(|| "none".to_owned(), |v| v.to_string()),
        restored.accounts,
        restored.cooperatives,
        restored.members
    )?;
    Ok(restored)
}

/// Whether the copy is a whole SQLite database this version can run, and the key opens its
/// personal data. Brings the copy's schema up to this version, as starting the server would.
async fn check(config: &Config, copy: &Path, key: &str) -> anyhow::Result<Restored> {
    let url = format!("sqlite://{}", copy.display());
    {
        let mut conn = SqliteConnection::connect(&url)
            .await
            .context("the backup is not an SQLite database")?;
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .context("the backup is not an SQLite database")?;
        if integrity != "ok" {
            bail!("the backup is damaged: {integrity}");
        }
        conn.close().await?;
    }
    let db = Db::connect(&url, 1)
        .await
        .context("the backup cannot be brought to this version's schema (made by a newer one?)")?;
    let mut settings = config.clone();
    settings.database_url = url;
    settings.data_key = Some(key.to_owned());
    settings.old_data_keys.clear();
    let opened = vault::Vault::for_database(&settings, &db)
        .await
        .context("the data key does not belong to this backup");
    let counts = async {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM users) AS accounts, \
             (SELECT COUNT(*) FROM cooperatives) AS cooperatives, \
             (SELECT COUNT(*) FROM members) AS members",
        )
        .fetch_one(&db.pool)
        .await?;
        Ok::<_, sqlx::Error>(Restored {
            migration_version: db.migration_version().await?,
            accounts: row.try_get("accounts")?,
            cooperatives: row.try_get("cooperatives")?,
            members: row.try_get("members")?,
        })
    }
    .await;
    // Leaves one file: the WAL folded back in before the copy is moved into place.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&db.writer)
        .await?;
    db.close().await;
    opened?;
    Ok(counts?)
}

fn sibling(path: &Path, tag: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{tag}"));
    PathBuf::from(name)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_sqlite_files(path: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = with_suffix(path, suffix);
        if file.exists() {
            std::fs::remove_file(&file)?;
        }
    }
    Ok(())
}
