//! `savings::month_end` and `month_start`: the `month` a pengurus asks the savings overview and
//! bills for (`?month=YYYY-MM`), and what the overview builds from it.
#![no_main]

use kopdes_domain::savings::{self, Period};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(end) = savings::month_end(text) else {
        return;
    };
    // Only the documented `YYYY-MM` is a month: the inverse of how periods are written.
    assert_eq!(savings::period_of(end, Period::Monthly), text);
    let start = savings::month_start(text).expect("a month with an end has a start");
    assert_eq!(
        (start.year(), start.month(), start.day()),
        (end.year(), end.month(), 1)
    );
    assert_eq!(
        end.add_days(1).day(),
        1,
        "{end} is not the last day of its month"
    );
    assert_eq!(
        savings::periods_between(start, end, Period::Monthly),
        [text]
    );
    assert_eq!(
        savings::periods_between(start, end, Period::Yearly).len(),
        1
    );
    let _ = savings::overview(text, Vec::new(), &[], &[]);
});
