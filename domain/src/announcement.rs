//! Announcements (sosialisasi): what the ministry and the dinas tell cooperatives, to the whole
//! country, a province, a regency or one cooperative, from a publish date until an optional
//! expiry, pinned ones first.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::date::Date;
use crate::form::Text;
use crate::region::RegionCode;

pub const TITLE_MAX_CHARS: usize = 160;
pub const BODY_MAX_CHARS: usize = 5_000;

/// `POST /api/announcements`, as typed: checked by [`AnnouncementInput::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnouncementInput {
    /// Indonesian required; English optional (readers of English then see the Indonesian).
    pub title: Text,
    pub body: Text,
    /// A province or regency code; absent (with no cooperative) for the whole country.
    #[serde(default)]
    pub region: Option<String>,
    /// One cooperative, instead of a region.
    #[serde(default)]
    pub cooperative_id: Option<String>,
    #[serde(default)]
    pub pinned: bool,
    /// `YYYY-MM-DD`; absent for today.
    #[serde(default)]
    pub publish_on: Option<String>,
    /// The last day it is shown; absent to show it until it is replaced.
    #[serde(default)]
    pub expires_on: Option<String>,
    /// A picture, by the hash `PUT /api/media` answered.
    #[serde(default)]
    pub image: Option<String>,
}

/// Who an announcement is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    Country,
    Region(RegionCode),
    Cooperative(String),
}

/// A checked announcement, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAnnouncement {
    pub title: Text,
    pub body: Text,
    pub audience: Audience,
    pub pinned: bool,
    pub publish_on: Date,
    pub expires_on: Option<Date>,
    pub image: Option<String>,
}

fn text_field(
    errors: &mut Vec<FieldError>,
    field: &str,
    text: &Text,
    max: usize,
    single_line: bool,
) -> Text {
    let clean = |s: &str| {
        if single_line {
            s.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            s.trim().to_owned()
        }
    };
    let (id, en) = (clean(&text.id), clean(&text.en));
    for (lang, value) in [("id", &text.id), ("en", &text.en)] {
        let plain = if single_line {
            crate::text::is_plain_line(&value.split_whitespace().collect::<Vec<_>>().join(" "))
        } else {
            crate::text::is_plain(value)
        };
        if !plain {
            errors.push(FieldError::new(
                &format!("{field}.{lang}"),
                crate::text::CONTROL,
            ));
        }
    }
    if id.is_empty() {
        errors.push(FieldError::new(&format!("{field}.id"), "required"));
    }
    for (lang, value) in [("id", &id), ("en", &en)] {
        if value.chars().count() > max {
            errors.push(FieldError::new(&format!("{field}.{lang}"), "text.too_long"));
        }
    }
    Text { id, en }
}

fn date_field(errors: &mut Vec<FieldError>, field: &str, typed: &str) -> Option<Date> {
    match typed.trim().parse::<Date>() {
        Ok(date) => Some(date),
        Err(_) => {
            errors.push(FieldError::new(field, "date.format"));
            None
        }
    }
}

impl AnnouncementInput {
    /// Every problem at once, each under its field. `today` is the publish date when none is
    /// given; a date in the past is allowed (an announcement back-dated to a decree).
    pub fn parse(&self, today: Date) -> Result<NewAnnouncement, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = text_field(&mut errors, "title", &self.title, TITLE_MAX_CHARS, true);
        let body = text_field(&mut errors, "body", &self.body, BODY_MAX_CHARS, false);
        let region = self
            .region
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let cooperative = self
            .cooperative_id
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let audience = match (region, cooperative) {
            (Some(_), Some(_)) => {
                errors.push(FieldError::new(
                    "cooperative_id",
                    "announcement.two_audiences",
                ));
                None
            }
            (Some(code), None) => match RegionCode::parse(code) {
                Ok(code) if code.level().depth() <= 2 => Some(Audience::Region(code)),
                Ok(_) => {
                    errors.push(FieldError::new("region", "announcement.region_level"));
                    None
                }
                Err(_) => {
                    errors.push(FieldError::new("region", "region.format"));
                    None
                }
            },
            (None, Some(id)) => Some(Audience::Cooperative(id.to_owned())),
            (None, None) => Some(Audience::Country),
        };
        let publish_on = match self.publish_on.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(typed) => date_field(&mut errors, "publish_on", typed),
            None => Some(today),
        };
        let expires_on = self
            .expires_on
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|typed| date_field(&mut errors, "expires_on", typed));
        let image = self
            .image
            .as_deref()
            .map(str::trim)
            .filter(|i| !i.is_empty());
        if image.is_some_and(|i| !crate::course::is_media_hash(i)) {
            errors.push(FieldError::new("image", "media.unknown"));
        }
        if let (Some(start), Some(Some(end))) = (publish_on, expires_on)
            && end < start
        {
            errors.push(FieldError::new("expires_on", "date.before_publish"));
        }
        match (audience, publish_on) {
            (Some(audience), Some(publish_on)) if errors.is_empty() => Ok(NewAnnouncement {
                title,
                body,
                audience,
                pinned: self.pinned,
                publish_on,
                expires_on: expires_on.flatten(),
                image: image.map(str::to_owned),
            }),
            _ => Err(errors),
        }
    }
}

