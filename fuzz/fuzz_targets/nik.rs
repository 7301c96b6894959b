//! `Nik::parse` on whatever is typed, and a NIK read from JSON (a push, a stored record).
#![no_main]

use kopdes_domain::date::Date;
use kopdes_domain::nik::Nik;
use kopdes_domain::region::RegionLevel;
use libfuzzer_sys::fuzz_target;

/// Days that move the century of the two-digit birth year: a normal day, the first day of a
/// century and the last day before one.
fn todays() -> [Date; 3] {
    [(2026, 11, 29), (2000, 1, 1), (2099, 12, 31)]
        .map(|(y, m, d)| Date::new(y, m, d).expect("a real day"))
}

fn same_when_read_back(nik: &Nik) {
    let json = serde_json::to_vec(nik).expect("a NIK serialises");
    let back: Nik = serde_json::from_slice(&json).expect("a serialised NIK reads back");
    assert!(back == *nik, "JSON round trip changed {nik:?}");
    let masked = nik.masked();
    assert!(!masked.contains(nik.expose()), "masking showed the number");
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for today in todays() {
            let Ok((nik, facts)) = Nik::parse(text, today) else {
                continue;
            };
            let digits = nik.expose();
            assert!(digits.len() == 16 && digits.bytes().all(|b| b.is_ascii_digit()));
            assert!(facts.birth_date <= today);
            assert_eq!(facts.district.level(), RegionLevel::District);
            // What was accepted once is accepted again, with the same facts: the server
            // re-parses what the phone checked.
            let (again, again_facts) = Nik::parse(digits, today).expect("a NIK parses again");
            assert!(again == nik);
            assert_eq!(again_facts, facts);
            same_when_read_back(&nik);
        }
    }
    if let Ok(nik) = serde_json::from_slice::<Nik>(data) {
        same_when_read_back(&nik);
        for today in todays() {
            let _ = Nik::parse(nik.expose(), today);
        }
    }
});
