//! Cooperatives (koperasi desa/kelurahan), their business units (gerai) and officers, with the
//! rules both the app and the server apply.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::date::Date;
use crate::phone::Phone;
use crate::region::{RegionCode, RegionLevel};

/// How the cooperative came to be: built new, developed from an existing one, or revitalised
/// (reactivated or merged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    Baru,
    Mengembangkan,
    Revitalisasi,
}

/// Draft while the pengurus fill it in; submitted for the dinas to check; verified, or returned
/// with reasons to be fixed and submitted again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CooperativeStatus {
    Draft,
    Submitted,
    Verified,
    Returned,
}

macro_rules! names {
    ($ty:ty { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name),* }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($name => Some(Self::$variant),)* _ => None }
            }
        }
    };
}

names!(Scheme { Baru => "baru", Mengembangkan => "mengembangkan", Revitalisasi => "revitalisasi" });
names!(CooperativeStatus {
    Draft => "draft",
    Submitted => "submitted",
    Verified => "verified",
    Returned => "returned",
});

impl CooperativeStatus {
    /// Whether the pengurus may still change the profile.
    pub fn editable(self) -> bool {
        matches!(self, CooperativeStatus::Draft | CooperativeStatus::Returned)
    }
}

/// A cooperative as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cooperative {
    pub id: String,
    pub village: RegionCode,
    pub village_name: String,
    pub scheme: Scheme,
    pub status: CooperativeStatus,
    #[serde(flatten)]
    pub profile: CooperativeProfile,
    /// Why the dinas returned it, while returned.
    pub return_reasons: Option<String>,
    /// Increases with every change; an update names the version it started from.
    pub version: i64,
}

impl Cooperative {
    /// The order a person's own cooperatives are listed in, on the server and on a phone that
    /// built the list from pulled records: by name.
    pub fn display_order(a: &Cooperative, b: &Cooperative) -> std::cmp::Ordering {
        (&a.profile.name, &a.id).cmp(&(&b.profile.name, &b.id))
    }
}

/// What the pengurus keep up to date.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CooperativeProfile {
    pub name: String,
    pub legal_entity_number: Option<String>,
    pub legal_entity_date: Option<Date>,
    pub nik_koperasi: Option<String>,
    pub address: Option<String>,
    pub established_on: Option<Date>,
    pub phone: Option<Phone>,
    pub email: Option<String>,
}

/// `POST /api/cooperatives`: a dinas or ministry admin records a cooperative in a village and
/// its chair (ketua), who gets an account and an activation code to fill in the rest.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CooperativeRegistration {
    pub village: String,
    pub scheme: Scheme,
    pub name: String,
    pub ketua_name: String,
    pub ketua_phone: String,
    /// The caller confirms that the chair's phone, which has an account, belongs to the person
    /// named (`ketua_phone`: `phone.has_account` until then).
    #[serde(default)]
    pub existing_account_confirmed: bool,
}

/// The answer to a registration: the record, and the chair's one-time activation code, shown
/// once to hand over.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisteredCooperative {
    pub cooperative: Cooperative,
    /// `None` when the chair already had an account.
    pub ketua_activation_code: Option<String>,
}

/// `PUT /api/cooperatives/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CooperativeUpdate {
    pub version: i64,
    #[serde(flatten)]
    pub profile: CooperativeProfile,
}

/// A step in a cooperative's life that its history shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CooperativeStep {
    Registered,
    Submitted,
    Returned,
    Verified,
}

names!(CooperativeStep {
    Registered => "registered",
    Submitted => "submitted",
    Returned => "returned",
    Verified => "verified",
});

impl CooperativeStep {
    pub const ALL: [CooperativeStep; 4] = [
        CooperativeStep::Registered,
        CooperativeStep::Submitted,
        CooperativeStep::Returned,
        CooperativeStep::Verified,
    ];

    /// The audit action that records the step.
    pub fn action(self) -> &'static str {
        match self {
            CooperativeStep::Registered => "cooperative.registered",
            CooperativeStep::Submitted => "cooperative.submitted",
            CooperativeStep::Returned => "cooperative.returned",
            CooperativeStep::Verified => "cooperative.verified",
        }
    }

    pub fn of_action(action: &str) -> Option<CooperativeStep> {
        CooperativeStep::ALL
            .into_iter()
            .find(|s| s.action() == action)
    }
}

/// `GET /api/cooperatives/{id}/history`: one step, newest first in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CooperativeEvent {
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    pub step: CooperativeStep,
    /// Who took it; none when it came from the command line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The dinas' reasons, as written (several lines), for a return.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasons: Option<String>,
}

/// `POST /api/cooperatives/{id}/return`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnRequest {
    pub reasons: String,
}

