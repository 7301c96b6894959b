//! The date as the server counts it.

use kopdes_domain::date::Date;

/// Today in Western Indonesian Time, the same rule as the server's, so "not in the future" means
/// the same on both sides of the link.
pub fn today() -> Date {
    Date::in_wib(js_sys::Date::now() as i64)
}
