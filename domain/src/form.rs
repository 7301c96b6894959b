//! Forms the ministry and the dinas ask cooperatives to fill in (docs/FORMS.md). A form is a
//! [`FormSpec`]: versioned, its fields typed, with rules and "show if" conditions. The same
//! [`FormSpec::check_answers`] runs in the browser as the person types and on the server, which
//! trusts nothing it did not check itself.
//!
//! Answers travel and are stored as text, normalised by the check (a phone as +62…, money as
//! whole rupiah, a date as YYYY-MM-DD), so a CSV export is the stored answers as they are.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::api::FieldError;
use crate::date::Date;
use crate::member::nik_error_code;
use crate::nik::Nik;
use crate::pattern::Pattern;
use crate::phone::{Phone, PhoneError};
use crate::region::{RegionCode, RegionLevel};

/// The most fields one form may have; a longer form is two forms.
pub const MAX_FIELDS: usize = 60;
/// The longest answer to a text field without its own limit.
pub const TEXT_MAX: u32 = 200;
/// The longest answer to a long-text field without its own limit.
pub const LONG_TEXT_MAX: u32 = 4000;
/// The most a text field's own `max_length` may allow: every answer is checked (and its
/// pattern matched) on the server, so the author cannot make one answer cost without bound.
pub const TEXT_LIMIT: u32 = 1000;

