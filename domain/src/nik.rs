//! NIK (Nomor Induk Kependudukan), the 16-digit personal identity number.
//!
//! Digits 1-6: the province, regency and district where it was issued. Digits 7-12: the birth
//! date as DDMMYY, with 40 added to the day for women. Digits 13-16: a serial from 0001.
//! Not to be confused with the cooperative's own number (NIK koperasi).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::date::Date;
use crate::region::RegionCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

/// A NIK that passed every check that needs no outside data. Whether its district exists is
/// checked against the region table by whoever holds it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Nik(String);

/// What a NIK says about its holder, shown to the person registering a member so they can
/// confirm it matches the identity card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NikFacts {
    pub district: RegionCode,
    pub birth_date: Date,
    pub gender: Gender,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    #[error("a NIK has exactly 16 digits")]
    Length,
    #[error("a NIK has digits only")]
    NotDigits,
    #[error("the district code in the NIK (digits 1-6) is not valid")]
    District,
    #[error("the birth date in the NIK (digits 7-12) is not a real date")]
    BirthDate,
    #[error("the birth date in the NIK lies in the future")]
    FutureBirthDate,
    #[error("the last four digits of a NIK cannot be 0000")]
    Serial,
}

impl Nik {
    /// Checks a NIK as typed (spaces and dots people put in for readability are ignored).
    /// `today` decides the century of the two-digit birth year and refuses future births.
    pub fn parse(input: &str, today: Date) -> Result<(Nik, NikFacts), NikError> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
            .collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NikError::NotDigits);
        }
        if digits.len() != 16 {
            return Err(NikError::Length);
        }
        let number = |range: std::ops::Range<usize>| -> u16 {
            digits[range]
                .bytes()
                .fold(0, |n, b| n * 10 + u16::from(b - b'0'))
        };
        let district = RegionCode::parse(&format!(
            "{}.{}.{}",
            &digits[0..2],
            &digits[2..4],
            &digits[4..6]
        ))
        .map_err(|_| NikError::District)?;

        let raw_day = number(6..8);
        let (gender, day) = if raw_day > 40 {
            (Gender::Female, raw_day - 40)
        } else {
            (Gender::Male, raw_day)
        };
        let month = number(8..10);
        let short_year = number(10..12);
        let this_century = today.year() - today.year() % 100;
        let year = if this_century + short_year > today.year() {
            this_century - 100 + short_year
        } else {
            this_century + short_year
        };
        let birth_date = u8::try_from(day)
            .ok()
            .zip(u8::try_from(month).ok())
            .and_then(|(d, m)| Date::new(year, m, d).ok())
            .ok_or(NikError::BirthDate)?;
        if birth_date > today {
            return Err(NikError::FutureBirthDate);
        }
        if number(12..16) == 0 {
            return Err(NikError::Serial);
        }
        let facts = NikFacts {
            district,
            birth_date,
            gender,
        };
        Ok((Nik(digits), facts))
    }

    /// The full number. Handle with care: personal data under UU PDP.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What anyone without the right to the full number sees: the last four digits, enough to
    /// tell two records apart on a list ([`mask`]).
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Masks a stored NIK for display: `3204120101900001` -> `************0001`.
///
/// Only the serial is kept. Digits 1-6 name the district and 7-12 the birth date and sex, so a
/// mask that kept the district beside a birth date and gender could be turned back into the
/// whole number; whoever sees a masked NIK gets neither (`Member` leaves them out). Counts
/// characters, not bytes, so text that is not a NIK (an old answer, a typo kept in a draft) is
/// masked too, keeping at most a quarter of it, instead of panicking on a character boundary.
pub fn mask(nik: &str) -> String {
    let chars: Vec<char> = nik.chars().collect();
    let keep_tail = (chars.len() / 4).min(4);
    let mut masked = "*".repeat(chars.len() - keep_tail);
    masked.extend(&chars[chars.len() - keep_tail..]);
    masked
}

/// Never prints the number: a NIK must not reach a log through `{:?}`.
impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({})", self.masked())
    }
}

impl Serialize for Nik {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Deserialising checks the format only (no date context); servers re-parse with `parse`.
impl<'de> Deserialize<'de> for Nik {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Nik, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.len() == 16 && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Nik(text))
        } else {
            Err(serde::de::Error::custom(NikError::Length))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 29).unwrap()
    }

    #[test]
    fn a_man_born_in_1990_in_bandung_regency() {
        let (nik, facts) = Nik::parse("3204120101900001", today()).unwrap();
        assert_eq!(nik.expose(), "3204120101900001");
        assert_eq!(facts.district.as_str(), "32.04.12");
        assert_eq!(facts.birth_date.to_string(), "1990-01-01");
        assert_eq!(facts.gender, Gender::Male);
    }

    #[test]
    fn women_have_forty_added_to_the_day() {
        let (_, facts) = Nik::parse("3204125512050003", today()).unwrap();
        assert_eq!(facts.gender, Gender::Female);
        assert_eq!(facts.birth_date.to_string(), "2005-12-15");
    }

    #[test]
    fn the_century_is_the_latest_one_not_in_the_future() {
        let (_, facts) = Nik::parse("3204120101260001", today()).unwrap();
        assert_eq!(facts.birth_date.year(), 2026);
        let (_, facts) = Nik::parse("3204120101270001", today()).unwrap();
        assert_eq!(facts.birth_date.year(), 1927);
    }

    #[test]
    fn masking_keeps_only_the_last_four_digits() {
        assert_eq!(mask("3204120101900001"), "************0001");
        assert_eq!(mask("12345"), "****5");
        assert_eq!(mask(""), "");
        // Not a NIK, and not ASCII: still masked by character, never cut inside one.
        assert_eq!(mask("3204é€12345678"), "***********678");
    }

    #[test]
    fn readable_separators_are_ignored() {
        let (nik, _) = Nik::parse(" 3204 1201 0190 0001 ", today()).unwrap();
        assert_eq!(nik.expose(), "3204120101900001");
    }

    #[test]
    fn each_mistake_gets_its_own_error() {
        let cases = [
            ("320412010190001", NikError::Length),
            ("32041201019000011", NikError::Length),
            ("32041201019O0001", NikError::NotDigits),
            ("0004120101900001", NikError::District),
            ("3204123201900001", NikError::BirthDate),
            ("3204127201900001", NikError::BirthDate),
            ("3204120013900001", NikError::BirthDate),
            ("3204122902250001", NikError::BirthDate),
            ("3204123011260001", NikError::FutureBirthDate),
            ("3204120101900000", NikError::Serial),
        ];
        for (input, expected) in cases {
            assert_eq!(
                Nik::parse(input, today()).map(|_| ()),
                Err(expected),
                "{input}"
            );
        }
    }

    #[test]
    fn debug_output_never_shows_the_number() {
        let (nik, _) = Nik::parse("3204120101900001", today()).unwrap();
        let debug = format!("{nik:?}");
        assert!(!debug.contains("3204120101900001"), "{debug}");
        assert_eq!(nik.masked(), "************0001");
    }
}
