//! Kemendagri region codes: `PP` province, `PP.KK` regency or city, `PP.KK.CC` district,
//! `PP.KK.CC.DDDD` village (desa) or urban ward (kelurahan).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province = 1,
    Regency = 2,
    District = 3,
    Village = 4,
}

impl RegionLevel {
    pub fn depth(self) -> u8 {
        self as u8
    }

    pub fn child(self) -> Option<RegionLevel> {
        match self {
            RegionLevel::Province => Some(RegionLevel::Regency),
            RegionLevel::Regency => Some(RegionLevel::District),
            RegionLevel::District => Some(RegionLevel::Village),
            RegionLevel::Village => None,
        }
    }
}

/// A syntactically valid region code. Whether the region exists is the region table's business.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegionCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RegionCodeError {
    #[error("a region code looks like 11, 11.01, 11.01.01 or 11.01.01.2001")]
    Format,
}

impl RegionCode {
    pub fn parse(s: &str) -> Result<RegionCode, RegionCodeError> {
        let parts: Vec<&str> = s.split('.').collect();
        let widths: &[usize] = &[2, 2, 2, 4][..parts.len().min(4)];
        let well_formed = (1..=4).contains(&parts.len())
            && parts
                .iter()
                .zip(widths)
                .all(|(p, w)| p.len() == *w && p.bytes().all(|b| b.is_ascii_digit()))
            && parts.iter().all(|p| p.bytes().any(|b| b != b'0'));
        if well_formed {
            Ok(RegionCode(s.to_owned()))
        } else {
            Err(RegionCodeError::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> RegionLevel {
        match self.0.len() {
            2 => RegionLevel::Province,
            5 => RegionLevel::Regency,
            8 => RegionLevel::District,
            _ => RegionLevel::Village,
        }
    }

    /// The region this one lies in; `None` for a province.
    pub fn parent(&self) -> Option<RegionCode> {
        self.0
            .rsplit_once('.')
            .map(|(parent, _)| RegionCode(parent.to_owned()))
    }

    /// The code of the enclosing region at `level`, if this one is at or below it.
    pub fn ancestor(&self, level: RegionLevel) -> Option<RegionCode> {
        let len = match level {
            RegionLevel::Province => 2,
            RegionLevel::Regency => 5,
            RegionLevel::District => 8,
            RegionLevel::Village => 13,
        };
        (self.0.len() >= len).then(|| RegionCode(self.0[..len].to_owned()))
    }

    /// Whether `other` is this region or lies inside it.
    pub fn contains(&self, other: &RegionCode) -> bool {
        other.0 == self.0
            || (other.0.starts_with(&self.0) && other.0.as_bytes().get(self.0.len()) == Some(&b'.'))
    }

    /// Regency codes 71-99 are cities (kota), 01-69 regencies (kabupaten).
    pub fn is_city(&self) -> Option<bool> {
        let regency = self.0.get(3..5)?;
        regency.parse::<u8>().ok().map(|n| n >= 71)
    }

    /// Village codes starting with 1 are urban wards (kelurahan), with 2 rural villages (desa).
    pub fn is_kelurahan(&self) -> Option<bool> {
        (self.level() == RegionLevel::Village).then(|| self.0.as_bytes()[9] == b'1')
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for RegionCode {
    type Err = RegionCodeError;

    fn from_str(s: &str) -> Result<RegionCode, RegionCodeError> {
        RegionCode::parse(s)
    }
}

impl Serialize for RegionCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RegionCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RegionCode, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        RegionCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn every_level_parses() {
        assert_eq!(code("11").level(), RegionLevel::Province);
        assert_eq!(code("11.01").level(), RegionLevel::Regency);
        assert_eq!(code("11.01.01").level(), RegionLevel::District);
        assert_eq!(code("11.01.01.2001").level(), RegionLevel::Village);
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in [
            "",
            "1",
            "111",
            "11.1",
            "11.01.1",
            "11.01.01.201",
            "11.01.01.2001.1",
            "11-01",
            "1a",
            "00",
            "11.00",
            " 11",
            "11.",
        ] {
            assert_eq!(
                RegionCode::parse(bad),
                Err(RegionCodeError::Format),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parents_and_ancestors_climb_the_tree() {
        let village = code("32.04.12.2003");
        assert_eq!(village.parent(), Some(code("32.04.12")));
        assert_eq!(code("32").parent(), None);
        assert_eq!(village.ancestor(RegionLevel::Province), Some(code("32")));
        assert_eq!(village.ancestor(RegionLevel::Regency), Some(code("32.04")));
        assert_eq!(code("32").ancestor(RegionLevel::Regency), None);
    }

    #[test]
    fn containment_respects_segment_boundaries() {
        assert!(code("32").contains(&code("32.04.12.2003")));
        assert!(code("32.04").contains(&code("32.04")));
        assert!(!code("32.04").contains(&code("32.05.01")));
        assert!(!code("32.04.01").contains(&code("32.04")));
    }

    #[test]
    fn cities_and_kelurahan_are_told_apart_by_their_codes() {
        assert_eq!(code("31.71").is_city(), Some(true));
        assert_eq!(code("32.04").is_city(), Some(false));
        assert_eq!(code("32").is_city(), None);
        assert_eq!(code("31.71.01.1001").is_kelurahan(), Some(true));
        assert_eq!(code("32.04.12.2003").is_kelurahan(), Some(false));
        assert_eq!(code("32.04.12").is_kelurahan(), None);
    }

    #[test]
    fn serde_refuses_malformed_codes() {
        assert_eq!(
            serde_json::from_str::<RegionCode>("\"11.01\"").unwrap(),
            code("11.01")
        );
        assert!(serde_json::from_str::<RegionCode>("\"11.1\"").is_err());
    }
}
