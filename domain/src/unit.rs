//! Business units (gerai) of a cooperative: the seven standard kinds of the programme, each with
//! the KBLI (business classification) codes it may be registered under, and "other".

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::cooperative::name_field;
use crate::date::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Sembako,
    Apotek,
    KantorKoperasi,
    SimpanPinjam,
    Klinik,
    Pergudangan,
    Logistik,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    Planned,
    Preparing,
    Operating,
}

impl UnitKind {
    /// Every kind: the programme's standard seven, then "other".
    pub const ALL: [UnitKind; 8] = [
        UnitKind::Sembako,
        UnitKind::Apotek,
        UnitKind::KantorKoperasi,
        UnitKind::SimpanPinjam,
        UnitKind::Klinik,
        UnitKind::Pergudangan,
        UnitKind::Logistik,
        UnitKind::Other,
    ];

    /// The KBLI codes a unit of this kind may use; empty for `Other` (any code).
    pub fn kbli_codes(self) -> &'static [&'static str] {
        match self {
            UnitKind::Sembako => &["47111", "47112"],
            UnitKind::Apotek => &[
                "47721", "47722", "47723", "47724", "47725", "47726", "47727", "47728", "47729",
            ],
            UnitKind::KantorKoperasi => &["47415", "77394"],
            // 64146 and 64148 are the syariah (Islamic finance) forms.
            UnitKind::SimpanPinjam => &["64142", "64144", "64146", "64148"],
            UnitKind::Klinik => &["86102", "86103", "86105", "86109"],
            UnitKind::Pergudangan => &["52102"],
            UnitKind::Logistik => &[
                "52291", "52292", "52293", "52294", "52295", "52296", "52297",
            ],
            UnitKind::Other => &[],
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Sembako => "sembako",
            UnitKind::Apotek => "apotek",
            UnitKind::KantorKoperasi => "kantor_koperasi",
            UnitKind::SimpanPinjam => "simpan_pinjam",
            UnitKind::Klinik => "klinik",
            UnitKind::Pergudangan => "pergudangan",
            UnitKind::Logistik => "logistik",
            UnitKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl UnitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::Planned => "planned",
            UnitStatus::Preparing => "preparing",
            UnitStatus::Operating => "operating",
        }
    }

    pub fn parse(s: &str) -> Option<UnitStatus> {
        [
            UnitStatus::Planned,
            UnitStatus::Preparing,
            UnitStatus::Operating,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// A unit as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    pub id: String,
    pub cooperative_id: String,
    #[serde(flatten)]
    pub details: UnitDetails,
    pub version: i64,
}

impl Unit {
    /// The order units are listed in, on the server and on a phone that built the list from
    /// pulled records: by kind, then name.
    pub fn display_order(a: &Unit, b: &Unit) -> std::cmp::Ordering {
        (a.details.kind.as_str(), &a.details.name, &a.id).cmp(&(
            b.details.kind.as_str(),
            &b.details.name,
            &b.id,
        ))
    }
}

/// What the pengurus enter for a unit (`POST .../units`, and with `version` for `PUT`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitDetails {
    pub kind: UnitKind,
    pub kbli: String,
    pub name: String,
    pub status: UnitStatus,
    pub opened_on: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitUpdate {
    pub version: i64,
    #[serde(flatten)]
    pub details: UnitDetails,
}

impl UnitDetails {
    pub fn validate(&self, today: Date) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Err(e) = name_field("name", &self.name) {
            errors.push(e);
        }
        let codes = self.kind.kbli_codes();
        let well_formed = self.kbli.len() == 5 && self.kbli.bytes().all(|b| b.is_ascii_digit());
        if !well_formed {
            errors.push(FieldError::new("kbli", "kbli.format"));
        } else if !codes.is_empty() && !codes.contains(&self.kbli.as_str()) {
            errors.push(FieldError::new("kbli", "kbli.not_for_kind"));
        }
        match (self.status, self.opened_on) {
            (UnitStatus::Operating, None) => {
                errors.push(FieldError::new("opened_on", "required"));
            }
            (_, Some(date)) if date > today => {
                errors.push(FieldError::new("opened_on", "date.future"));
            }
            _ => {}
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 29).unwrap()
    }

    fn unit(kind: UnitKind, kbli: &str, status: UnitStatus, opened: Option<&str>) -> UnitDetails {
        UnitDetails {
            kind,
            kbli: kbli.into(),
            name: "Gerai Sembako".into(),
            status,
            opened_on: opened.map(|d| d.parse().unwrap()),
        }
    }

    fn codes(details: &UnitDetails) -> Vec<String> {
        details
            .validate(today())
            .into_iter()
            .map(|e| e.code)
            .collect()
    }

    #[test]
    fn each_standard_kind_accepts_its_own_codes_only() {
        for &kind in &UnitKind::ALL[..7] {
            assert!(!kind.kbli_codes().is_empty());
            for code in kind.kbli_codes() {
                assert!(
                    codes(&unit(kind, code, UnitStatus::Planned, None)).is_empty(),
                    "{kind:?} {code}"
                );
            }
        }
        assert_eq!(
            codes(&unit(UnitKind::Sembako, "86102", UnitStatus::Planned, None)),
            ["kbli.not_for_kind"]
        );
        assert!(codes(&unit(UnitKind::Other, "10750", UnitStatus::Planned, None)).is_empty());
        assert_eq!(
            codes(&unit(UnitKind::Other, "1075", UnitStatus::Planned, None)),
            ["kbli.format"]
        );
    }

    #[test]
    fn an_operating_unit_has_an_opening_date_in_the_past() {
        assert_eq!(
            codes(&unit(
                UnitKind::Sembako,
                "47111",
                UnitStatus::Operating,
                None
            )),
            ["required"]
        );
        assert_eq!(
            codes(&unit(
                UnitKind::Sembako,
                "47111",
                UnitStatus::Preparing,
                Some("2027-01-01")
            )),
            ["date.future"]
        );
        assert!(
            codes(&unit(
                UnitKind::Sembako,
                "47111",
                UnitStatus::Operating,
                Some("2026-03-01")
            ))
            .is_empty()
        );
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::parse(kind.as_str()), Some(kind));
        }
    }
}
