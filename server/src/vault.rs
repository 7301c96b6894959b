//! Personal data at rest: NIKs are stored encrypted (XChaCha20-Poly1305) with a keyed hash
//! (HMAC-SHA256) beside them, so uniqueness can be checked without decrypting anything and a
//! copy of the database alone reveals no NIK.
//!
//! Every key is derived from the configured master key with HKDF-SHA256, one per job
//! (encryption, lookup, the key's id, the check stored in the database). A sealed value is
//! `v2.<key id>.<hex(nonce || ciphertext)>`, bound to its place (table, column, row) as
//! associated data: a value copied onto another member's row does not open there. The key id
//! says which key sealed it, so the master key can be rotated: the server starts with the new
//! key and the old ones (`--old-data-keys`), re-seals everything under the new key, and from
//! then on needs only the new one (docs/DEPLOY.md). Values sealed before (no prefix, no
//! associated data, ad-hoc derivation) still open, and are re-sealed at the first start.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::Row;

use crate::clock::now_millis;
use crate::config::Config;
use crate::db::{Db, backend_of};

/// What one master key gives.
#[derive(Clone)]
struct Keys {
    id: String,
    cipher: XChaCha20Poly1305,
    lookup_key: [u8; 32],
    /// Derived from the key and stored in the database, so a server given another key (a lost
    /// key file replaced, a wrong environment) refuses to start instead of failing on every
    /// NIK it reads and letting the same NIK be registered twice.
    check: String,
    /// How values were sealed before key ids and associated data.
    legacy_cipher: XChaCha20Poly1305,
    legacy_lookup_key: [u8; 32],
}

#[derive(Clone)]
pub struct Vault {
    /// The current key first, then keys being rotated away from.
    keys: Arc<[Keys]>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(***)")
    }
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// HKDF-SHA256 (RFC 5869): 32 bytes for one job, from the master key.
fn hkdf(master: &[u8; 32], info: &str) -> [u8; 32] {
    let pseudo_random_key = hmac(b"si-kopdes data key v2", &[master]);
    hmac(&pseudo_random_key, &[info.as_bytes(), &[1]])
}

/// The derivation used before HKDF, kept to open (and re-seal) what it sealed.
fn legacy_derive(master: &[u8; 32], label: &str) -> [u8; 32] {
    hmac(master, &[label.as_bytes()])
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

const SEALED_PREFIX: &str = "v2.";

impl Keys {
    fn new(master: &[u8; 32]) -> Keys {
        Keys {
            id: hex(&hkdf(master, "kopdes key id")[..4]),
            cipher: XChaCha20Poly1305::new(&hkdf(master, "kopdes nik encryption").into()),
            lookup_key: hkdf(master, "kopdes nik lookup"),
            check: hex(&hkdf(master, "kopdes key check")),
            legacy_cipher: XChaCha20Poly1305::new(
                &legacy_derive(master, "kopdes nik encryption v1").into(),
            ),
            legacy_lookup_key: legacy_derive(master, "kopdes nik lookup v1"),
        }
    }
}

/// Where a sealed value lives: it opens only there.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    /// A member's NIK, by member id.
    MemberNik(&'a str),
    /// A NIK answered in a form, by response id and field name.
    FormAnswer(&'a str, &'a str),
}

impl Place<'_> {
    fn associated_data(self) -> String {
        match self {
            Place::MemberNik(id) => format!("members.nik_sealed:{id}"),
            Place::FormAnswer(id, field) => format!("form_responses.sealed_niks:{id}:{field}"),
        }
    }
}

impl Vault {
    pub fn new(master: [u8; 32]) -> Vault {
        Vault::with_old_keys(master, &[])
    }

    /// The current key, and older ones whose values are still to be re-sealed.
    pub fn with_old_keys(current: [u8; 32], old: &[[u8; 32]]) -> Vault {
        let keys: Vec<Keys> = std::iter::once(&current)
            .chain(old)
            .map(Keys::new)
            .collect();
        Vault { keys: keys.into() }
    }

    fn current(&self) -> &Keys {
        &self.keys[0]
    }

