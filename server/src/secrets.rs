//! Random tokens, their hashes, and password hashing (argon2id).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};

/// 256 random bits as hex: a session token nobody can guess.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    hex(&bytes)
}

/// `n` uniformly random decimal digits, for codes read out loud or written on paper.
pub fn random_digits(n: usize) -> String {
    let mut out = String::with_capacity(n);
    while out.len() < n {
        let mut byte = [0u8; 1];
        getrandom::fill(&mut byte).expect("the operating system provides randomness");
        // 250 = 25 * 10: rejecting 250..=255 keeps every digit equally likely.
        if byte[0] < 250 {
            out.push(char::from(b'0' + byte[0] % 10));
        }
    }
    out
}

/// What the database keeps instead of a token or code: leaking it does not let anyone in.
pub fn sha256_hex(value: &str) -> String {
    sha256_hex_of(value.as_bytes())
}

pub fn sha256_hex_of(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// argon2id with the OWASP-recommended parameters (19 MiB, 2 passes, 1 lane). Slow on
/// purpose: call it from a blocking task.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Verifying against this when no account matches takes as long as a real check, so response
/// times do not reveal which phone numbers have accounts.
pub static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    hash_password("no account has this password").expect("hashing a constant works")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_hex() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, random_token());
    }

    #[test]
    fn digit_codes_have_the_asked_length() {
        let code = random_digits(8);
        assert_eq!(code.len(), 8);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
    }

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("kata-sandi-desa").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "kata-sandi-desa"));
        assert!(!verify_password(&hash, "kata-sandi-kota"));
        assert!(!verify_password("not a hash", "kata-sandi-desa"));
    }
}