/// A text in both of the app's languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    pub id: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormSpec {
    /// Stable across versions, lower case with hyphens: `laporan-gerai-bulanan`.
    pub key: String,
    /// Rises with each published change; a response names the version it answered.
    pub version: u32,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    /// What one response is about: the cooperative, or one of its business units.
    #[serde(default)]
    pub per: Subject,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    #[default]
    Cooperative,
    Unit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Field {
    /// Lower case, digits and `_`: the answer's key and the CSV column.
    pub name: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    #[serde(flatten)]
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Asked only when an earlier field has a given answer; a hidden field's answer is dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<ShowIf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = FieldKind))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kind {
    Text {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_length: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
        /// See [`crate::pattern`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pattern: Option<String>,
    },
    LongText {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_length: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
    },
    Integer {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    /// A number with at most `places` decimals (written with `.` or `,`), kept exactly.
    Decimal {
        places: u8,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    /// Whole rupiah; people may type `Rp 1.500.000`.
    Money {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    Date {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<Date>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<Date>,
        /// Refuse dates after today (a founding date, a birth date).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        not_future: bool,
    },
    /// A calendar month, `YYYY-MM`: the period a report covers.
    Month {
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        not_future: bool,
    },
    Choice {
        options: Vec<Choice>,
    },
    MultipleChoice {
        options: Vec<Choice>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
    },
    YesNo,
    Nik,
    Phone,
    /// A region code at `level` (a village by default).
    Region {
        #[serde(default = "village")]
        level: RegionLevel,
    },
    /// A photo, stored on the device resized to about 100 KB and uploaded by its content hash;
    /// the answer is `sha256:<hex>`.
    Photo,
}

fn village() -> RegionLevel {
    RegionLevel::Village
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Choice {
    pub value: String,
    pub label: Text,
}

/// Shown when the field `field` is shown and its answer is `equals` (for a multiple choice:
/// includes it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShowIf {
    pub field: String,
    pub equals: String,
}

/// One answer: text for most kinds, the chosen values for a multiple choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Answer {
    One(String),
    Many(Vec<String>),
}

impl Answer {
    fn is_blank(&self) -> bool {
        match self {
            Answer::One(s) => s.trim().is_empty(),
            Answer::Many(v) => v.is_empty(),
        }
    }

    /// The answer as one CSV cell: choices joined by `;`.
    pub fn cell(&self) -> String {
        match self {
            Answer::One(s) => s.clone(),
            Answer::Many(v) => v.join(";"),
        }
    }
}

pub type Answers = BTreeMap<String, Answer>;

/// Keys and field names: lower-case ASCII, digits and a separator, 1 to 40 long.
fn is_identifier(s: &str, separator: u8) -> bool {
    (1..=40).contains(&s.len())
        && s.as_bytes()[0].is_ascii_lowercase()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == separator)
}

impl FormSpec {
    /// Whether the spec itself is sound, before anyone is asked to fill it in. Errors name the
    /// place: `fields[3].options`, `title.en`.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut error = |field: String, code: &str| errors.push(FieldError::new(&field, code));
        if !is_identifier(&self.key, b'-') {
            error("key".into(), "form.key");
        }
        if self.version == 0 {
            error("version".into(), "form.version");
        }
        for (place, text) in [("title", Some(&self.title)), ("intro", self.intro.as_ref())] {
            if let Some(text) = text {
                check_text(place, text, &mut error);
            }
        }
        if self.fields.is_empty() || self.fields.len() > MAX_FIELDS {
            error("fields".into(), "form.field_count");
        }
        for (i, field) in self.fields.iter().enumerate() {
            let at = |part: &str| format!("fields[{i}].{part}");
            if !is_identifier(&field.name, b'_') {
                error(at("name"), "form.field_name");
            }
            if self.fields[..i].iter().any(|f| f.name == field.name) {
                error(at("name"), "form.duplicate_name");
            }
            check_text(&at("label"), &field.label, &mut error);
            if let Some(hint) = &field.hint {
                check_text(&at("hint"), hint, &mut error);
            }
            let bad_range = match &field.kind {
                Kind::Text {
                    min_length,
                    max_length,
                    pattern,
                } => {
                    if pattern
                        .as_deref()
                        .is_some_and(|p| Pattern::parse(p).is_err())
                    {
                        error(at("pattern"), "form.pattern");
                    }
                    if max_length.is_some_and(|m| m > TEXT_LIMIT) {
                        error(at("max_length"), "form.max_length");
                    }
                    out_of_order(*min_length, *max_length)
                }
                Kind::LongText {
                    min_length,
                    max_length,
                } => {
                    if max_length.is_some_and(|m| m > LONG_TEXT_MAX) {
                        error(at("max_length"), "form.max_length");
                    }
                    out_of_order(*min_length, *max_length)
                }
                Kind::Integer { min, max } | Kind::Money { min, max } => out_of_order(*min, *max),
                Kind::Decimal { places, min, max } => {
                    if *places > 6 {
                        error(at("places"), "form.places");
                    }
                    out_of_order(*min, *max)
                }
                Kind::Date { min, max, .. } => out_of_order(*min, *max),
                Kind::Choice { options } => {
                    check_options(&at("options"), options, &mut error);
                    false
                }
                Kind::MultipleChoice { options, min, max } => {
                    check_options(&at("options"), options, &mut error);
                    out_of_order(*min, *max) || min.is_some_and(|m| m as usize > options.len())
                }
                Kind::Month { .. }
                | Kind::YesNo
                | Kind::Nik
                | Kind::Phone
                | Kind::Region { .. }
                | Kind::Photo => false,
            };
            if bad_range {
                error(at("min"), "form.range");
            }
            if let Some(condition) = &field.show_if {
                // Only on an earlier field, so a form never hides itself in a loop.
                match self.fields[..i].iter().find(|f| f.name == condition.field) {
                    None => error(at("show_if"), "form.show_if_field"),
                    Some(earlier) if !earlier.kind.can_equal(&condition.equals) => {
                        error(at("show_if"), "form.show_if_value")
                    }
                    Some(_) => {}
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Which fields are asked, given the answers so far (in form order).
    pub fn shown(&self, answers: &Answers) -> Vec<bool> {
        let mut shown: Vec<bool> = Vec::with_capacity(self.fields.len());
        for field in &self.fields {
            let visible = match &field.show_if {
                None => true,
                Some(condition) => self
                    .fields
                    .iter()
                    .zip(&shown)
                    .find(|(f, _)| f.name == condition.field)
                    .is_some_and(|(_, &seen)| {
                        seen && match answers.get(&condition.field) {
                            Some(Answer::One(v)) => v.trim() == condition.equals,
                            Some(Answer::Many(v)) => v.contains(&condition.equals),
                            None => false,
                        }
                    }),
            };
            shown.push(visible);
        }
        shown
    }

    /// The answers checked against the spec: normalised, hidden fields' answers dropped, or
    /// every problem at once, each under its field's name.
    pub fn check_answers(
        &self,
        answers: &Answers,
        today: Date,
    ) -> Result<Answers, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut clean = Answers::new();
        for name in answers.keys() {
            if !self.fields.iter().any(|f| &f.name == name) {
                errors.push(FieldError::new(name.as_str(), "form.unknown_field"));
            }
        }
        let shown = self.shown(answers);
        for (field, shown) in self.fields.iter().zip(shown) {
            let answer = answers.get(&field.name).filter(|a| !a.is_blank());
            match (shown, answer) {
                (false, _) => {}
                (true, None) => {
                    if field.required {
                        errors.push(FieldError::new(field.name.as_str(), "required"));
                    }
                }
                (true, Some(answer)) => match field.kind.check(answer, today) {
                    Ok(value) => {
                        clean.insert(field.name.clone(), value);
                    }
                    Err(code) => errors.push(FieldError::new(field.name.as_str(), code)),
                },
            }
        }
        if errors.is_empty() {
            Ok(clean)
        } else {
            Err(errors)
        }
    }
}

fn out_of_order<T: PartialOrd>(min: Option<T>, max: Option<T>) -> bool {
    matches!((min, max), (Some(min), Some(max)) if min > max)
}

fn check_text(place: &str, text: &Text, error: &mut impl FnMut(String, &str)) {
    if text.id.trim().is_empty() {
        error(format!("{place}.id"), "required");
    }
    if text.en.trim().is_empty() {
        error(format!("{place}.en"), "required");
    }
}

fn check_options(place: &str, options: &[Choice], error: &mut impl FnMut(String, &str)) {
    if options.len() < 2 {
        error(place.to_owned(), "form.options");
    }
    for (i, option) in options.iter().enumerate() {
        if !is_identifier(&option.value, b'_')
            || options[..i].iter().any(|o| o.value == option.value)
        {
            error(format!("{place}[{i}].value"), "form.option_value");
        }
        check_text(&format!("{place}[{i}].label"), &option.label, error);
    }
}

impl Kind {
    /// Whether an answer to this kind could ever be `value` (for a show-if condition). Only
    /// choices and yes/no: their answers are stored as typed (trimmed), so a condition holds
    /// alike on what a person typed and on what was saved. A typed answer is normalised when
    /// saved (`087` becomes `87`, spaces collapse), so a condition on it could show a field
    /// while the form is filled in and hide it when the saved response is read back.
    fn can_equal(&self, value: &str) -> bool {
        match self {
            Kind::Choice { options } | Kind::MultipleChoice { options, .. } => {
                options.iter().any(|o| o.value == value)
            }
            Kind::YesNo => value == "yes" || value == "no",
            _ => false,
        }
    }

    /// One answer checked and normalised; the error's code otherwise.
    fn check(&self, answer: &Answer, today: Date) -> Result<Answer, &'static str> {
        let one = |answer: &Answer| match answer {
            Answer::One(s) => Ok(s.trim().to_owned()),
            Answer::Many(_) => Err("form.one_answer"),
        };
        match self {
            Kind::Text {
                min_length,
                max_length,
                pattern,
            } => {
                let text = one(answer)?
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if !crate::text::is_plain_line(&text) {
                    return Err(crate::text::CONTROL);
                }
                check_length(&text, *min_length, max_length.unwrap_or(TEXT_MAX))?;
                if let Some(pattern) = pattern.as_deref().and_then(|p| Pattern::parse(p).ok())
                    && !pattern.matches(&text)
                {
                    return Err("text.pattern");
                }
                Ok(Answer::One(text))
            }
            Kind::LongText {
                min_length,
                max_length,
            } => {
                let text = one(answer)?;
                if !crate::text::is_plain(&text) {
                    return Err(crate::text::CONTROL);
                }
                check_length(&text, *min_length, max_length.unwrap_or(LONG_TEXT_MAX))?;
                Ok(Answer::One(text))
            }
            Kind::Integer { min, max } => {
                let text = one(answer)?;
                let value: i64 = text.parse().map_err(|_| "number.format")?;
                check_bounds(value, *min, *max)?;
                Ok(Answer::One(value.to_string()))
            }
            Kind::Money { min, max } => {
                let text = one(answer)?;
                let value = rupiah(&text).ok_or("money.format")?;
                check_bounds(value, *min, *max)?;
                Ok(Answer::One(value.to_string()))
            }
            Kind::Decimal { places, min, max } => {
                let (scaled, shown) = decimal(&one(answer)?, *places)?;
                if min.is_some_and(|m| scaled < i128::from(m) * DECIMAL_SCALE) {
                    return Err("number.min");
                }
                if max.is_some_and(|m| scaled > i128::from(m) * DECIMAL_SCALE) {
                    return Err("number.max");
                }
                Ok(Answer::One(shown))
            }
            Kind::Date {
                min,
                max,
                not_future,
            } => {
                let date: Date = one(answer)?.parse().map_err(|_| "date.format")?;
                if min.is_some_and(|m| date < m) {
                    return Err("date.min");
                }
                if max.is_some_and(|m| date > m) {
                    return Err("date.max");
                }
                if *not_future && date > today {
                    return Err("date.future");
                }
                Ok(Answer::One(date.to_string()))
            }
            Kind::Month { not_future } => {
                let text = one(answer)?;
                let (year, month) = text.split_once('-').ok_or("month.format")?;
                let year: u16 = year.parse().map_err(|_| "month.format")?;
                let month: u8 = month.parse().map_err(|_| "month.format")?;
                // The first of the month proves it is a real month in the calendar's range.
                let first = Date::new(year, month, 1).map_err(|_| "month.format")?;
                if *not_future && first > today {
                    return Err("month.future");
                }
                Ok(Answer::One(format!("{year:04}-{month:02}")))
            }
            Kind::Choice { options } => {
                let value = one(answer)?;
                if options.iter().any(|o| o.value == value) {
                    Ok(Answer::One(value))
                } else {
                    Err("choice.unknown")
                }
            }
            Kind::MultipleChoice { options, min, max } => {
                let chosen = match answer {
                    Answer::Many(v) => v,
                    Answer::One(_) => return Err("form.many_answers"),
                };
                if chosen
                    .iter()
                    .any(|c| !options.iter().any(|o| &o.value == c))
                {
                    return Err("choice.unknown");
                }
                // In the form's order, each once.
                let clean: Vec<String> = options
                    .iter()
                    .filter(|o| chosen.contains(&o.value))
                    .map(|o| o.value.clone())
                    .collect();
                if min.is_some_and(|m| (clean.len() as u32) < m) {
                    return Err("choices.too_few");
                }
                if max.is_some_and(|m| clean.len() as u32 > m) {
                    return Err("choices.too_many");
                }
                Ok(Answer::Many(clean))
            }
            Kind::YesNo => match one(answer)?.as_str() {
                v @ ("yes" | "no") => Ok(Answer::One(v.to_owned())),
                _ => Err("yes_no.format"),
            },
            Kind::Nik => Nik::parse(&one(answer)?, today)
                .map(|(nik, _)| Answer::One(nik.expose().to_owned()))
                .map_err(nik_error_code),
            Kind::Phone => Phone::parse(&one(answer)?)
                .map(|p| Answer::One(p.as_str().to_owned()))
                .map_err(|e| match e {
                    PhoneError::Length => "phone.length",
                    PhoneError::Format => "phone.format",
                }),
            Kind::Region { level } => {
                let code = RegionCode::parse(&one(answer)?).map_err(|_| "region.format")?;
                if code.level() == *level {
                    Ok(Answer::One(code.as_str().to_owned()))
                } else {
                    Err("region.level")
                }
            }
            Kind::Photo => {
                let text = one(answer)?;
                match crate::photo::answer_digest(&text) {
                    Some(_) => Ok(Answer::One(text)),
                    None => Err("photo.format"),
                }
            }
        }
    }
}

fn check_length(text: &str, min: Option<u32>, max: u32) -> Result<(), &'static str> {
    let length = text.chars().count() as u32;
    if min.is_some_and(|m| length < m) {
        return Err("text.too_short");
    }
    if length > max {
        return Err("text.too_long");
    }
    Ok(())
}

fn check_bounds(value: i64, min: Option<i64>, max: Option<i64>) -> Result<(), &'static str> {
    if min.is_some_and(|m| value < m) {
        return Err("number.min");
    }
    if max.is_some_and(|m| value > m) {
        return Err("number.max");
    }
    Ok(())
}

