//! Time as the database stores it: milliseconds since the Unix epoch, in a BIGINT that reads the
//! same on SQLite and PostgreSQL.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

pub fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// Today in Western Indonesian Time (see [`kopdes_domain::date::Date::in_wib`]).
pub fn today() -> kopdes_domain::date::Date {
    kopdes_domain::date::Date::in_wib(now_millis())
}
