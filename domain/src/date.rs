//! A calendar date without a time zone, as written on forms and identity cards.
//!
//! Small on purpose: a date library would cost the browser app kilobytes for the few rules
//! the forms need (valid days, leap years, ordering, ISO text).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("not a date: write it as YYYY-MM-DD")]
    Format,
    #[error("no such day in the calendar")]
    NoSuchDay,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay);
        }
        Ok(Date { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// The calendar date `days` days after 1970-01-01 (negative: before it).
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil-from-days algorithm.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// The calendar day in Western Indonesian Time (UTC+7, where most cooperatives are) of a
    /// moment given in milliseconds since the Unix epoch. Server and app both use it, so
    /// "today" is the same day on either side of the link.
    pub fn in_wib(unix_millis: i64) -> Date {
        const WIB_OFFSET_MILLIS: i64 = 7 * 3600 * 1000;
        const DAY_MILLIS: i64 = 24 * 3600 * 1000;
        Date::from_days_since_epoch((unix_millis + WIB_OFFSET_MILLIS).div_euclid(DAY_MILLIS))
    }

    /// The same day `years` later; 29 February becomes 28 February in a common year.
    /// Days after 1970-01-01 (negative: before it); the inverse of
    /// [`Date::from_days_since_epoch`] (Howard Hinnant's days-from-civil).
    pub fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let shifted = if month > 2 { month - 3 } else { month + 9 };
        let day_of_year = (153 * shifted + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    pub fn add_years(self, years: u16) -> Date {
        let year = self.year.saturating_add(years);
        let day = self.day.min(days_in_month(year, self.month));
        Date {
            year,
            month: self.month,
            day,
        }
    }
}

pub fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// ISO 8601 calendar date, `YYYY-MM-DD`, as `<input type="date">` gives it.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let bytes = s.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(DateError::Format);
        }
        let number = |range: std::ops::Range<usize>| -> Result<u16, DateError> {
            let part = &s[range];
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DateError::Format);
            }
            part.parse().map_err(|_| DateError::Format)
        };
        let year = number(0..4)?;
        let month = u8::try_from(number(5..7)?).map_err(|_| DateError::Format)?;
        let day = u8::try_from(number(8..10)?).map_err(|_| DateError::Format)?;
        Date::new(year, month, day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_both_ways_across_month_and_leap_days() {
        for text in ["1970-01-01", "2024-02-29", "2026-12-31", "1999-03-01"] {
            let date: Date = text.parse().expect("date");
            assert_eq!(Date::from_days_since_epoch(date.days_since_epoch()), date);
        }
        let day = |s: &str| s.parse::<Date>().expect("date");
        assert_eq!(day("2024-02-28").add_days(1), day("2024-02-29"));
        assert_eq!(day("2026-12-10").add_days(-10), day("2026-11-30"));
        assert_eq!(day("1970-01-01").days_since_epoch(), 0);
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(is_leap_year(2024));
        assert!(is_leap_year(2000));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2026));
    }

    #[test]
    fn only_real_days_are_dates() {
        assert!(Date::new(2024, 2, 29).is_ok());
        assert_eq!(Date::new(2026, 2, 29), Err(DateError::NoSuchDay));
        assert_eq!(Date::new(2026, 4, 31), Err(DateError::NoSuchDay));
        assert_eq!(Date::new(2026, 13, 1), Err(DateError::NoSuchDay));
        assert_eq!(Date::new(2026, 1, 0), Err(DateError::NoSuchDay));
    }

    #[test]
    fn parses_and_prints_iso_dates() {
        let date: Date = "2026-11-29".parse().unwrap();
        assert_eq!((date.year(), date.month(), date.day()), (2026, 11, 29));
        assert_eq!(date.to_string(), "2026-11-29");
        for bad in [
            "2026-1-29",
            "29-11-2026",
            "2026/11/29",
            "2026-11-2x",
            "+026-11-29",
            "",
        ] {
            assert_eq!(bad.parse::<Date>(), Err(DateError::Format), "{bad}");
        }
        assert_eq!("2026-02-30".parse::<Date>(), Err(DateError::NoSuchDay));
    }

    #[test]
    fn dates_order_by_calendar() {
        let a: Date = "2025-12-31".parse().unwrap();
        let b: Date = "2026-01-01".parse().unwrap();
        assert!(a < b);
    }

    #[test]
    fn adding_years_keeps_the_day_where_it_exists() {
        let date: Date = "2024-02-29".parse().unwrap();
        assert_eq!(date.add_years(5).to_string(), "2029-02-28");
        assert_eq!(date.add_years(4).to_string(), "2028-02-29");
    }

    #[test]
    fn days_since_the_epoch_become_calendar_dates() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_421).to_string(),
            "2025-11-29"
        );
        assert_eq!(
            Date::from_days_since_epoch(19_782).to_string(),
            "2024-02-29"
        );
        assert_eq!(Date::from_days_since_epoch(-1).to_string(), "1969-12-31");
    }

    #[test]
    fn the_day_turns_at_midnight_western_indonesian_time() {
        // 2026-11-28 16:59:59 UTC is 23:59:59 in Jakarta; a second later it is the 29th.
        let before = 1_795_885_199_000;
        assert_eq!(Date::in_wib(before).to_string(), "2026-11-28");
        assert_eq!(Date::in_wib(before + 1000).to_string(), "2026-11-29");
    }

    #[test]
    fn serialises_as_iso_text() {
        let date: Date = "2026-11-29".parse().unwrap();
        assert_eq!(serde_json::to_string(&date).unwrap(), "\"2026-11-29\"");
        assert_eq!(
            serde_json::from_str::<Date>("\"2026-11-29\"").unwrap(),
            date
        );
        assert!(serde_json::from_str::<Date>("\"2026-11-31\"").is_err());
    }
}
