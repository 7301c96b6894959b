//! Indonesian mobile numbers, stored in E.164 (`+628...`) however they were typed.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Phone(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("write the number as 08..., 62 8... or +62 8...")]
    Format,
    #[error("an Indonesian mobile number has 10 to 13 digits starting with 08")]
    Length,
}

impl Phone {
    /// Accepts `0812-3456-7890`, `62 812 3456 7890`, `+62 (812) 3456 7890` and the like.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let national = if let Some(rest) = compact.strip_prefix("+62") {
            rest
        } else if let Some(rest) = compact.strip_prefix("62") {
            rest
        } else if let Some(rest) = compact.strip_prefix('0') {
            rest
        } else {
            return Err(PhoneError::Format);
        };
        if !national.bytes().all(|b| b.is_ascii_digit()) || !national.starts_with('8') {
            return Err(PhoneError::Format);
        }
        // 08 plus 8 to 11 digits: the national number after the 0 has 9 to 12 digits.
        if !(9..=12).contains(&national.len()) {
            return Err(PhoneError::Length);
        }
        Ok(Phone(format!("+62{national}")))
    }

    /// The E.164 form, `+6281234567890`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// How people write it at home: `0812-3456-7890`.
    pub fn local(&self) -> String {
        let national = &self.0[3..];
        let (a, rest) = national.split_at(3.min(national.len()));
        let (b, c) = rest.split_at(4.min(rest.len()));
        format!("0{a}-{b}-{c}")
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Phone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Phone, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Phone::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_common_way_of_writing_a_number_gives_one_form() {
        for input in [
            "081234567890",
            "0812-3456-7890",
            "0812 3456 7890",
            "62 812 3456 7890",
            "6281234567890",
            "+62 812-3456-7890",
            "+62 (812) 3456.7890",
        ] {
            assert_eq!(
                Phone::parse(input).unwrap().as_str(),
                "+6281234567890",
                "{input}"
            );
        }
    }

    #[test]
    fn lengths_outside_indonesian_mobiles_are_refused() {
        assert_eq!(Phone::parse("0812345678").unwrap().as_str(), "+62812345678");
        assert_eq!(
            Phone::parse("0812345678901").unwrap().as_str(),
            "+62812345678901"
        );
        assert_eq!(Phone::parse("081234567"), Err(PhoneError::Length));
        assert_eq!(Phone::parse("08123456789012"), Err(PhoneError::Length));
    }

    #[test]
    fn landlines_foreign_numbers_and_letters_are_refused() {
        for input in [
            "0215551234",
            "+6531234567",
            "1234567890",
            "0812abc4567",
            "",
            "+62",
        ] {
            assert_eq!(Phone::parse(input), Err(PhoneError::Format), "{input}");
        }
    }

    #[test]
    fn local_form_is_grouped_for_reading() {
        assert_eq!(
            Phone::parse("+6281234567890").unwrap().local(),
            "0812-3456-7890"
        );
    }

    #[test]
    fn parse_is_idempotent_on_its_own_output() {
        let once = Phone::parse("0812 3456 7890").unwrap();
        assert_eq!(Phone::parse(once.as_str()).unwrap(), once);
    }
}
