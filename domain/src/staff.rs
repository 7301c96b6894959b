//! Staff administration: who administers which place. The ministry appoints dinas admins for a
//! province or a regency, a province admin appoints regency admins inside it; nobody grants a
//! scope as wide as their own (see [`crate::authority`]).

use serde::{Deserialize, Serialize};

use crate::account::Role;
use crate::api::FieldError;
use crate::cooperative::name_field;
use crate::phone::Phone;
use crate::region::{RegionCode, RegionLevel};

/// One staff role and the account holding it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub user_id: String,
    pub name: String,
    pub phone: Phone,
    pub role: Role,
    /// The region a dinas admin administers; none for the ministry (the whole country).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionCode>,
    /// The region's name, as people say it ("Kabupaten Bandung").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Whether the account has set its password.
    pub activated: bool,
    /// Whether the account is disabled (it cannot sign in).
    pub disabled: bool,
    /// Milliseconds since the Unix epoch.
    pub granted_at: i64,
    /// Who appointed them; none for the first admin, made on the command line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granted_by: Option<String>,
}

/// `GET /api/staff`: one page of the staff the caller administers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffPage {
    pub items: Vec<StaffMember>,
    /// Every staff role matching the filter, across all pages.
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}

/// `POST /api/staff`: appoints a dinas admin for a province or a regency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffAppointment {
    pub name: String,
    pub phone: String,
    /// A province (`32`) or a regency or city (`32.04`).
    pub region: String,
    /// The caller confirms that the phone's existing account belongs to the person named
    /// (`phone.has_account` otherwise, never saying whose).
    #[serde(default)]
    pub existing_account_confirmed: bool,
}

/// An appointment that passed the shared rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidStaffAppointment {
    pub name: String,
    pub phone: Phone,
    pub region: RegionCode,
}

impl StaffAppointment {
    pub fn parse(&self) -> Result<ValidStaffAppointment, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = name_field("name", &self.name)
            .map_err(|e| errors.push(e))
            .ok();
        let phone = crate::account::phone_field("phone", &self.phone)
            .map_err(|e| errors.push(e))
            .ok();
        let region = match RegionCode::parse(self.region.trim()) {
            _ if self.region.trim().is_empty() => {
                errors.push(FieldError::new("region", "required"));
                None
            }
            Ok(code) if code.level() <= RegionLevel::Regency => Some(code),
            Ok(_) => {
                errors.push(FieldError::new("region", "staff.region_level"));
                None
            }
            Err(_) => {
                errors.push(FieldError::new("region", "region.format"));
                None
            }
        };
        match (name, phone, region) {
            (Some(name), Some(phone), Some(region)) if errors.is_empty() => {
                Ok(ValidStaffAppointment {
                    name,
                    phone,
                    region,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The answer to an appointment: the account, and its one-time code when it was made now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffAppointed {
    pub user_id: String,
    pub activation_code: Option<String>,
}

/// `GET /api/staff/work`: what waits for an admin, in their scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffWork {
    /// Cooperatives submitted and waiting for verification.
    pub awaiting_verification: i64,
    /// When the oldest of them was submitted (milliseconds since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oldest_submitted_at: Option<i64>,
    /// Cooperatives returned for correction, waiting for their pengurus.
    pub returned: i64,
    /// Cooperatives still being drafted.
    pub drafts: i64,
    /// Staff the caller appointed (or could have) who have not activated their account yet.
    pub staff_not_activated: i64,
}

/// Whether a caller holding `role` may appoint or remove dinas admins at all (the ministry, and
/// province admins for regencies inside their province).
pub fn appoints_staff(role: Role, region: Option<&RegionCode>) -> bool {
    match role {
        Role::MinistryAdmin => true,
        Role::DinasAdmin => region.is_some_and(|r| r.level() == RegionLevel::Province),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn appointment(region: &str) -> StaffAppointment {
        StaffAppointment {
            name: "Rina Wulandari".into(),
            phone: "0811 2233 4455".into(),
            region: region.into(),
            existing_account_confirmed: false,
        }
    }

    #[test]
    fn a_dinas_admin_is_appointed_for_a_province_or_a_regency_only() {
        assert!(appointment("32").parse().is_ok());
        assert!(appointment("32.04").parse().is_ok());
        let district = appointment("32.04.12").parse().unwrap_err();
        assert_eq!(district[0].field, "region");
        assert_eq!(district[0].code, "staff.region_level");
        assert_eq!(appointment("").parse().unwrap_err()[0].code, "required");
        assert_eq!(
            appointment("Jawa Barat").parse().unwrap_err()[0].code,
            "region.format"
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = StaffAppointment {
            name: String::new(),
            phone: "12".into(),
            region: "32.04.12".into(),
            existing_account_confirmed: false,
        }
        .parse()
        .unwrap_err();
        let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "phone", "region"]);
    }

    #[test]
    fn only_the_ministry_and_province_admins_appoint_staff() {
        let province = RegionCode::parse("32").ok();
        let regency = RegionCode::parse("32.04").ok();
        assert!(appoints_staff(Role::MinistryAdmin, None));
        assert!(appoints_staff(Role::DinasAdmin, province.as_ref()));
        assert!(!appoints_staff(Role::DinasAdmin, regency.as_ref()));
        assert!(!appoints_staff(Role::Pengurus, None));
    }
}
