use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language the interface is written in. Bahasa Indonesia comes first and is the default:
/// most members read it best, and English is there for staff and visitors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    /// The BCP 47 tag, as used in `<html lang>` and in stored preferences.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// The short label on the language switch. A literal rather than `code().to_uppercase()`,
    /// which would ship Unicode's whole case table (about 12 KB) to every phone.
    pub fn label(self) -> &'static str {
        match self {
            Lang::Id => "ID",
            Lang::En => "EN",
        }
    }

    /// The language's name written in that language, so a person who cannot read the current
    /// interface can still find their own.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Id => "Bahasa Indonesia",
            Lang::En => "English",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported language {0:?}: use \"id\" or \"en\"")]
pub struct UnsupportedLang(pub String);

impl FromStr for Lang {
    type Err = UnsupportedLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "in" => Ok(Lang::Id),
            "en" => Ok(Lang::En),
            _ => Err(UnsupportedLang(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bahasa_indonesia_is_the_default() {
        assert_eq!(Lang::default(), Lang::Id);
    }

    #[test]
    fn codes_round_trip_through_parse() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
    }

    #[test]
    fn parse_accepts_case_and_the_legacy_indonesian_code() {
        assert_eq!(" EN ".parse::<Lang>(), Ok(Lang::En));
        // Older Android WebViews still report Indonesian as "in".
        assert_eq!("in".parse::<Lang>(), Ok(Lang::Id));
    }

    #[test]
    fn parse_rejects_unsupported_languages_with_the_input_named() {
        let err = "jv".parse::<Lang>().unwrap_err();
        assert!(err.to_string().contains("\"jv\""), "{err}");
    }

    #[test]
    fn serialises_as_its_code() {
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
        assert_eq!(serde_json::from_str::<Lang>("\"id\"").unwrap(), Lang::Id);
    }
}
