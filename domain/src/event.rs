//! Training events (acara pelatihan): a session at a place or online, with a capacity. People
//! register from their phones, offline too; the server decides, in the order registrations
//! arrive, who has a seat and who waits, and gives a freed seat to the first who waits.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::date::Date;
use crate::form::Text;
use crate::region::RegionCode;

pub const TITLE_MAX_CHARS: usize = 160;
pub const TEXT_MAX_CHARS: usize = 2_000;
pub const MAX_CAPACITY: u32 = 10_000;

/// `POST /api/events`, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventInput {
    pub title: Text,
    #[serde(default)]
    pub description: Text,
    /// A course the event teaches, if any.
    #[serde(default)]
    pub course_id: Option<String>,
    /// `YYYY-MM-DD` and `HH:MM`, in WIB.
    pub date: String,
    pub time: String,
    /// Where it is held; empty for an online event.
    #[serde(default)]
    pub place: String,
    /// The link for an online event (`https://…`).
    #[serde(default)]
    pub online_url: String,
    pub capacity: u32,
    /// The last day to register (`YYYY-MM-DD`); absent: the day before the event.
    #[serde(default)]
    pub register_until: Option<String>,
    /// A province or regency it is for; absent for the whole country.
    #[serde(default)]
    pub region: Option<String>,
}

/// A checked event, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub title: Text,
    pub description: Text,
    pub course_id: Option<String>,
    pub date: Date,
    /// Minutes after midnight, WIB.
    pub minute: u16,
    pub place: String,
    pub online_url: String,
    pub capacity: u32,
    pub register_until: Date,
    pub region: Option<RegionCode>,
}

fn time_of_day(typed: &str) -> Option<u16> {
    let (h, m) = typed.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && typed.trim().len() == 5).then_some(h * 60 + m)
}

impl EventInput {
    /// Every problem at once, under its field. `today` bounds the dates: an event is announced
    /// before it happens.
    pub fn parse(&self, today: Date) -> Result<NewEvent, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = Text {
            id: self
                .title
                .id
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            en: self
                .title
                .en
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        };
        if title.id.is_empty() {
            errors.push(FieldError::new("title.id", "required"));
        }
        for (field, text, max) in [
            ("title", &title, TITLE_MAX_CHARS),
            ("description", &self.description, TEXT_MAX_CHARS),
        ] {
            for (lang, value) in [("id", &text.id), ("en", &text.en)] {
                if value.chars().count() > max {
                    errors.push(FieldError::new(&format!("{field}.{lang}"), "text.too_long"));
                } else if !crate::text::is_plain(value) {
                    errors.push(FieldError::new(
                        &format!("{field}.{lang}"),
                        crate::text::CONTROL,
                    ));
                }
            }
        }
        let date = match self.date.trim().parse::<Date>() {
            Ok(date) if date < today => {
                errors.push(FieldError::new("date", "event.past"));
                None
            }
            Ok(date) => Some(date),
            Err(_) => {
                errors.push(FieldError::new("date", "date.format"));
                None
            }
        };
        let minute = time_of_day(&self.time);
        if minute.is_none() {
            errors.push(FieldError::new("time", "event.time"));
        }
        let place = self.place.trim().to_owned();
        let online_url = self.online_url.trim().to_owned();
        if place.is_empty() && online_url.is_empty() {
            errors.push(FieldError::new("place", "event.place"));
        }
        if !online_url.is_empty() && !online_url.starts_with("https://") {
            errors.push(FieldError::new("online_url", "event.url"));
        }
        if place.chars().count() > TITLE_MAX_CHARS {
            errors.push(FieldError::new("place", "text.too_long"));
        } else if let Err(error) = crate::text::check_line("place", &place) {
            errors.push(error);
        }
        if self.capacity == 0 || self.capacity > MAX_CAPACITY {
            errors.push(FieldError::new("capacity", "event.capacity"));
        }
        let register_until = match self.register_until.as_deref().map(str::trim) {
            Some(typed) if !typed.is_empty() => match typed.parse::<Date>() {
                Ok(until) if date.is_some_and(|d| until > d) => {
                    errors.push(FieldError::new("register_until", "event.register_after"));
                    None
                }
                Ok(until) => Some(until),
                Err(_) => {
                    errors.push(FieldError::new("register_until", "date.format"));
                    None
                }
            },
            _ => date.map(|d| d.add_days(-1).max(today)),
        };
        let region = match self.region.as_deref().map(str::trim) {
            Some(code) if !code.is_empty() => match RegionCode::parse(code) {
                Ok(code) if code.level().depth() <= 2 => Some(code),
                Ok(_) => {
                    errors.push(FieldError::new("region", "announcement.region_level"));
                    None
                }
                Err(_) => {
                    errors.push(FieldError::new("region", "region.format"));
                    None
                }
            },
            _ => None,
        };
        match (date, minute, register_until) {
            (Some(date), Some(minute), Some(register_until)) if errors.is_empty() => Ok(NewEvent {
                title,
                description: Text {
                    id: self.description.id.trim().to_owned(),
                    en: self.description.en.trim().to_owned(),
                },
                course_id: self.course_id.clone().filter(|c| !c.trim().is_empty()),
                date,
                minute,
                place,
                online_url,
                capacity: self.capacity,
                register_until,
                region,
            }),
            _ => Err(errors),
        }
    }
}