impl ReturnRequest {
    /// The reasons as they will be shown to the pengurus: required, at most 1,000 characters.
    pub fn parse(&self) -> Result<&str, FieldError> {
        crate::text::check("reasons", &self.reasons)?;
        let reasons = self.reasons.trim();
        if reasons.is_empty() {
            Err(FieldError::new("reasons", "required"))
        } else if reasons.chars().count() > 1_000 {
            Err(FieldError::new("reasons", "text.too_long"))
        } else {
            Ok(reasons)
        }
    }
}

pub const NAME_MAX_CHARS: usize = 200;

/// Checks a name as typed: present, readable (no control or reordering characters) and not
/// absurdly long.
pub fn name_field(field: &str, name: &str) -> Result<String, FieldError> {
    crate::text::check_line(field, name)?;
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        Err(FieldError::new(field, "required"))
    } else if name.chars().count() > NAME_MAX_CHARS {
        Err(FieldError::new(field, "text.too_long"))
    } else {
        Ok(name)
    }
}

/// A cooperative's name normally contains its village's name ("Koperasi Desa Merah Putih
/// Sukamaju"). Missing it is allowed but worth a warning, since it is usually a slip.
pub fn name_lacks_village(name: &str, village_name: &str) -> bool {
    // ASCII folding: region names are written in ASCII, and full Unicode lowercasing would
    // ship its case tables (about 12 KB) to every phone.
    let fold = |s: &str| {
        s.to_ascii_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    !fold(name).contains(&fold(village_name))
}

impl CooperativeRegistration {
    pub fn parse(&self) -> Result<(RegionCode, String, String, Phone), Vec<FieldError>> {
        let mut errors = Vec::new();
        let village = match RegionCode::parse(&self.village) {
            Ok(code) if code.level() == RegionLevel::Village => Some(code),
            _ => {
                errors.push(FieldError::new("village", "region.not_village"));
                None
            }
        };
        let name = name_field("name", &self.name)
            .map_err(|e| errors.push(e))
            .ok();
        let ketua_name = name_field("ketua_name", &self.ketua_name)
            .map_err(|e| errors.push(e))
            .ok();
        let phone = crate::account::phone_field("ketua_phone", &self.ketua_phone)
            .map_err(|e| errors.push(e))
            .ok();
        match (village, name, ketua_name, phone) {
            (Some(v), Some(n), Some(k), Some(p)) if errors.is_empty() => Ok((v, n, k, p)),
            _ => Err(errors),
        }
    }
}

/// The profile fields a cooperative must have filled in before its pengurus submit it and the
/// dinas verify it: its legal identity, where it is, since when, and how to reach it. The NIK
/// koperasi and e-mail stay optional (many cooperatives have neither yet).
pub const REQUIRED_FOR_VERIFICATION: [&str; 5] = [
    "legal_entity_number",
    "legal_entity_date",
    "address",
    "established_on",
    "phone",
];

impl CooperativeProfile {
    /// A `required` error for each field of [`REQUIRED_FOR_VERIFICATION`] left empty, in form
    /// order; none when the profile can be submitted and verified.
    pub fn missing_for_verification(&self) -> Vec<FieldError> {
        let text = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
        let filled = |field: &str| match field {
            "legal_entity_number" => text(&self.legal_entity_number),
            "legal_entity_date" => self.legal_entity_date.is_some(),
            "address" => text(&self.address),
            "established_on" => self.established_on.is_some(),
            _ => self.phone.is_some(),
        };
        REQUIRED_FOR_VERIFICATION
            .iter()
            .filter(|field| !filled(field))
            .map(|field| FieldError::new(field, "required"))
            .collect()
    }

    /// Field errors for a profile; `today` bounds the dates (nothing established in the future).
    pub fn validate(&self, today: Date) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Err(e) = name_field("name", &self.name) {
            errors.push(e);
        }
        for (field, date) in [
            ("legal_entity_date", self.legal_entity_date),
            ("established_on", self.established_on),
        ] {
            if date.is_some_and(|d| d > today) {
                errors.push(FieldError::new(field, "date.future"));
            }
        }
        if let (Some(legal), Some(established)) = (self.legal_entity_date, self.established_on)
            && legal < established
        {
            errors.push(FieldError::new(
                "legal_entity_date",
                "date.before_established",
            ));
        }
        if let Some(email) = &self.email
            && !looks_like_email(email)
        {
            errors.push(FieldError::new("email", "email.format"));
        }
        for (field, value, max) in [
            ("legal_entity_number", &self.legal_entity_number, 100),
            ("nik_koperasi", &self.nik_koperasi, 50),
            ("address", &self.address, 500),
        ] {
            if value.as_ref().is_some_and(|v| v.chars().count() > max) {
                errors.push(FieldError::new(field, "text.too_long"));
            } else if let Some(Err(error)) =
                value.as_ref().map(|v| crate::text::check_line(field, v))
            {
                errors.push(error);
            }
        }
        errors
    }
}

