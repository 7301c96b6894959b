//! Accounts: who a person is to Si Kopdes, what they may do, and the bodies of the sign-in API.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::phone::{Phone, PhoneError};
use crate::region::RegionCode;

/// Shortest password accepted. Long enough to resist guessing at the server's throttled rate;
/// short enough to type on a phone keyboard. Length beats composition rules.
pub const PASSWORD_MIN_CHARS: usize = 8;
/// Argon2 hashes anything, but there is no reason to accept a novel.
pub const PASSWORD_MAX_CHARS: usize = 128;
/// Activation codes: digits only, easy to read out over the phone or write on paper.
pub const ACTIVATION_CODE_DIGITS: usize = 8;

/// What a person may do, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Pengurus,
    Pengawas,
    DinasAdmin,
    MinistryAdmin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Pengurus => "pengurus",
            Role::Pengawas => "pengawas",
            Role::DinasAdmin => "dinas_admin",
            Role::MinistryAdmin => "ministry_admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [
            Role::Member,
            Role::Pengurus,
            Role::Pengawas,
            Role::DinasAdmin,
            Role::MinistryAdmin,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// One role with its scope: a cooperative for members and officers, a region for dinas
/// admins, nothing for ministry admins (the whole country).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleGrant {
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooperative_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionCode>,
    /// Where the role is, in words: the region's or the cooperative's name, so a role reads
    /// as a place ("Admin dinas · Jawa Barat"). Absent for the ministry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

/// `GET /api/me` and the answer to signing in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: String,
    pub name: String,
    pub phone: Phone,
    pub roles: Vec<RoleGrant>,
}

impl Me {
    /// Whether this person is one of the cooperative's pengurus (ketua, sekretaris, bendahara).
    pub fn is_pengurus_of(&self, cooperative_id: &str) -> bool {
        self.has_role_in(cooperative_id, Role::Pengurus)
    }

    pub fn has_role_in(&self, cooperative_id: &str, role: Role) -> bool {
        self.roles
            .iter()
            .any(|g| g.role == role && g.cooperative_id.as_deref() == Some(cooperative_id))
    }

    /// Whether this person is a dinas or ministry admin anywhere.
    pub fn is_admin(&self) -> bool {
        self.roles
            .iter()
            .any(|g| matches!(g.role, Role::DinasAdmin | Role::MinistryAdmin))
    }

    /// Whether this person is an admin over the region holding `place` (the ministry is over
    /// every region). The app uses it to offer actions; the server decides on its own.
    pub fn administers(&self, place: &RegionCode) -> bool {
        self.roles.iter().any(|g| match g.role {
            Role::MinistryAdmin => true,
            Role::DinasAdmin => g.region.as_ref().is_some_and(|r| r.contains(place)),
            _ => false,
        })
    }
}

/// `POST /api/session`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub phone: String,
    pub password: String,
}

/// `POST /api/activation`: the code handed over by an officer, and the new password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivationRequest {
    pub phone: String,
    pub code: String,
    pub password: String,
}

/// The answer to reissuing an activation code: shown once, to hand over in person.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedCode {
    pub activation_code: String,
}

/// `POST /api/me/password`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// A password someone chose, checked for length only.
pub struct Password(String);

impl Password {
    pub fn parse(input: &str) -> Result<Password, &'static str> {
        let chars = input.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            Err("password.too_short")
        } else if chars > PASSWORD_MAX_CHARS {
            Err("password.too_long")
        } else {
            Ok(Password(input.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Never printed, not even by `{:?}`.
impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

pub fn phone_field(field: &str, input: &str) -> Result<Phone, FieldError> {
    Phone::parse(input).map_err(|e| {
        FieldError::new(
            field,
            match e {
                PhoneError::Format => "phone.format",
                PhoneError::Length => "phone.length",
            },
        )
    })
}

/// Digits only, ignoring the spaces people write between groups.
pub fn activation_code(input: &str) -> Option<String> {
    let digits: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    (digits.len() == ACTIVATION_CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(digits)
}

impl LoginRequest {
    /// The phone in canonical form; the password is only checked against the stored hash.
    pub fn parse(&self) -> Result<Phone, Vec<FieldError>> {
        let mut errors = Vec::new();
        let phone = phone_field("phone", &self.phone)
            .map_err(|e| errors.push(e))
            .ok();
        if self.password.is_empty() {
            errors.push(FieldError::new("password", "required"));
        }
        match phone {
            Some(phone) if errors.is_empty() => Ok(phone),
            _ => Err(errors),
        }
    }
}

impl ActivationRequest {
    pub fn parse(&self) -> Result<(Phone, String, Password), Vec<FieldError>> {
        let mut errors = Vec::new();
        let phone = phone_field("phone", &self.phone)
            .map_err(|e| errors.push(e))
            .ok();
        let code = activation_code(&self.code);
        if code.is_none() {
            errors.push(FieldError::new("code", "code.format"));
        }
        let password = Password::parse(&self.password)
            .map_err(|c| errors.push(FieldError::new("password", c)))
            .ok();
        match (phone, code, password) {
            (Some(p), Some(c), Some(w)) if errors.is_empty() => Ok((p, c, w)),
            _ => Err(errors),
        }
    }
}

impl PasswordChange {
    pub fn parse(&self) -> Result<Password, Vec<FieldError>> {
        Password::parse(&self.new_password).map_err(|c| vec![FieldError::new("new_password", c)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_judged_by_length_in_characters() {
        assert_eq!(Password::parse("1234567").err(), Some("password.too_short"));
        assert!(Password::parse("12345678").is_ok());
        // Eight characters, more bytes: counted as a person counts them.
        assert!(Password::parse("sandiku✓").is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(129)).err(),
            Some("password.too_long")
        );
    }

    #[test]
    fn passwords_never_reach_debug_output() {
        let password = Password::parse("rahasia-sekali").unwrap();
        assert!(!format!("{password:?}").contains("rahasia"));
    }

    #[test]
    fn activation_codes_tolerate_spaces_and_dashes() {
        assert_eq!(activation_code("1234 5678").as_deref(), Some("12345678"));
        assert_eq!(activation_code("1234-5678").as_deref(), Some("12345678"));
        assert_eq!(activation_code("1234567"), None);
        assert_eq!(activation_code("1234567a"), None);
    }

    #[test]
    fn activation_reports_every_field_at_once() {
        let request = ActivationRequest {
            phone: "12345".into(),
            code: "12".into(),
            password: "short".into(),
        };
        let fields: Vec<String> = request
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                "phone:phone.format",
                "code:code.format",
                "password:password.too_short"
            ]
        );
    }

    #[test]
    fn login_needs_a_valid_phone_and_some_password() {
        let ok = LoginRequest {
            phone: "0812 3456 7890".into(),
            password: "x".into(),
        };
        assert_eq!(ok.parse().unwrap().as_str(), "+6281234567890");
        let bad = LoginRequest {
            phone: "0812".into(),
            password: String::new(),
        };
        assert_eq!(bad.parse().unwrap_err().len(), 2);
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in [
            Role::Member,
            Role::Pengurus,
            Role::Pengawas,
            Role::DinasAdmin,
            Role::MinistryAdmin,
        ] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