    /// A vault for a key written as 64 hex digits (as `--data-key` takes it).
    pub fn from_hex(text: &str) -> anyhow::Result<Vault> {
        parse_key(text).map(Vault::new)
    }

    /// The key for this database: from `--data-key`, else from the key file, which is created
    /// (readable by the owner only) the first time an SQLite deployment starts. Refuses to go
    /// on when the database holds personal data sealed with another key, or when the key file
    /// is missing for a database that has such data: the error says what to restore. Values
    /// sealed with an old key (`--old-data-keys`) or in the earlier format are re-sealed under
    /// the current key before the server serves.
    pub async fn for_database(config: &Config, db: &Db) -> anyhow::Result<Vault> {
        let stored = stored_check(db).await?;
        let old = config
            .old_data_keys
            .iter()
            .map(|text| parse_key(text))
            .collect::<anyhow::Result<Vec<_>>>()
            .context("--old-data-keys")?;
        let current = match configured(config)? {
            Some(key) => key,
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
                key
            }
        };
        let vault = Vault::with_old_keys(current, &old);
        let mismatch = || {
            anyhow::anyhow!(
                "the data key does not match the one this database's personal data was sealed \
                 with: restore the key file ({}) or --data-key from the backup made with the \
                 database (when rotating, pass the old key in --old-data-keys)",
                key_file(config).map_or_else(
                    |_| "KOPDES_DATA_KEY".to_owned(),
                    |p| p.display().to_string()
                )
            )
        };
        match stored {
            Some(check) if check == vault.current().check => {}
            Some(check) => {
                if !vault.keys.iter().any(|k| k.check == check) {
                    return Err(mismatch());
                }
                tracing::warn!("rotating the data key: re-sealing personal data");
                vault.reseal_all(db).await?;
                set_check(db, &vault.current().check).await?;
            }
            None => {
                // A database from before the check was stored: the key must open its data.
                if let Some((id, sample)) = sealed_sample(db).await? {
                    vault
                        .open(Place::MemberNik(&id), &sample)
                        .map_err(|_| mismatch())?;
                }
                vault.reseal_all(db).await?;
                sqlx::query(
                    "INSERT INTO data_key_check (id, check_value, recorded_at) VALUES (1, $1, $2) \
                     ON CONFLICT (id) DO NOTHING",
                )
                .bind(&vault.current().check)
                .bind(now_millis())
                .execute(&db.writer)
                .await?;
                // Another process may have stored its own key's check first.
                if stored_check(db).await?.as_deref() != Some(vault.current().check.as_str()) {
                    return Err(mismatch());
                }
            }
        }
        Ok(vault)
    }

    /// `v2.<key id>.<hex(nonce || ciphertext)>`, bound to `place`; a fresh random nonce each
    /// time.
    pub fn seal(&self, place: Place<'_>, plaintext: &str) -> String {
        let keys = self.current();
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).expect("the operating system provides randomness");
        let aad = place.associated_data();
        let sealed = keys
            .cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .expect("encrypting a short text cannot fail");
        let mut out = Vec::with_capacity(24 + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        format!("{SEALED_PREFIX}{}.{}", keys.id, hex(&out))
    }

    /// Opens a value sealed for `place`, with whichever known key sealed it.
    pub fn open(&self, place: Place<'_>, sealed: &str) -> anyhow::Result<String> {
        let (keys, body, aad) = match sealed.strip_prefix(SEALED_PREFIX) {
            Some(rest) => {
                let (id, body) = rest.split_once('.').context("sealed value has no key id")?;
                let keys = self
                    .keys
                    .iter()
                    .find(|k| k.id == id)
                    .context("sealed with a key this server does not hold")?;
                (vec![(&keys.cipher, true)], body, place.associated_data())
            }
            // The earlier format: no key id, no associated data; try every key.
            None => (
                self.keys
                    .iter()
                    .map(|k| (&k.legacy_cipher, false))
                    .collect(),
                sealed,
                String::new(),
            ),
        };
        let bytes = unhex(body).context("sealed value is not hex")?;
        anyhow::ensure!(bytes.len() > 24, "sealed value too short");
        let (nonce, ciphertext) = bytes.split_at(24);
        let nonce: [u8; 24] = nonce.try_into()?;
        for (cipher, bound) in keys {
            let payload = Payload {
                msg: ciphertext,
                aad: if bound { aad.as_bytes() } else { b"" },
            };
            if let Ok(plain) = cipher.decrypt(&XNonce::from(nonce), payload) {
                return Ok(String::from_utf8(plain)?);
            }
        }
        anyhow::bail!("sealed value does not open here with the keys held")
    }

    /// Whether a value is sealed with the current key in the current format.
    fn is_current(&self, sealed: &str) -> bool {
        sealed
            .strip_prefix(SEALED_PREFIX)
            .and_then(|rest| rest.split_once('.'))
            .is_some_and(|(id, _)| id == self.current().id)
    }

    /// The same input always gives the same hash, so a unique index can compare NIKs.
    pub fn lookup_hash(&self, value: &str) -> String {
        hex(&hmac(&self.current().lookup_key, &[value.as_bytes()]))
    }

    /// The value's hash under every key held, current first, and in the earlier derivation:
    /// while values are being re-sealed, a NIK stored under an old key is still found.
    pub fn lookup_hashes(&self, value: &str) -> Vec<String> {
        self.keys
            .iter()
            .flat_map(|k| [k.lookup_key, k.legacy_lookup_key])
            .map(|key| hex(&hmac(&key, &[value.as_bytes()])))
            .collect()
    }

    /// Re-seals every value not sealed with the current key in the current format (an old
    /// key's, or the earlier format's), with its lookup hash, a batch at a time; safe to run
    /// again after a crash, and beside other processes doing the same.
    #[tracing::instrument(name = "vault.reseal_all", skip_all)]
    pub async fn reseal_all(&self, db: &Db) -> anyhow::Result<u64> {
        let current = format!("{SEALED_PREFIX}{}.%", self.current().id);
        let mut done = 0u64;
        loop {
            let rows = sqlx::query(
                "SELECT id, nik_sealed FROM members WHERE nik_sealed NOT LIKE $1 LIMIT 500",
            )
            .bind(&current)
            .fetch_all(&db.pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            let mut tx = db.writer.begin().await?;
            for row in &rows {
                let id: String = row.try_get("id")?;
                let old: String = row.try_get("nik_sealed")?;
                let nik = self.open(Place::MemberNik(&id), &old)?;
                sqlx::query(
                    "UPDATE members SET nik_sealed = $3, nik_hash = $4 WHERE id = $1 AND nik_sealed = $2",
                )
                .bind(&id)
                .bind(&old)
                .bind(self.seal(Place::MemberNik(&id), &nik))
                .bind(self.lookup_hash(&nik))
                .execute(&mut *tx)
                .await?;
                done += 1;
            }
            tx.commit().await?;
        }
        let rows = sqlx::query(
            "SELECT id, sealed_niks FROM form_responses WHERE sealed_niks IS NOT NULL \
             AND sealed_niks <> '{}'",
        )
        .fetch_all(&db.pool)
        .await?;
        for row in rows {
            let id: String = row.try_get("id")?;
            let text: String = row.try_get("sealed_niks")?;
            let mut sealed: std::collections::BTreeMap<String, String> =
                serde_json::from_str(&text)?;
            if sealed.values().all(|v| self.is_current(v)) {
                continue;
            }
            for (field, value) in sealed.iter_mut() {
                let nik = self.open(Place::FormAnswer(&id, field), value)?;
                *value = self.seal(Place::FormAnswer(&id, field), &nik);
            }
            sqlx::query(
                "UPDATE form_responses SET sealed_niks = $3 WHERE id = $1 AND sealed_niks = $2",
            )
            .bind(&id)
            .bind(&text)
            .bind(serde_json::to_string(&sealed)?)
            .execute(&db.writer)
            .await?;
            done += 1;
        }
        if done > 0 {
            tracing::info!(
                resealed = done,
                "personal data re-sealed under the current key"
            );
        }
        Ok(done)
    }
}