/// An announcement as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Announcement {
    pub id: String,
    pub title: Text,
    pub body: Text,
    /// The province or regency it is for; both this and `cooperative_id` absent: the country.
    pub region: Option<RegionCode>,
    pub cooperative_id: Option<String>,
    pub pinned: bool,
    pub publish_on: Date,
    pub expires_on: Option<Date>,
    /// The office that published it, as its account is named ("Dinas Koperasi Jawa Barat").
    pub published_by: String,
    /// Whether the caller has read it (marked through the outbox, `announcement_read`).
    pub read: bool,
    /// A picture, with what it costs to fetch.
    #[serde(default)]
    pub image: Option<crate::course::MediaRef>,
}

impl Announcement {
    /// Whether it is shown on `day` (WIB): published and not expired.
    pub fn is_live(&self, day: Date) -> bool {
        self.publish_on <= day && self.expires_on.is_none_or(|end| day <= end)
    }

    /// The feed's order: pinned first, then the newest.
    pub fn feed_order(a: &Announcement, b: &Announcement) -> std::cmp::Ordering {
        b.pinned
            .cmp(&a.pinned)
            .then_with(|| b.publish_on.cmp(&a.publish_on))
            .then_with(|| b.id.cmp(&a.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().expect("date")
    }

    fn input() -> AnnouncementInput {
        AnnouncementInput {
            title: Text {
                id: "  Rapat Anggota   Tahunan ".into(),
                en: String::new(),
            },
            body: Text {
                id: "Semua koperasi wajib melaksanakan RAT.".into(),
                en: "Every cooperative must hold its annual meeting.".into(),
            },
            ..AnnouncementInput::default()
        }
    }

    #[test]
    fn a_country_wide_announcement_is_published_today_by_default() {
        let parsed = input().parse(day("2026-11-29")).expect("valid");
        assert_eq!(parsed.title.id, "Rapat Anggota Tahunan");
        assert_eq!(parsed.audience, Audience::Country);
        assert_eq!(parsed.publish_on, day("2026-11-29"));
        assert_eq!(parsed.expires_on, None);
    }

    #[test]
    fn every_problem_is_named_under_its_field() {
        let bad = AnnouncementInput {
            title: Text::default(),
            region: Some("32.04.12".into()),
            cooperative_id: Some("c1".into()),
            publish_on: Some("2026-12-10".into()),
            expires_on: Some("2026-12-01".into()),
            ..input()
        };
        let codes: Vec<(String, String)> = bad
            .parse(day("2026-11-29"))
            .expect_err("invalid")
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("title.id".to_owned(), "required".to_owned()),
                (
                    "cooperative_id".to_owned(),
                    "announcement.two_audiences".to_owned()
                ),
                ("expires_on".to_owned(), "date.before_publish".to_owned()),
            ]
        );
        let district = AnnouncementInput {
            region: Some("32.04.12".into()),
            ..input()
        };
        assert_eq!(
            district.parse(day("2026-11-29")).expect_err("district")[0].code,
            "announcement.region_level"
        );
        let garbled = AnnouncementInput {
            expires_on: Some("besok".into()),
            ..input()
        };
        assert_eq!(
            garbled.parse(day("2026-11-29")).expect_err("date")[0].field,
            "expires_on"
        );
    }

    #[test]
    fn the_feed_shows_live_ones_pinned_first_then_newest() {
        let at = |id: &str, pinned: bool, on: &str, until: Option<&str>| Announcement {
            id: id.into(),
            title: Text::default(),
            body: Text::default(),
            region: None,
            cooperative_id: None,
            pinned,
            publish_on: day(on),
            expires_on: until.map(day),
            published_by: String::new(),
            read: false,
            image: None,
        };
        let today = day("2026-11-29");
        let mut all = vec![
            at("a", false, "2026-11-01", None),
            at("b", true, "2026-10-01", None),
            at("c", false, "2026-11-20", Some("2026-11-29")),
            at("d", false, "2026-12-01", None),
            at("e", false, "2026-11-02", Some("2026-11-28")),
        ];
        all.retain(|a| a.is_live(today));
        all.sort_by(Announcement::feed_order);
        let ids: Vec<&str> = all.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a"]);
    }
}