/// Whole rupiah as people write them: `1500000`, `1.500.000`, `Rp 1.500.000`, `Rp1,500,000`.
/// Cents are not written in rupiah; `1.500,50` is refused rather than guessed.
pub fn rupiah(text: &str) -> Option<i64> {
    let text = text.trim();
    let text = text
        .strip_prefix("Rp")
        .or_else(|| text.strip_prefix("rp"))
        .or_else(|| text.strip_prefix("RP"))
        .unwrap_or(text)
        .trim_start_matches('.')
        .trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    // Group separators must group by three, so "1.50" is not read as 150.
    let groups: Vec<&str> = digits.split(['.', ',']).collect();
    let well_grouped = groups.len() == 1
        || (groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3));
    if !well_grouped || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let value: i64 = groups.concat().parse().ok()?;
    Some(if negative { -value } else { value })
}

/// Decimals are compared in millionths: a spec allows at most six places.
const DECIMAL_SCALE: i128 = 1_000_000;

/// A decimal as typed (`12,5` or `12.5`): its value in millionths and its normal form (`12.5`,
/// no trailing zeros), or why not.
fn decimal(text: &str, places: u8) -> Result<(i128, String), &'static str> {
    let text = text.trim().replace(',', ".");
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 15 || !digits(whole) || !digits(fraction) {
        return Err("number.format");
    }
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > usize::from(places.min(6)) {
        return Err("decimal.places");
    }
    let whole_value: i128 = whole.parse().map_err(|_| "number.format")?;
    let fraction_value: i128 = format!("{fraction:0<6}")
        .parse()
        .map_err(|_| "number.format")?;
    let magnitude = whole_value * DECIMAL_SCALE + fraction_value;
    let whole = match whole.trim_start_matches('0') {
        "" => "0",
        w => w,
    };
    let sign = if negative && magnitude != 0 { "-" } else { "" };
    let shown = if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    };
    Ok((if negative { -magnitude } else { magnitude }, shown))
}