/// A profile as typed into a form: every field a string, empty meaning "not filled in".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileInput {
    pub name: String,
    pub legal_entity_number: String,
    pub legal_entity_date: String,
    pub nik_koperasi: String,
    pub address: String,
    pub established_on: String,
    pub phone: String,
    pub email: String,
}

impl ProfileInput {
    /// The fields' names in form order: also the `field` of their errors, and the order of
    /// [`ProfileInput::field`].
    pub const FIELDS: [&'static str; 8] = [
        "name",
        "legal_entity_number",
        "legal_entity_date",
        "nik_koperasi",
        "address",
        "established_on",
        "phone",
        "email",
    ];

    /// One field by its place in [`ProfileInput::FIELDS`], for screens that compare two
    /// versions field by field.
    pub fn field(&self, index: usize) -> &str {
        match index {
            0 => &self.name,
            1 => &self.legal_entity_number,
            2 => &self.legal_entity_date,
            3 => &self.nik_koperasi,
            4 => &self.address,
            5 => &self.established_on,
            6 => &self.phone,
            _ => &self.email,
        }
    }

    pub fn field_mut(&mut self, index: usize) -> &mut String {
        match index {
            0 => &mut self.name,
            1 => &mut self.legal_entity_number,
            2 => &mut self.legal_entity_date,
            3 => &mut self.nik_koperasi,
            4 => &mut self.address,
            5 => &mut self.established_on,
            6 => &mut self.phone,
            _ => &mut self.email,
        }
    }

    /// The form's fields filled from a stored profile, for editing.
    pub fn of(profile: &CooperativeProfile) -> ProfileInput {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let date = |v: Option<Date>| v.map(|d| d.to_string()).unwrap_or_default();
        ProfileInput {
            name: profile.name.clone(),
            legal_entity_number: text(&profile.legal_entity_number),
            legal_entity_date: date(profile.legal_entity_date),
            nik_koperasi: text(&profile.nik_koperasi),
            address: text(&profile.address),
            established_on: date(profile.established_on),
            phone: profile.phone.as_ref().map(Phone::local).unwrap_or_default(),
            email: text(&profile.email),
        }
    }

    /// The typed profile, or every field error at once (the same rules the server applies).
    pub fn parse(&self, today: Date) -> Result<CooperativeProfile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let text = |v: &str| {
            let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
            (!v.is_empty()).then_some(v)
        };
        let mut date = |field: &str, v: &str| match v.trim() {
            "" => None,
            v => v
                .parse::<Date>()
                .map_err(|_| errors.push(FieldError::new(field, "date.format")))
                .ok(),
        };
        let legal_entity_date = date("legal_entity_date", &self.legal_entity_date);
        let established_on = date("established_on", &self.established_on);
        let phone = match self.phone.trim() {
            "" => None,
            v => crate::account::phone_field("phone", v)
                .map_err(|e| errors.push(e))
                .ok(),
        };
        let profile = CooperativeProfile {
            name: self.name.clone(),
            legal_entity_number: text(&self.legal_entity_number),
            legal_entity_date,
            nik_koperasi: text(&self.nik_koperasi),
            address: text(&self.address),
            established_on,
            phone,
            email: text(&self.email),
        };
        errors.extend(profile.validate(today));
        if errors.is_empty() {
            Ok(profile)
        } else {
            Err(errors)
        }
    }
}

