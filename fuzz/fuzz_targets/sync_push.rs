//! A push body read as the sync protocol defines it (`PushRequest`) and as the server reads it
//! (a JSON value, then each operation on its own), and each operation's change put through the
//! checks the server runs on it that need no database.
#![no_main]

use kopdes_domain::course::{Question, Quiz};
use kopdes_domain::date::Date;
use kopdes_domain::form::{Text, monthly_unit_report};
use kopdes_domain::savings::{self, Action, Entry, Kind};
use kopdes_domain::sync::{Change, Operation, PushRequest};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn today() -> Date {
    Date::new(2026, 11, 29).expect("a real day")
}

/// A quiz like the ones published: two questions, one with two right options.
fn quiz() -> Quiz {
    let question = |id: &str, multiple: bool, correct: Vec<u8>| Question {
        id: id.into(),
        prompt: Text::default(),
        multiple,
        options: vec![Text::default(); 4],
        correct,
        explanation: Text::default(),
    };
    Quiz {
        pass_percent: 70,
        questions: vec![
            question("q1", false, vec![1]),
            question("q2", true, vec![0, 2]),
        ],
    }
}

/// A member's ledger with something to withdraw, a paid period and an entry to reverse.
fn ledger(member: &str, kind: Kind) -> Vec<Entry> {
    let entry = |id: &str, amount: i64, reverses: Option<&str>| Entry {
        id: id.into(),
        member_id: member.into(),
        kind,
        amount,
        period: (kind != Kind::Sukarela).then(|| "2026-10".into()),
        receipt: "K-1".into(),
        recorded_on: today(),
        recorded_by: "bendahara".into(),
        reverses: reverses.map(Into::into),
        note: String::new(),
    };
    vec![
        entry("e1", 150_000, None),
        entry("e2", 50_000, None),
        entry("e3", -50_000, Some("e2")),
    ]
}

fn check(operation: &Operation) {
    match &operation.change {
        Change::CooperativeProfile(profile) => {
            let _ = profile.validate(today());
        }
        Change::FormResponse(response) => {
            let spec = monthly_unit_report();
            if let Ok(clean) = spec.check_answers(&response.answers, today()) {
                let _ = spec.photos(&clean).count();
            }
        }
        Change::MemberDataChange(change) => {
            if let Ok(data) = change.parse() {
                assert!(!data.name.is_empty());
            }
        }
        // Checked against the database only (the course's lessons, the event's dates).
        Change::LessonDone(_) | Change::EventRegistration(_) => {}
        Change::QuizAttempt(attempt) => {
            let score = quiz().score(&attempt.answers);
            assert!(score.correct <= score.total && score.percent <= 100);
        }
        Change::SavingsEntry(input) => {
            let Ok(entry) = input.parse(today()) else {
                return;
            };
            assert!(entry.recorded_on <= today());
            for ledger in [Vec::new(), ledger(&input.member_id, input.kind)] {
                let Ok(admitted) = savings::admit(&entry, &ledger, &input.member_id, input.kind)
                else {
                    continue;
                };
                match entry.action {
                    Action::Deposit => assert!(admitted.amount > 0),
                    Action::Withdrawal => assert!(admitted.amount < 0),
                    Action::Reversal => {}
                }
                // Nothing admitted takes a balance below zero.
                let balance = savings::balance(&ledger, &input.member_id, input.kind);
                assert!(balance + admitted.amount >= 0 || entry.action == Action::Deposit);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(push) = serde_json::from_slice::<PushRequest>(data) {
        let json = serde_json::to_vec(&push).expect("a push serialises");
        let back: PushRequest =
            serde_json::from_slice(&json).expect("a serialised push reads back");
        assert_eq!(back, push, "JSON round trip changed the push");
        push.operations.iter().for_each(check);
    }
    // The server's way: one unreadable operation is answered on its own, never failing the push.
    if let Ok(body) = serde_json::from_slice::<Value>(data)
        && let Some(operations) = body.get("operations").and_then(Value::as_array)
    {
        for raw in operations {
            if let Ok(operation) = serde_json::from_value::<Operation>(raw.clone()) {
                let again = serde_json::to_value(&operation).expect("an operation serialises");
                assert_eq!(
                    serde_json::from_value::<Operation>(again).ok().as_ref(),
                    Some(&operation),
                    "JSON round trip changed the operation"
                );
                check(&operation);
            }
        }
    }
});