/// `POST /api/forms`: an admin publishes a form to a region (or, without one, nationally).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Publication {
    pub spec: FormSpec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<RegionCode>,
    /// The last day answers are expected; later ones are still taken, and counted as late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Date>,
}

/// A published form, as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedForm {
    pub id: String,
    pub spec: FormSpec,
    pub scope: Option<RegionCode>,
    pub deadline: Option<Date>,
    /// Unix ms.
    pub published_at: i64,
}

/// A filled-in form, sent through the outbox (`kind: "form_response"`, `record_id` the
/// response's own id, made on the device).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormResponse {
    pub form_id: String,
    pub cooperative_id: String,
    /// The business unit it is about, for a form `per: unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<String>,
    pub answers: Answers,
}

/// A response as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredResponse {
    pub id: String,
    #[serde(flatten)]
    pub response: FormResponse,
    /// Unix ms, server time.
    pub received_at: i64,
    /// Received after the form's deadline (WIB).
    pub late: bool,
}

/// `GET /api/forms/{id}/counts`: how many cooperatives in each region answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionCount {
    pub region: RegionCode,
    pub name: String,
    pub cooperatives: i64,
    pub responded: i64,
    pub responses: i64,
}

/// The monthly report every business unit (gerai) sends: built in, so the ministry has it from
/// the first day. Its spec is published like any other form (docs/FORMS.md).
pub fn monthly_unit_report() -> FormSpec {
    let text = |id: &str, en: &str| Text {
        id: id.to_owned(),
        en: en.to_owned(),
    };
    let field = |name: &str, label: Text, kind: Kind, required: bool| Field {
        name: name.to_owned(),
        label,
        hint: None,
        kind,
        required,
        show_if: None,
    };
    let when_open = Some(ShowIf {
        field: "status".into(),
        equals: "buka".into(),
    });
    FormSpec {
        key: "laporan-gerai-bulanan".into(),
        version: 1,
        title: text("Laporan bulanan gerai", "Monthly business unit report"),
        intro: Some(text(
            "Isi satu laporan untuk setiap gerai, tiap bulan. Angka boleh perkiraan bila catatan belum lengkap.",
            "Fill in one report for each business unit, every month. Estimates are fine if records are incomplete.",
        )),
        per: Subject::Unit,
        fields: vec![
            field(
                "bulan",
                text("Bulan laporan", "Month reported"),
                Kind::Month { not_future: true },
                true,
            ),
            field(
                "status",
                text("Keadaan gerai bulan ini", "The unit this month"),
                Kind::Choice {
                    options: vec![
                        Choice {
                            value: "buka".into(),
                            label: text("Buka melayani", "Open and serving"),
                        },
                        Choice {
                            value: "tutup_sementara".into(),
                            label: text("Tutup sementara", "Temporarily closed"),
                        },
                        Choice {
                            value: "belum_buka".into(),
                            label: text("Belum mulai beroperasi", "Not operating yet"),
                        },
                    ],
                },
                true,
            ),
            Field {
                show_if: when_open.clone(),
                hint: Some(text(
                    "Dalam rupiah, tanpa sen.",
                    "In rupiah, without cents.",
                )),
                ..field(
                    "omzet",
                    text("Omzet bulan ini", "Revenue this month"),
                    Kind::Money {
                        min: Some(0),
                        max: None,
                    },
                    true,
                )
            },
            Field {
                show_if: when_open.clone(),
                ..field(
                    "anggota_dilayani",
                    text("Anggota yang dilayani", "Members served"),
                    Kind::Integer {
                        min: Some(0),
                        max: Some(100_000),
                    },
                    true,
                )
            },
            Field {
                show_if: when_open,
                ..field(
                    "bukan_anggota_dilayani",
                    text("Bukan anggota yang dilayani", "Non-members served"),
                    Kind::Integer {
                        min: Some(0),
                        max: Some(100_000),
                    },
                    false,
                )
            },
            field(
                "catatan",
                text("Catatan", "Notes"),
                Kind::LongText {
                    min_length: None,
                    max_length: Some(1000),
                },
                false,
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 29).unwrap()
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Answer::One(v.to_string())))
            .collect()
    }

    #[test]
    fn the_built_in_report_is_a_sound_spec_and_reads_back_from_json() {
        let spec = monthly_unit_report();
        assert_eq!(spec.check(), Ok(()));
        let json = serde_json::to_string(&spec).unwrap();
        assert_eq!(serde_json::from_str::<FormSpec>(&json).unwrap(), spec);
    }

    #[test]
    fn an_open_unit_reports_its_figures_and_they_come_back_normalised() {
        let spec = monthly_unit_report();
        let clean = spec
            .check_answers(
                &answers(&[
                    ("bulan", "2026-11"),
                    ("status", "buka"),
                    ("omzet", "Rp 12.500.000"),
                    ("anggota_dilayani", " 87 "),
                    ("catatan", "Stok beras habis tanggal 20."),
                ]),
                today(),
            )
            .unwrap();
        assert_eq!(clean["omzet"], Answer::One("12500000".into()));
        assert_eq!(clean["anggota_dilayani"], Answer::One("87".into()));
        assert!(!clean.contains_key("bukan_anggota_dilayani"));
    }

    #[test]
    fn hidden_fields_are_not_asked_and_their_answers_are_dropped() {
        let spec = monthly_unit_report();
        let clean = spec
            .check_answers(
                &answers(&[
                    ("bulan", "2026-10"),
                    ("status", "belum_buka"),
                    ("omzet", "5000"),
                ]),
                today(),
            )
            .unwrap();
        assert_eq!(clean.len(), 2, "{clean:?}");
        let errors = spec
            .check_answers(
                &answers(&[("bulan", "2026-10"), ("status", "buka")]),
                today(),
            )
            .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["omzet", "anggota_dilayani"]);
        assert!(errors.iter().all(|e| e.code == "required"));
    }

    #[test]
    fn every_wrong_answer_is_named_with_its_field() {
        let spec = monthly_unit_report();
        let errors = spec
            .check_answers(
                &answers(&[
                    ("bulan", "Nov 2026"),
                    ("status", "buka"),
                    ("omzet", "-5"),
                    ("anggota_dilayani", "dua puluh"),
                    ("tamu", "x"),
                ]),
                today(),
            )
            .unwrap_err();
        let got: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("tamu", "form.unknown_field"),
                ("bulan", "month.format"),
                ("omzet", "number.min"),
                ("anggota_dilayani", "number.format"),
            ]
        );
    }

    fn one_field(kind: Kind) -> FormSpec {
        FormSpec {
            key: "uji".into(),
            version: 1,
            title: Text {
                id: "Uji".into(),
                en: "Test".into(),
            },
            intro: None,
            per: Subject::Cooperative,
            fields: vec![Field {
                name: "x".into(),
                label: Text {
                    id: "X".into(),
                    en: "X".into(),
                },
                hint: None,
                kind,
                required: true,
                show_if: None,
            }],
        }
    }

    fn check_one(kind: Kind, answer: Answer) -> Result<Answer, String> {
        let mut all = Answers::new();
        all.insert("x".into(), answer);
        one_field(kind)
            .check_answers(&all, today())
            .map(|mut clean| clean.remove("x").unwrap())
            .map_err(|e| e[0].code.clone())
    }

    fn one(s: &str) -> Answer {
        Answer::One(s.into())
    }

    #[test]
    fn each_kind_reads_what_people_type() {
        let decimal = || Kind::Decimal {
            places: 2,
            min: Some(0),
            max: Some(10),
        };
        assert_eq!(check_one(decimal(), one("2,50")), Ok(one("2.5")));
        assert_eq!(check_one(decimal(), one("10")), Ok(one("10")));
        assert_eq!(
            check_one(decimal(), one("10.01")).unwrap_err(),
            "number.max"
        );
        assert_eq!(
            check_one(decimal(), one("1.234")).unwrap_err(),
            "decimal.places"
        );
        assert_eq!(check_one(decimal(), one("-0.5")).unwrap_err(), "number.min");
        let money = || Kind::Money {
            min: None,
            max: None,
        };
        for typed in ["1500000", "1.500.000", "Rp 1.500.000", "Rp1,500,000"] {
            assert_eq!(
                check_one(money(), one(typed)),
                Ok(one("1500000")),
                "{typed}"
            );
        }
        for typed in ["1.50", "1.500,50", "satu juta"] {
            assert_eq!(
                check_one(money(), one(typed)).unwrap_err(),
                "money.format",
                "{typed}"
            );
        }
        let date = Kind::Date {
            min: None,
            max: None,
            not_future: true,
        };
        assert_eq!(
            check_one(date.clone(), one("2026-11-29")),
            Ok(one("2026-11-29"))
        );
        assert_eq!(
            check_one(date, one("2026-11-30")).unwrap_err(),
            "date.future"
        );
        assert_eq!(
            check_one(Kind::Phone, one("0812 3456 7890")),
            Ok(one("+6281234567890"))
        );
        assert_eq!(
            check_one(Kind::YesNo, one("ya")).unwrap_err(),
            "yes_no.format"
        );
        let month = || Kind::Month { not_future: true };
        assert_eq!(check_one(month(), one("2026-1")), Ok(one("2026-01")));
        assert_eq!(
            check_one(month(), one("2026-13")).unwrap_err(),
            "month.format"
        );
        assert_eq!(
            check_one(month(), one("2026-12")).unwrap_err(),
            "month.future"
        );
        assert_eq!(
            check_one(
                Kind::Region {
                    level: RegionLevel::Village
                },
                one("32.04.12")
            )
            .unwrap_err(),
            "region.level"
        );
        assert_eq!(
            check_one(Kind::Nik, one("3204124512050001")).map(|_| ()),
            Ok(())
        );
        assert_eq!(
            check_one(Kind::Nik, one("3204121")).unwrap_err(),
            "nik.length"
        );
        let text = Kind::Text {
            min_length: Some(3),
            max_length: Some(5),
            pattern: None,
        };
        assert_eq!(check_one(text.clone(), one("  a   b ")), Ok(one("a b")));
        assert_eq!(
            check_one(text.clone(), one("ab")).unwrap_err(),
            "text.too_short"
        );
        assert_eq!(check_one(text, one("abcdef")).unwrap_err(), "text.too_long");
    }

    #[test]
    fn multiple_choices_come_back_in_form_order_within_their_bounds() {
        let option = |v: &str| Choice {
            value: v.into(),
            label: Text {
                id: v.into(),
                en: v.into(),
            },
        };
        let kind = || Kind::MultipleChoice {
            options: vec![option("beras"), option("pupuk"), option("lpg")],
            min: Some(1),
            max: Some(2),
        };
        let many = |v: &[&str]| Answer::Many(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            check_one(kind(), many(&["lpg", "beras", "lpg"])),
            Ok(many(&["beras", "lpg"]))
        );
        assert_eq!(
            check_one(kind(), many(&["beras", "pupuk", "lpg"])).unwrap_err(),
            "choices.too_many"
        );
        assert_eq!(
            check_one(kind(), many(&["emas"])).unwrap_err(),
            "choice.unknown"
        );
        assert_eq!(
            check_one(kind(), one("beras")).unwrap_err(),
            "form.many_answers"
        );
    }

    #[test]
    fn a_condition_on_a_typed_answer_is_refused() {
        let mut spec = monthly_unit_report();
        let typed = spec
            .fields
            .iter()
            .position(|f| matches!(f.kind, Kind::Integer { .. }))
            .expect("the monthly report asks for a number");
        let last = spec.fields.len() - 1;
        spec.fields[last].show_if = Some(ShowIf {
            field: spec.fields[typed].name.clone(),
            equals: "087".into(),
        });
        let problems = spec.check().unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, format!("fields[{last}].show_if"));
        assert_eq!(problems[0].code, "form.show_if_value");
    }

    #[test]
    fn saved_answers_checked_again_come_back_unchanged() {
        let spec = monthly_unit_report();
        for typed in [
            answers(&[
                ("bulan", "2026-11"),
                ("status", " buka "),
                ("omzet", "Rp 12.500.000"),
                ("anggota_dilayani", " 087 "),
                ("catatan", "  Stok   habis. "),
            ]),
            answers(&[
                ("bulan", "2026-10"),
                ("status", "belum_buka"),
                ("omzet", "5000"),
            ]),
        ] {
            let clean = spec.check_answers(&typed, today()).unwrap();
            assert_eq!(spec.check_answers(&clean, today()), Ok(clean.clone()));
        }
    }

    #[test]
    fn an_unsound_spec_is_refused_with_the_place_of_each_problem() {
        let mut spec = monthly_unit_report();
        spec.key = "Laporan Gerai".into();
        spec.title.en = " ".into();
        spec.fields[5].name = "bulan".into();
        spec.fields[2].show_if = Some(ShowIf {
            field: "status".into(),
            equals: "libur".into(),
        });
        spec.fields[3].show_if = Some(ShowIf {
            field: "catatan".into(),
            equals: "x".into(),
        });
        spec.fields[4].kind = Kind::Integer {
            min: Some(10),
            max: Some(1),
        };
        spec.fields[0].kind = Kind::Text {
            min_length: None,
            max_length: Some(TEXT_LIMIT + 1),
            pattern: Some("(a|b)".into()),
        };
        let places: Vec<(String, String)> = spec
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        let expected = [
            ("key", "form.key"),
            ("title.en", "required"),
            ("fields[0].pattern", "form.pattern"),
            ("fields[0].max_length", "form.max_length"),
            ("fields[2].show_if", "form.show_if_value"),
            ("fields[3].show_if", "form.show_if_field"),
            ("fields[4].min", "form.range"),
            ("fields[5].name", "form.duplicate_name"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(places, expected);
    }
}
