//! Members (anggota) of a cooperative, registered by its pengurus.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::cooperative::name_field;
use crate::date::Date;
use crate::nik::{Gender, Nik, NikError, NikFacts};
use crate::phone::Phone;

/// The privacy notice a member is shown before their data is recorded (UU PDP). Changing the
/// notice's text means a new version here, so each consent names what was agreed to.
pub const CONSENT_NOTICE_VERSION: &str = "2026-11-v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    Active,
    Left,
}

/// `POST /api/cooperatives/{id}/members`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberRegistration {
    pub nik: String,
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub join_date: Date,
    /// The notice version the member agreed to; must be the current one.
    pub consent_notice_version: String,
    /// Also create a sign-in account (needs a phone) and return its activation code.
    #[serde(default)]
    pub create_account: bool,
}

/// A registration that passed every check needing no data outside the request.
#[derive(Debug)]
pub struct ValidMember {
    pub nik: Nik,
    pub facts: NikFacts,
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<Phone>,
    pub join_date: Date,
}

pub fn nik_error_code(error: NikError) -> &'static str {
    match error {
        NikError::Length => "nik.length",
        NikError::NotDigits => "nik.not_digits",
        NikError::District => "nik.district",
        NikError::BirthDate => "nik.birth_date",
        NikError::FutureBirthDate => "nik.future_birth_date",
        NikError::Serial => "nik.serial",
    }
}

impl MemberRegistration {
    pub fn parse(&self, today: Date) -> Result<ValidMember, Vec<FieldError>> {
        let mut errors = Vec::new();
        let nik = Nik::parse(&self.nik, today)
            .map_err(|e| errors.push(FieldError::new("nik", nik_error_code(e))))
            .ok();
        let name = name_field("name", &self.name)
            .map_err(|e| errors.push(e))
            .ok();
        let phone = optional_phone(self.phone.as_deref())
            .map_err(|e| errors.push(e))
            .unwrap_or(None);
        if phone.is_none() && self.create_account && !errors.iter().any(|e| e.field == "phone") {
            errors.push(FieldError::new("phone", "required"));
        }
        if self.join_date > today {
            errors.push(FieldError::new("join_date", "date.future"));
        } else if nik
            .as_ref()
            .is_some_and(|(_, facts)| self.join_date < facts.birth_date)
        {
            errors.push(FieldError::new("join_date", "date.before_birth"));
        }
        let address = optional_address(self.address.as_deref())
            .map_err(|e| errors.push(e))
            .unwrap_or(None);
        if self.consent_notice_version != CONSENT_NOTICE_VERSION {
            errors.push(FieldError::new("consent", "consent.required"));
        }
        match (nik, name) {
            (Some((nik, facts)), Some(name)) if errors.is_empty() => Ok(ValidMember {
                nik,
                facts,
                name,
                address,
                phone,
                join_date: self.join_date,
            }),
            _ => Err(errors),
        }
    }
}

/// A member's phone as typed: empty means none.
fn optional_phone(input: Option<&str>) -> Result<Option<Phone>, FieldError> {
    match input.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => crate::account::phone_field("phone", p).map(Some),
        None => Ok(None),
    }
}

/// A member's address as typed: empty means none; at most 500 characters.
fn optional_address(input: Option<&str>) -> Result<Option<String>, FieldError> {
    if let Some(text) = input {
        crate::text::check_line("address", text)?;
    }
    match input.map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) if a.chars().count() > 500 => Err(FieldError::new("address", "text.too_long")),
        Some(a) => Ok(Some(a.to_owned())),
        None => Ok(None),
    }
}

/// Pembaruan data mandiri: what a member asks to change about their own record. The name as
/// written, the phone and the address; the NIK and the dates stay the pengurus' to correct.
/// It waits for a pengurus of the cooperative (not the member themselves) to approve it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnDataChange {
    pub member_id: String,
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

/// The data a change request asks for, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnData {
    pub name: String,
    pub phone: Option<Phone>,
    pub address: Option<String>,
}

