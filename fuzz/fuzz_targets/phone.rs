//! `Phone::parse` on whatever is typed, and a phone read from JSON.
#![no_main]

use kopdes_domain::phone::Phone;
use libfuzzer_sys::fuzz_target;

/// What every accepted number must be: E.164 for an Indonesian mobile, stable under parsing
/// its own output and its local form, and under a JSON round trip.
fn sound(phone: &Phone) {
    let e164 = phone.as_str();
    let national = e164
        .strip_prefix("+628")
        .expect("an Indonesian mobile in E.164");
    assert!(national.bytes().all(|b| b.is_ascii_digit()), "{e164}");
    assert!((8..=11).contains(&national.len()), "{e164}");
    assert_eq!(Phone::parse(e164).as_ref(), Ok(phone));
    assert_eq!(Phone::parse(&phone.local()).as_ref(), Ok(phone));
    let json = serde_json::to_vec(phone).expect("a phone serialises");
    assert_eq!(
        &serde_json::from_slice::<Phone>(&json).expect("reads back"),
        phone
    );
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(phone) = Phone::parse(text)
    {
        sound(&phone);
    }
    if let Ok(phone) = serde_json::from_slice::<Phone>(data) {
        sound(&phone);
    }
});
