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

/// Today's date in Western Indonesian Time (UTC+7), where most cooperatives are. A term that
/// ends "today" ends at local midnight, give or take the two eastern zones' hour or two.
pub fn today() -> kopdes_domain::date::Date {
    const WIB_OFFSET_MILLIS: i64 = 7 * 3600 * 1000;
    const DAY_MILLIS: i64 = 24 * 3600 * 1000;
    kopdes_domain::date::Date::from_days_since_epoch(
        (now_millis() + WIB_OFFSET_MILLIS).div_euclid(DAY_MILLIS),
    )
}