impl OwnDataChange {
    /// The same rules as registering a member, for these fields.
    pub fn parse(&self) -> Result<OwnData, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = name_field("name", &self.name)
            .map_err(|e| errors.push(e))
            .ok();
        let phone = optional_phone(self.phone.as_deref()).map_err(|e| errors.push(e));
        let address = optional_address(self.address.as_deref()).map_err(|e| errors.push(e));
        match (name, phone, address) {
            (Some(name), Ok(phone), Ok(address)) => Ok(OwnData {
                name,
                phone,
                address,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Approved,
    Rejected,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<RequestStatus> {
        match s {
            "pending" => Some(RequestStatus::Pending),
            "approved" => Some(RequestStatus::Approved),
            "rejected" => Some(RequestStatus::Rejected),
            _ => None,
        }
    }
}

/// A change request as the API returns it: what is asked next to what the record holds now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeRequest {
    pub id: String,
    pub member_id: String,
    pub cooperative_id: String,
    /// The account that asked: the member's own. A pengurus never decides their own request.
    pub requested_by: String,
    pub requested: OwnData,
    pub current: OwnData,
    pub status: RequestStatus,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// Unix ms, server time.
    pub requested_at: i64,
    pub decided_at: Option<i64>,
}

/// A member as the API returns it. `nik` is the full number only for the member and their
/// cooperative's pengurus (`nik_masked` false); everyone else gets it masked to its last four
/// digits and without `gender` and `birth_date`, which digits 7-12 of a NIK encode: together
/// with the district they would give the number back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub id: String,
    pub cooperative_id: String,
    pub nik: String,
    pub nik_masked: bool,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Date>,
    pub address: Option<String>,
    pub phone: Option<Phone>,
    pub join_date: Date,
    pub status: MemberStatus,
    pub left_on: Option<Date>,
    pub left_reason: Option<String>,
    pub has_account: bool,
    pub version: i64,
}

/// The answer to a registration: the member and, when asked for, the one-time code for
/// their account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisteredMember {
    pub member: Member,
    pub activation_code: Option<String>,
}

/// One page of a cooperative's member list.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberPage {
    pub members: Vec<Member>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// `POST /api/members/{id}/leave`: the member leaves the cooperative (moved, resigned, died).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Leaving {
    pub version: i64,
    pub left_on: Date,
    pub reason: String,
}

impl Leaving {
    pub fn validate(&self, join_date: Date, today: Date) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.left_on > today {
            errors.push(FieldError::new("left_on", "date.future"));
        } else if self.left_on < join_date {
            errors.push(FieldError::new("left_on", "date.before_join"));
        }
        let reason = self.reason.trim();
        if let Err(error) = crate::text::check_line("reason", reason) {
            errors.push(error);
        } else if reason.is_empty() {
            errors.push(FieldError::new("reason", "required"));
        } else if reason.chars().count() > 500 {
            errors.push(FieldError::new("reason", "text.too_long"));
        }
        errors
    }
}

/// Who did what with a member's record, for the member to see (UU PDP).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessLogEntry {
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    pub actor_name: Option<String>,
    pub action: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 29).unwrap()
    }

    fn registration() -> MemberRegistration {
        MemberRegistration {
            nik: "3204125512050003".into(),
            name: "Neng Sari".into(),
            address: Some("Kp. Cangkuang RT 02/05".into()),
            phone: Some("0813 2222 3333".into()),
            join_date: Date::new(2026, 1, 15).unwrap(),
            consent_notice_version: CONSENT_NOTICE_VERSION.into(),
            create_account: true,
        }
    }

    #[test]
    fn a_valid_registration_derives_gender_and_birth_date() {
        let member = registration().parse(today()).unwrap();
        assert_eq!(member.facts.gender, Gender::Female);
        assert_eq!(member.facts.birth_date.to_string(), "2005-12-15");
        assert_eq!(member.phone.unwrap().as_str(), "+6281322223333");
    }

    #[test]
    fn every_problem_is_reported_against_its_field() {
        let bad = MemberRegistration {
            nik: "3204120101900000".into(),
            name: " ".into(),
            phone: None,
            join_date: Date::new(2027, 1, 1).unwrap(),
            consent_notice_version: "old".into(),
            ..registration()
        };
        let fields: Vec<String> = bad
            .parse(today())
            .unwrap_err()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                "nik:nik.serial",
                "name:required",
                "phone:required",
                "join_date:date.future",
                "consent:consent.required"
            ]
        );
    }
}
