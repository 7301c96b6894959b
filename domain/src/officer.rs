//! Officers: the board (pengurus) and the supervisors (pengawas), with terms of office.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::cooperative::name_field;
use crate::date::Date;
use crate::phone::Phone;

/// The longest term of office the law allows pengurus and pengawas.
pub const MAX_TERM_YEARS: u16 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Organ {
    Pengurus,
    Pengawas,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Ketua,
    Sekretaris,
    Bendahara,
    Anggota,
}

impl Organ {
    pub fn as_str(self) -> &'static str {
        match self {
            Organ::Pengurus => "pengurus",
            Organ::Pengawas => "pengawas",
        }
    }

    pub fn parse(s: &str) -> Option<Organ> {
        match s {
            "pengurus" => Some(Organ::Pengurus),
            "pengawas" => Some(Organ::Pengawas),
            _ => None,
        }
    }

    /// The board has a chair, a secretary and a treasurer; supervisors a chair and members.
    pub fn allows(self, position: Position) -> bool {
        match self {
            Organ::Pengurus => true,
            Organ::Pengawas => matches!(position, Position::Ketua | Position::Anggota),
        }
    }
}

impl Position {
    pub fn as_str(self) -> &'static str {
        match self {
            Position::Ketua => "ketua",
            Position::Sekretaris => "sekretaris",
            Position::Bendahara => "bendahara",
            Position::Anggota => "anggota",
        }
    }

    pub fn parse(s: &str) -> Option<Position> {
        match s {
            "ketua" => Some(Position::Ketua),
            "sekretaris" => Some(Position::Sekretaris),
            "bendahara" => Some(Position::Bendahara),
            "anggota" => Some(Position::Anggota),
            _ => None,
        }
    }
}

/// An officer as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Officer {
    pub id: String,
    pub cooperative_id: String,
    pub user_id: String,
    pub name: String,
    pub organ: Organ,
    pub position: Position,
    pub term_start: Date,
    pub term_end: Date,
    pub ended_on: Option<Date>,
}

impl Officer {
    /// The order officers are listed in, on the server and on a phone that built the list from
    /// pulled records: current terms first, pengurus before pengawas, ketua, sekretaris and
    /// bendahara before the rest, then by name.
    pub fn display_order(a: &Officer, b: &Officer) -> std::cmp::Ordering {
        let key = |o: &Officer| {
            let rank = match o.position {
                Position::Ketua => 0,
                Position::Sekretaris => 1,
                Position::Bendahara => 2,
                Position::Anggota => 3,
            };
            (o.ended_on.is_some(), o.organ != Organ::Pengurus, rank)
        };
        key(a).cmp(&key(b)).then_with(|| a.name.cmp(&b.name))
    }
}

/// `POST /api/cooperatives/{id}/officers`: appoints a person (given by name and phone; an
/// account is created if the phone has none) to a position for a term.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appointment {
    pub name: String,
    pub phone: String,
    pub organ: Organ,
    pub position: Position,
    pub term_start: Date,
    pub term_end: Date,
    /// The caller confirms that the phone's existing account belongs to the person named. A
    /// phone with an account is refused (`phone.has_account`) until then, so a typo does not
    /// silently make someone else an officer.
    #[serde(default)]
    pub existing_account_confirmed: bool,
}

/// The answer to an appointment; `activation_code` when a new account was made.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appointed {
    pub officer: Officer,
    pub activation_code: Option<String>,
}

/// `POST /api/officers/{id}/end`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermEnd {
    pub ended_on: Date,
}

impl Appointment {
    pub fn parse(&self) -> Result<(String, Phone), Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = name_field("name", &self.name)
            .map_err(|e| errors.push(e))
            .ok();
        let phone = crate::account::phone_field("phone", &self.phone)
            .map_err(|e| errors.push(e))
            .ok();
        if !self.organ.allows(self.position) {
            errors.push(FieldError::new("position", "officer.position_not_in_organ"));
        }
        if self.term_end <= self.term_start {
            errors.push(FieldError::new("term_end", "term.ends_before_start"));
        } else if self.term_end > self.term_start.add_years(MAX_TERM_YEARS) {
            errors.push(FieldError::new("term_end", "term.too_long"));
        }
        match (name, phone) {
            (Some(n), Some(p)) if errors.is_empty() => Ok((n, p)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn appointment(term_start: &str, term_end: &str) -> Appointment {
        Appointment {
            name: "Asep".into(),
            phone: "0812 1111 2222".into(),
            organ: Organ::Pengurus,
            position: Position::Bendahara,
            term_start: term_start.parse().unwrap(),
            term_end: term_end.parse().unwrap(),
            existing_account_confirmed: false,
        }
    }

    #[test]
    fn a_term_may_last_five_years_to_the_day_and_no_longer() {
        assert!(appointment("2026-01-01", "2031-01-01").parse().is_ok());
        let too_long = appointment("2026-01-01", "2031-01-02").parse().unwrap_err();
        assert_eq!(too_long[0].code, "term.too_long");
        let backwards = appointment("2026-01-01", "2025-12-31").parse().unwrap_err();
        assert_eq!(backwards[0].code, "term.ends_before_start");
    }

    #[test]
    fn supervisors_have_no_treasurer() {
        let mut a = appointment("2026-01-01", "2030-01-01");
        a.organ = Organ::Pengawas;
        assert_eq!(
            a.parse().unwrap_err()[0].code,
            "officer.position_not_in_organ"
        );
        a.position = Position::Anggota;
        assert!(a.parse().is_ok());
    }
}