/// The key given directly, or read from an existing key file; `None` when no file exists yet.
/// The deployment's data key as 64 hex digits (from `--data-key` or the key file), for a backup
/// to carry beside the database.
pub fn configured_key_hex(config: &Config) -> anyhow::Result<Option<String>> {
    Ok(configured(config)?.map(|key| hex(&key)))
}

fn configured(config: &Config) -> anyhow::Result<Option<[u8; 32]>> {
    if let Some(text) = &config.data_key {
        return parse_key(text).map(Some);
    }
    let path = key_file(config)?;
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the data key {}", path.display()))?;
    parse_key(&text).map(Some)
}

pub(crate) fn key_file(config: &Config) -> anyhow::Result<PathBuf> {
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

/// Any one sealed member NIK and its member, to try a key on.
async fn sealed_sample(db: &Db) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, nik_sealed FROM members LIMIT 1")
        .fetch_optional(&db.pool)
        .await
}

async fn set_check(db: &Db, check: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE data_key_check SET check_value = $1, recorded_at = $2 WHERE id = 1")
        .bind(check)
        .bind(now_millis())
        .execute(&db.writer)
        .await?;
    Ok(())
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

pub(crate) fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
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

    const HERE: Place<'static> = Place::MemberNik("0193-member-a");

    #[test]
    fn sealed_values_open_only_with_the_same_key() {
        let vault = Vault::new([7; 32]);
        let sealed = vault.seal(HERE, "3204120101900001");
        assert!(!sealed.contains("3204120101900001"));
        assert!(sealed.starts_with(&format!("v2.{}.", vault.current().id)));
        assert_ne!(
            sealed,
            vault.seal(HERE, "3204120101900001"),
            "a fresh nonce every time"
        );
        assert_eq!(vault.open(HERE, &sealed).unwrap(), "3204120101900001");
        assert!(Vault::new([8; 32]).open(HERE, &sealed).is_err());
    }

    #[test]
    fn a_sealed_value_opens_only_in_its_own_place() {
        let vault = Vault::new([7; 32]);
        let sealed = vault.seal(HERE, "3204120101900001");
        assert!(
            vault
                .open(Place::MemberNik("0193-member-b"), &sealed)
                .is_err()
        );
        assert!(
            vault
                .open(Place::FormAnswer("0193-member-a", "nik"), &sealed)
                .is_err()
        );
    }

    #[test]
    fn an_old_key_still_opens_its_values_and_a_new_one_seals() {
        let old = Vault::new([7; 32]);
        let sealed = old.seal(HERE, "3204120101900001");
        let rotating = Vault::with_old_keys([9; 32], &[[7; 32]]);
        assert_eq!(rotating.open(HERE, &sealed).unwrap(), "3204120101900001");
        assert!(!rotating.is_current(&sealed));
        let resealed = rotating.seal(HERE, "3204120101900001");
        assert!(rotating.is_current(&resealed));
        assert!(old.open(HERE, &resealed).is_err());
        assert!(rotating.lookup_hashes("x").contains(&old.lookup_hash("x")));
    }

    #[test]
    fn values_in_the_earlier_format_still_open() {
        // As the server sealed before key ids: the ad-hoc derivation, no associated data.
        let master = [7; 32];
        let cipher =
            XChaCha20Poly1305::new(&legacy_derive(&master, "kopdes nik encryption v1").into());
        let nonce = [3u8; 24];
        let mut bytes = nonce.to_vec();
        bytes.extend(
            cipher
                .encrypt(&XNonce::from(nonce), b"3204120101900001".as_slice())
                .unwrap(),
        );
        let vault = Vault::new(master);
        assert_eq!(vault.open(HERE, &hex(&bytes)).unwrap(), "3204120101900001");
        assert!(!vault.is_current(&hex(&bytes)));
    }

    #[test]
    fn keys_come_from_hkdf_one_per_job() {
        // RFC 5869 test case 3 shape: the same construction gives distinct keys per info.
        let master = [7; 32];
        assert_ne!(
            hkdf(&master, "kopdes nik encryption"),
            hkdf(&master, "kopdes nik lookup")
        );
        assert_ne!(
            hkdf(&master, "kopdes key id"),
            legacy_derive(&master, "kopdes key id")
        );
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
