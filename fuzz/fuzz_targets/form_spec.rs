//! A form spec as an admin publishes it (`FormSpec` from JSON, then `check`), and answers
//! checked against it the way the browser and the server check a response.
//!
//! Input: the spec's JSON, optionally followed by a NUL byte and the answers' JSON. NUL cannot
//! occur in JSON text, so it splits the two unambiguously. The answers are also checked against
//! the built-in monthly report, the one form every server publishes.
#![no_main]

use std::collections::BTreeMap;

use kopdes_domain::date::Date;
use kopdes_domain::form::{Answers, FormSpec, monthly_unit_report};
use libfuzzer_sys::fuzz_target;

fn today() -> Date {
    Date::new(2026, 11, 29).expect("a real day")
}

fn check_answers(spec: &FormSpec, sound: bool, answers: &Answers) {
    let Ok(clean) = spec.check_answers(answers, today()) else {
        return;
    };
    let _ = spec.photos(&clean).count();
    if !sound {
        return;
    }
    for (name, value) in &clean {
        let field = spec
            .fields
            .iter()
            .find(|f| &f.name == name)
            .expect("a clean answer belongs to a field");
        // A normalised answer is stored, exported and shown as it is, so checking it again must
        // give it back unchanged. Alone, without its show_if, so only the field's kind decides.
        let alone = FormSpec {
            fields: vec![kopdes_domain::form::Field {
                show_if: None,
                ..field.clone()
            }],
            ..spec.clone()
        };
        let one = BTreeMap::from([(name.clone(), value.clone())]);
        assert_eq!(
            alone.check_answers(&one, today()),
            Ok(one.clone()),
            "normalising {name} is not idempotent"
        );
    }
    // Conditions hang only on choices and yes/no, so the same fields are shown for the saved
    // response as for the typed one: checked again, it comes back unchanged.
    assert_eq!(
        spec.check_answers(&clean, today()),
        Ok(clean.clone()),
        "checking a saved response again changed it"
    );
}

fuzz_target!(|data: &[u8]| {
    let (spec_json, answers_json) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let answers = answers_json.and_then(|json| serde_json::from_slice::<Answers>(json).ok());
    if let Ok(spec) = serde_json::from_slice::<FormSpec>(spec_json) {
        let sound = spec.check().is_ok();
        let json = serde_json::to_vec(&spec).expect("a spec serialises");
        let back: FormSpec = serde_json::from_slice(&json).expect("a serialised spec reads back");
        assert_eq!(back, spec, "JSON round trip changed the spec");
        let _ = spec.shown(&Answers::new());
        if let Some(answers) = &answers {
            let _ = spec.shown(answers);
            check_answers(&spec, sound, answers);
        }
    }
    if let Some(answers) = &answers {
        check_answers(&monthly_unit_report(), true, answers);
    }
});
