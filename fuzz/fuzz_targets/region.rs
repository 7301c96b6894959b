//! `RegionCode::parse` on arbitrary text and from JSON, and the tree walks on what parses.
#![no_main]

use kopdes_domain::region::{RegionCode, RegionLevel};
use libfuzzer_sys::fuzz_target;

const LEVELS: [RegionLevel; 4] = [
    RegionLevel::Province,
    RegionLevel::Regency,
    RegionLevel::District,
    RegionLevel::Village,
];

fn sound(code: &RegionCode) {
    let level = code.level();
    // The level is the number of dotted parts; the helpers below rely on it.
    assert_eq!(
        usize::from(level.depth()),
        code.as_str().split('.').count(),
        "{code}"
    );
    assert_eq!(RegionCode::parse(code.as_str()).as_ref(), Ok(code));
    assert_eq!(code.to_string().parse::<RegionCode>().as_ref(), Ok(code));
    let json = serde_json::to_vec(code).expect("a code serialises");
    assert_eq!(
        &serde_json::from_slice::<RegionCode>(&json).expect("reads back"),
        code
    );
    assert!(code.contains(code));
    let _ = code.is_city();
    assert_eq!(code.is_kelurahan().is_some(), level == RegionLevel::Village);
    match code.parent() {
        Some(parent) => {
            assert_eq!(
                Some(parent.level()),
                LEVELS.get(usize::from(level.depth()) - 2).copied()
            );
            assert_eq!(parent.level().child(), Some(level));
            assert!(parent.contains(code) && !code.contains(&parent));
        }
        None => assert_eq!(level, RegionLevel::Province),
    }
    for at in LEVELS {
        match code.ancestor(at) {
            Some(ancestor) => {
                assert!(at <= level, "{code} has no ancestor at {at:?}");
                assert_eq!(ancestor.level(), at);
                assert!(ancestor.contains(code));
            }
            None => assert!(at > level, "{code} lost its ancestor at {at:?}"),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(code) = RegionCode::parse(text)
    {
        sound(&code);
    }
    if let Ok(code) = serde_json::from_slice::<RegionCode>(data) {
        sound(&code);
    }
});