/// Where one person stands for an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Has a seat.
    Registered,
    /// Waits for a seat; `position` 1 is next.
    Waitlisted,
    Cancelled,
}

/// An event as the API returns it to someone it reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: String,
    pub title: Text,
    pub description: Text,
    pub course_id: Option<String>,
    pub date: Date,
    /// `HH:MM`, WIB.
    pub time: String,
    pub place: String,
    pub online_url: String,
    pub capacity: u32,
    pub register_until: Date,
    pub region: Option<RegionCode>,
    pub organiser: String,
    pub seats_taken: u32,
    pub waiting: u32,
    /// The caller's own standing, and their place in the queue while waiting.
    pub mine: Option<Standing>,
    pub my_position: Option<u32>,
    /// Whether the caller may see the list and mark attendance (the organiser, admins over it).
    pub organises: bool,
}

impl Event {
    pub fn seats_left(&self) -> u32 {
        self.capacity.saturating_sub(self.seats_taken)
    }

    /// Whether registering is still open on `today`.
    pub fn open_on(&self, today: Date) -> bool {
        today <= self.register_until
    }
}

/// Sync operation `event_registration`: register for an event, or cancel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Registration {
    pub event_id: String,
    /// `false` cancels.
    pub register: bool,
}

/// One registration, for the organiser (`GET /api/events/{id}/registrations`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attendee {
    pub user_id: String,
    pub name: String,
    pub cooperative: String,
    pub standing: Standing,
    pub attended: bool,
}

/// `PUT /api/events/{id}/attendance`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attendance {
    pub user_id: String,
    pub attended: bool,
}

/// Who has a seat: the first `capacity` of those still registered, in the order they came;
/// the rest wait in that order. `order` lists registrations oldest first.
pub fn seat_or_wait(capacity: u32, position_in_order: usize) -> Standing {
    if position_in_order < capacity as usize {
        Standing::Registered
    } else {
        Standing::Waitlisted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().expect("date")
    }

    fn input() -> EventInput {
        EventInput {
            title: Text {
                id: "Pelatihan  bendahara".into(),
                en: String::new(),
            },
            date: "2026-12-10".into(),
            time: "09:00".into(),
            place: "Balai Desa Cangkuang Wetan".into(),
            capacity: 2,
            ..EventInput::default()
        }
    }

    #[test]
    fn an_event_registers_until_the_day_before_by_default() {
        let event = input().parse(day("2026-11-29")).expect("valid");
        assert_eq!(event.title.id, "Pelatihan bendahara");
        assert_eq!(event.minute, 9 * 60);
        assert_eq!(event.register_until, day("2026-12-09"));
    }

    #[test]
    fn every_problem_is_named_under_its_field() {
        let bad = EventInput {
            title: Text::default(),
            date: "2026-11-01".into(),
            time: "25:00".into(),
            place: String::new(),
            online_url: "http://zoom".into(),
            capacity: 0,
            ..input()
        };
        let fields: Vec<String> = bad
            .parse(day("2026-11-29"))
            .expect_err("invalid")
            .into_iter()
            .map(|e| format!("{} {}", e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                "title.id required",
                "date event.past",
                "time event.time",
                "online_url event.url",
                "capacity event.capacity",
            ]
        );
        let late = EventInput {
            register_until: Some("2026-12-11".into()),
            ..input()
        };
        assert_eq!(
            late.parse(day("2026-11-29")).expect_err("late")[0].code,
            "event.register_after"
        );
        let hidden = EventInput {
            title: Text {
                id: "Pelatihan \u{202E}aranehdneb".into(),
                en: String::new(),
            },
            place: "Balai\u{200B}Desa".into(),
            ..input()
        };
        let fields: Vec<String> = hidden
            .parse(day("2026-11-29"))
            .expect_err("reordering marks")
            .into_iter()
            .map(|e| format!("{} {}", e.field, e.code))
            .collect();
        assert_eq!(fields, ["title.id text.control", "place text.control"]);
    }

    #[test]
    fn seats_go_in_order_and_the_rest_wait() {
        assert_eq!(seat_or_wait(2, 0), Standing::Registered);
        assert_eq!(seat_or_wait(2, 1), Standing::Registered);
        assert_eq!(seat_or_wait(2, 2), Standing::Waitlisted);
    }
}
