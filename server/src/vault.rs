//! Personal data at rest: NIKs are stored encrypted (XChaCha20-Poly1305) with a keyed hash
//! (HMAC-SHA256) beside them, so uniqueness can be checked without decrypting anything and a
//! copy of the database alone reveals no NIK.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::clock::now_millis;
use crate::config::Config;
use crate::db::{Db, backend_of};

#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
    lookup_key: [u8; 32],
    /// Derived from the key and stored in the database, so a server given another key (a lost
    /// key file replaced, a wrong environment) refuses to start instead of failing on every
    /// NIK it reads and letting the same NIK be registered twice.
    check: String,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(***)")
    }
}

/// Separate keys for separate jobs, all derived from the one configured master key.
fn derive(master: &[u8; 32], label: &str) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(master).expect("HMAC takes any key length");
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

impl Vault {
    pub fn new(master: [u8; 32]) -> Vault {
        Vault {
            cipher: XChaCha20Poly1305::new(&derive(&master, "kopdes nik encryption v1").into()),
            lookup_key: derive(&master, "kopdes nik lookup v1"),
            check: hex(&derive(&master, "kopdes key check v1")),
        }
    }

    /// A vault for a key written as 64 hex digits (as `--data-key` takes it).
    pub fn from_hex(text: &str) -> anyhow::Result<Vault> {
        parse_key(text).map(Vault::new)
    }

    /// The key for this database: from `--data-key`, else from the key file, which is created
    /// (readable by the owner only) the first time an SQLite deployment starts. Refuses to go
    /// on when the database holds personal data sealed with another key, or when the key file
    /// is missing for a database that has such data: the error says what to restore.
    pub async fn for_database(config: &Config, db: &Db) -> anyhow::Result<Vault> {
        let stored = stored_check(db).await?;
        let vault = match configured(config)? {
            Some(vault) => vault,
            None => {
                let path = key_file(config)?;
                if stored.is_some() || sealed_sample(db).await?.is_some() {
                    anyhow::bail!(
                        "the data key file {} is missing, but this database holds personal data \
                         sealed with a key: restore that file (or pass --data-key) from the backup \
                         made with the database. A new key would leave every stored NIK unreadable.",
                        path.display()
                    );
                }
                let mut key = [0u8; 32];
                getrandom::fill(&mut key).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
                write_private(&path, &hex(&key))?;
                tracing::warn!(path = %path.display(), "created a new data key: back it up with the database");
                Vault::new(key)
            }
        };
        let mismatch = || {
            anyhow::anyhow!(
                "the data key does not match the one this database's personal data was sealed \
                 with: restore the key file ({}) or --data-key from the backup made with the \
                 database",
                key_file(config).map_or_else(
                    |_| "KOPDES_DATA_KEY".to_owned(),
                    |p| p.display().to_string()
                )
            )
        };
        match stored {
            Some(check) if check != vault.check => return Err(mismatch()),
            Some(_) => {}
            None => {
                // A database from before the check was stored: the key must open its data.
                if let Some(sample) = sealed_sample(db).await? {
                    vault.open(&sample).map_err(|_| mismatch())?;
                }
                sqlx::query(
                    "INSERT INTO data_key_check (id, check_value, recorded_at) VALUES (1, $1, $2) \
                     ON CONFLICT (id) DO NOTHING",
                )
                .bind(&vault.check)
                .bind(now_millis())
                .execute(&db.writer)
                .await?;
                // Another process may have stored its own key's check first.
                if stored_check(db).await?.as_deref() != Some(vault.check.as_str()) {
                    return Err(mismatch());
                }
            }
        }
        Ok(vault)
    }

    /// `hex(nonce || ciphertext)`; a fresh random nonce each time.
    pub fn seal(&self, plaintext: &str) -> String {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).expect("the operating system provides randomness");
        let sealed = self
            .cipher
            .encrypt(&XNonce::from(nonce), plaintext.as_bytes())
            .expect("encrypting a short text cannot fail");
        let mut out = Vec::with_capacity(24 + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        hex(&out)
    }

    pub fn open(&self, sealed: &str) -> anyhow::Result<String> {
        let bytes = unhex(sealed).context("sealed value is not hex")?;
        anyhow::ensure!(bytes.len() > 24, "sealed value too short");
        let (nonce, ciphertext) = bytes.split_at(24);
        let nonce: [u8; 24] = nonce.try_into()?;
        let plain = self
            .cipher
            .decrypt(&XNonce::from(nonce), ciphertext)
            .map_err(|_| anyhow::anyhow!("sealed value does not open with this key"))?;
        Ok(String::from_utf8(plain)?)
    }

    /// The same input always gives the same hash, so a unique index can compare NIKs.
    pub fn lookup_hash(&self, value: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.lookup_key).expect("any key length");
        mac.update(value.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// The key given directly, or read from an existing key file; `None` when no file exists yet.
fn configured(config: &Config) -> anyhow::Result<Option<Vault>> {
    if let Some(text) = &config.data_key {
        return parse_key(text).map(Vault::new).map(Some);
    }
    let path = key_file(config)?;
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the data key {}", path.display()))?;
    parse_key(&text).map(Vault::new).map(Some)
}

fn key_file(config: &Config) -> anyhow::Result<PathBuf> {
    match &config.data_key_file {
        Some(path) => Ok(path.clone()),
        None => default_key_file(&config.database_url),
    }
}

async fn stored_check(db: &Db) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT check_value FROM data_key_check WHERE id = 1")
        .fetch_optional(&db.pool)
        .await
}

/// Any one sealed value, to try a key on.
async fn sealed_sample(db: &Db) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT nik_sealed FROM members LIMIT 1")
        .fetch_optional(&db.pool)
        .await
}

fn parse_key(text: &str) -> anyhow::Result<[u8; 32]> {
    unhex(text)
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .context("the data key must be 64 hex digits (32 bytes)")
}

fn default_key_file(database_url: &str) -> anyhow::Result<PathBuf> {
    if backend_of(database_url)? != kopdes_domain::api::DatabaseBackend::Sqlite {
        anyhow::bail!(
            "set KOPDES_DATA_KEY (or --data-key-file): every server process on PostgreSQL must use the same key"
        );
    }
    let path = database_url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or(path);
    Ok(Path::new(path).with_file_name("kopdes.key"))
}

fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create the data key {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_the_same_key() {
        let vault = Vault::new([7; 32]);
        let sealed = vault.seal("3204120101900001");
        assert!(!sealed.contains("3204120101900001"));
        assert_ne!(
            sealed,
            vault.seal("3204120101900001"),
            "a fresh nonce every time"
        );
        assert_eq!(vault.open(&sealed).unwrap(), "3204120101900001");
        assert!(Vault::new([8; 32]).open(&sealed).is_err());
    }

    #[test]
    fn lookup_hashes_are_stable_and_keyed() {
        let vault = Vault::new([7; 32]);
        assert_eq!(vault.lookup_hash("x"), vault.lookup_hash("x"));
        assert_ne!(vault.lookup_hash("x"), Vault::new([8; 32]).lookup_hash("x"));
    }

    #[test]
    fn postgres_without_a_key_refuses_to_start() {
        let config = Config::for_database("postgres://u@h/db");
        let error = configured(&config).unwrap_err().to_string();
        assert!(error.contains("KOPDES_DATA_KEY"), "{error}");
    }
}
