//! Photos in form answers. The browser shrinks a photo before keeping it (a phone camera's
//! 3 MB picture would cost a satellite user more than the rest of the form), names it by the
//! SHA-256 of its bytes, and uploads it before the answer that refers to it; an upload sent
//! twice stores one photo.

use crate::form::{Answer, Answers, FormSpec, Kind};

/// What the browser aims for: a photo that shows the shop front or the receipt, readable,
/// in about 100 KB.
pub const TARGET_BYTES: u32 = 100 * 1024;

/// The longest side the browser keeps, in pixels, before it lowers quality any further.
pub const MAX_SIDE: u32 = 1600;

/// The most the server accepts for one photo (room for a client that shrinks less well).
pub const MAX_BYTES: usize = 256 * 1024;

/// The prefix of a photo answer, `sha256:<64 hex>`.
pub const PREFIX: &str = "sha256:";

/// Whether `hex` is a SHA-256 as the API writes it: 64 lower-case hex digits.
pub fn is_sha256_hex(hex: &str) -> bool {
    hex.len() == 64
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The hex digest an answer refers to, when it is a photo answer.
pub fn answer_digest(text: &str) -> Option<&str> {
    text.strip_prefix(PREFIX).filter(|hex| is_sha256_hex(hex))
}

/// The image formats a photo may be stored in, told by their first bytes (never by a name or a
/// header the sender chose).
pub fn content_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

impl FormSpec {
    /// The photos an answer set refers to: each photo field's name and the photo's hex digest.
    pub fn photos<'a>(&'a self, answers: &'a Answers) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.fields
            .iter()
            .filter(|f| matches!(f.kind, Kind::Photo))
            .filter_map(|f| match answers.get(&f.name) {
                Some(Answer::One(text)) => answer_digest(text).map(|hex| (f.name.as_str(), hex)),
                _ => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_is_known_by_its_first_bytes_only() {
        assert_eq!(
            content_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Some("image/jpeg")
        );
        assert_eq!(content_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(content_type(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(content_type(b"<svg xmlns="), None);
        assert_eq!(content_type(b"GIF89a"), None);
        assert_eq!(content_type(b"RIFF"), None);
        assert_eq!(content_type(b""), None);
    }

    #[test]
    fn a_photo_answer_names_a_whole_lower_case_digest() {
        let hex = "ab".repeat(32);
        assert_eq!(answer_digest(&format!("sha256:{hex}")), Some(hex.as_str()));
        assert_eq!(answer_digest(&hex), None);
        assert_eq!(
            answer_digest(&format!("sha256:{}", hex.to_uppercase())),
            None
        );
        assert_eq!(answer_digest(&format!("sha256:{}", &hex[1..])), None);
    }
}
