//! What any text a person types may hold: readable characters, not instructions to the screen.
//!
//! Control characters (NUL among them, which PostgreSQL cannot store and SQLite stores
//! silently) and the Unicode controls that reorder or hide text (right-to-left overrides,
//! isolates, zero-width marks, the byte-order mark) have no place in a name, an address or an
//! answer: they make "Siti" display as something else in a list or a spreadsheet. Line breaks
//! and tabs are allowed where a field holds more than one line.

use crate::api::FieldError;

/// The error code for a text holding such a character.
pub const CONTROL: &str = "text.control";

fn is_forbidden(c: char, multi_line: bool) -> bool {
    match c {
        '\n' | '\t' => !multi_line,
        '\r' => !multi_line,
        c if c.is_control() => true,
        // Bidirectional embeddings, overrides and isolates; marks that reorder or vanish.
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' => true,
        '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' => true,
        _ => false,
    }
}

/// Whether `text` holds only characters a single-line field may (no line breaks either).
pub fn is_plain_line(text: &str) -> bool {
    !text.chars().any(|c| is_forbidden(c, false))
}

/// Whether `text` holds only characters a multi-line field may.
pub fn is_plain(text: &str) -> bool {
    !text.chars().any(|c| is_forbidden(c, true))
}

/// `field: text.control` when a single-line text holds a forbidden character.
pub fn check_line(field: &str, text: &str) -> Result<(), FieldError> {
    if is_plain_line(text) {
        Ok(())
    } else {
        Err(FieldError::new(field, CONTROL))
    }
}

/// `field: text.control` when a multi-line text holds a forbidden character.
pub fn check(field: &str, text: &str) -> Result<(), FieldError> {
    if is_plain(text) {
        Ok(())
    } else {
        Err(FieldError::new(field, CONTROL))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_addresses_as_people_write_them_pass() {
        for ok in [
            "Hj. Euis Rohaeti",
            "Kp. Cangkuang RT 02/05",
            "Dadang (Pak RT)",
            "Ñoño Çağlar",
            "王小明",
        ] {
            assert!(is_plain_line(ok), "{ok}");
        }
        assert!(is_plain("Baris satu\nBaris dua\tdengan tab"));
    }

    #[test]
    fn controls_and_reordering_marks_are_refused() {
        for bad in [
            "Siti\u{0}",
            "Siti\u{202E}ihsaR",
            "Siti\u{2066}x\u{2069}",
            "Si\u{200B}ti",
            "\u{FEFF}Siti",
            "Siti\u{7}",
            "Siti\u{1B}[31m",
        ] {
            assert!(!is_plain_line(bad), "{bad:?}");
            assert!(!is_plain(bad), "{bad:?}");
        }
        assert!(!is_plain_line("dua\nbaris"));
        assert_eq!(
            check_line("name", "Siti\u{202E}").unwrap_err(),
            FieldError::new("name", CONTROL)
        );
    }
}