/// Enough to catch a phone number or a name typed into the e-mail field; the real check is
/// whether mail arrives.
fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
        && s.len() <= 254
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 29).unwrap()
    }

    #[test]
    fn an_empty_or_blank_profile_lacks_every_required_field_and_a_full_one_none() {
        let empty = CooperativeProfile {
            name: "Koperasi Desa Merah Putih Sukamaju".into(),
            address: Some("  ".into()),
            ..Default::default()
        };
        let missing: Vec<_> = empty
            .missing_for_verification()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(missing.len(), REQUIRED_FOR_VERIFICATION.len());
        assert!(missing.iter().all(|(_, code)| code == "required"));
        assert_eq!(missing[0].0, "legal_entity_number");
        let full = CooperativeProfile {
            name: "Koperasi Desa Merah Putih Sukamaju".into(),
            legal_entity_number: Some("AHU-0012345.AH.01.29.TAHUN 2025".into()),
            legal_entity_date: Some(Date::new(2025, 8, 17).unwrap()),
            address: Some("Jl. Raya 1".into()),
            established_on: Some(Date::new(2025, 7, 21).unwrap()),
            phone: Some(Phone::parse("0812 1111 2222").unwrap()),
            ..Default::default()
        };
        assert!(full.missing_for_verification().is_empty());
    }

    #[test]
    fn each_field_has_its_place_and_the_name_its_errors_use() {
        let mut input = ProfileInput::default();
        for index in 0..ProfileInput::FIELDS.len() {
            *input.field_mut(index) = format!("?{index}");
        }
        for index in 0..ProfileInput::FIELDS.len() {
            assert_eq!(input.field(index), format!("?{index}"));
        }
        // Every field but the free-text ones refuses "?n", under the name FIELDS gives it.
        let errors = input.parse(today()).unwrap_err();
        for error in &errors {
            assert!(
                ProfileInput::FIELDS.contains(&error.field.as_str()),
                "{error:?}"
            );
        }
        assert!(errors.len() >= 4, "{errors:?}");
    }

    #[test]
    fn return_reasons_are_required_and_bounded() {
        let of = |r: &str| ReturnRequest { reasons: r.into() };
        assert_eq!(
            of("  Alamat belum diisi. ").parse(),
            Ok("Alamat belum diisi.")
        );
        assert_eq!(of("   ").parse().unwrap_err().code, "required");
        assert_eq!(
            of(&"x".repeat(1_001)).parse().unwrap_err().code,
            "text.too_long"
        );
    }

    #[test]
    fn a_typed_profile_round_trips_and_reports_every_bad_field() {
        let typed = ProfileInput {
            name: "  Koperasi Desa Merah Putih   Sukamaju ".into(),
            legal_entity_date: "2026-01-10".into(),
            established_on: "2025-12-01".into(),
            phone: "0812 1111 2222".into(),
            ..ProfileInput::default()
        };
        let profile = typed.parse(today()).unwrap();
        assert_eq!(profile.phone.as_ref().unwrap().as_str(), "+6281211112222");
        assert_eq!(profile.address, None);
        assert_eq!(ProfileInput::of(&profile).parse(today()), Ok(profile));

        let bad = ProfileInput {
            name: " ".into(),
            legal_entity_date: "10/01/2026".into(),
            established_on: "2027-01-01".into(),
            phone: "12".into(),
            email: "ketua at desa".into(),
            ..ProfileInput::default()
        };
        let mut fields: Vec<_> = bad
            .parse(today())
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                ("email".into(), "email.format".into()),
                ("established_on".into(), "date.future".into()),
                ("legal_entity_date".into(), "date.format".into()),
                ("name".into(), "required".into()),
                ("phone".into(), "phone.format".into()),
            ]
        );
    }

    #[test]
    fn a_name_without_the_village_is_flagged_whatever_the_case_and_spacing() {
        assert!(!name_lacks_village(
            "Koperasi Desa Merah Putih  Cangkuang wetan",
            "Cangkuang Wetan"
        ));
        assert!(name_lacks_village(
            "Koperasi Desa Merah Putih Sukamaju",
            "Cangkuang Wetan"
        ));
    }

    #[test]
    fn registration_reports_every_problem_at_once() {
        let registration = CooperativeRegistration {
            village: "32.04.12".into(),
            scheme: Scheme::Baru,
            name: "   ".into(),
            ketua_name: "Budi".into(),
            ketua_phone: "021555".into(),
            existing_account_confirmed: false,
        };
        let codes: Vec<String> = registration
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect();
        assert_eq!(
            codes,
            [
                "village:region.not_village",
                "name:required",
                "ketua_phone:phone.format"
            ]
        );
    }

    #[test]
    fn profile_dates_cannot_lie_in_the_future_or_out_of_order() {
        let profile = CooperativeProfile {
            name: "Koperasi".into(),
            legal_entity_date: Some(Date::new(2025, 1, 1).unwrap()),
            established_on: Some(Date::new(2025, 6, 1).unwrap()),
            email: Some("ketua@koperasi".into()),
            ..CooperativeProfile::default()
        };
        let codes: Vec<String> = profile
            .validate(today())
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(codes, ["date.before_established", "email.format"]);
        let future = CooperativeProfile {
            name: "Koperasi".into(),
            established_on: Some(Date::new(2027, 1, 1).unwrap()),
            ..CooperativeProfile::default()
        };
        assert_eq!(future.validate(today())[0].code, "date.future");
    }

    #[test]
    fn names_round_trip() {
        for status in [
            CooperativeStatus::Draft,
            CooperativeStatus::Submitted,
            CooperativeStatus::Verified,
            CooperativeStatus::Returned,
        ] {
            assert_eq!(CooperativeStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(Scheme::parse("revitalisasi"), Some(Scheme::Revitalisasi));
        assert!(CooperativeStatus::Returned.editable());
        assert!(!CooperativeStatus::Submitted.editable());
    }
}
