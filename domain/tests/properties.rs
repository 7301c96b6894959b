//! Properties that must hold for every input, not just the examples in the unit tests.

// Test helpers outside `#[test]` functions: a panic is the failure report.
#![allow(clippy::unwrap_used)]

use kopdes_domain::Lang;
use kopdes_domain::date::{Date, days_in_month};
use kopdes_domain::form::{Answer, Answers, monthly_unit_report, rupiah};
use kopdes_domain::format;
use kopdes_domain::nik::{Gender, Nik};
use kopdes_domain::phone::Phone;
use kopdes_domain::region::RegionCode;
use proptest::prelude::*;

fn today() -> Date {
    Date::new(2026, 11, 29).unwrap()
}

fn any_date() -> impl Strategy<Value = Date> {
    (1900u16..=2100, 1u8..=12, 1u8..=31)
        .prop_map(|(y, m, d)| Date::new(y, m, d.min(days_in_month(y, m))).unwrap())
}

fn past_date() -> impl Strategy<Value = Date> {
    any_date().prop_filter("born by today, within a century", |d| {
        *d <= today() && d.year() > today().year() - 100
    })
}

proptest! {
    #[test]
    fn checked_answers_check_again_to_themselves(
        month in 1u8..=12,
        status in prop::sample::select(vec!["buka", "tutup_sementara", "belum_buka", "libur"]),
        revenue in "[0-9 .Rp]{0,14}",
        served in "[0-9a ]{0,5}",
        notes in ".{0,40}",
    ) {
        let spec = monthly_unit_report();
        let mut answers = Answers::new();
        for (name, value) in [
            ("bulan", format!("2025-{month}")),
            ("status", status.to_owned()),
            ("omzet", revenue),
            ("anggota_dilayani", served),
            ("catatan", notes),
        ] {
            answers.insert(name.to_owned(), Answer::One(value));
        }
        // Whatever was typed: either refused, or normalised so that a second check (the
        // server's, after the browser's) changes nothing.
        if let Ok(clean) = spec.check_answers(&answers, today()) {
            prop_assert_eq!(spec.check_answers(&clean, today()), Ok(clean.clone()));
        }
    }

    #[test]
    fn rupiah_in_groups_of_three_reads_as_the_plain_number(value in 0i64..1_000_000_000_000) {
        let plain = value.to_string();
        let mut grouped = String::new();
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && (plain.len() - i) % 3 == 0 {
                grouped.push('.');
            }
            grouped.push(c);
        }
        prop_assert_eq!(rupiah(&plain), Some(value));
        prop_assert_eq!(rupiah(&format!("Rp {grouped}")), Some(value));
    }

    #[test]
    fn dates_round_trip_through_text(date in any_date()) {
        prop_assert_eq!(date.to_string().parse::<Date>(), Ok(date));
    }

    #[test]
    fn a_nik_built_from_its_parts_reads_back_the_same(
        birth in past_date(),
        female in any::<bool>(),
        province in 11u16..=99,
        regency in 1u16..=99,
        district in 1u16..=99,
        serial in 1u16..=9999,
    ) {
        let day = u16::from(birth.day()) + if female { 40 } else { 0 };
        let text = format!(
            "{province:02}{regency:02}{district:02}{day:02}{:02}{:02}{serial:04}",
            birth.month(),
            birth.year() % 100
        );
        let (nik, facts) = Nik::parse(&text, today()).unwrap();
        prop_assert_eq!(nik.expose(), text.as_str());
        prop_assert_eq!(facts.birth_date, birth);
        prop_assert_eq!(facts.gender, if female { Gender::Female } else { Gender::Male });
        prop_assert_eq!(facts.district.to_string(), format!("{province:02}.{regency:02}.{district:02}"));
        prop_assert!(!nik.masked().contains(&text[6..14]));
    }

    #[test]
    fn nik_parse_never_panics(input in "\\PC{0,24}") {
        let _ = Nik::parse(&input, today());
    }

    #[test]
    fn every_way_of_writing_a_mobile_number_gives_the_same_phone(rest in "8[0-9]{8,11}") {
        let expected = format!("+62{rest}");
        for written in [format!("0{rest}"), format!("62{rest}"), format!("+62 {rest}"), format!("0{}-{}", &rest[..3], &rest[3..])] {
            let phone = Phone::parse(&written).unwrap();
            prop_assert_eq!(phone.as_str(), expected.as_str());
            prop_assert_eq!(Phone::parse(&phone.local()).unwrap(), phone.clone());
        }
    }

    #[test]
    fn phone_parse_never_panics(input in "\\PC{0,20}") {
        let _ = Phone::parse(&input);
    }

    #[test]
    fn region_codes_contain_their_descendants(p in 11u8..=99, k in 1u8..=99, c in 1u8..=99, v in 1001u16..=2999) {
        let village = RegionCode::parse(&format!("{p:02}.{k:02}.{c:02}.{v:04}")).unwrap();
        let mut ancestor = village.parent();
        while let Some(region) = ancestor {
            prop_assert!(region.contains(&village));
            prop_assert!(region.level() < village.level());
            prop_assert_eq!(RegionCode::parse(region.as_str()), Ok(region.clone()));
            ancestor = region.parent();
        }
    }

    #[test]
    fn grouped_integers_read_back_as_the_same_number(n in any::<u64>()) {
        for (lang, separator) in [(Lang::Id, "."), (Lang::En, ",")] {
            let text = format::integer(n, lang);
            prop_assert_eq!(text.replace(separator, "").parse::<u64>(), Ok(n));
        }
    }
}

/// One step of a bendahara's day on one member's sukarela savings: a deposit, a withdrawal, or
/// the reversal of an earlier entry (by its position).
#[derive(Debug, Clone)]
enum Step {
    Deposit(i64),
    Withdraw(i64),
    Reverse(usize),
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1i64..100_000).prop_map(Step::Deposit),
        (1i64..150_000).prop_map(Step::Withdraw),
        (0usize..20).prop_map(Step::Reverse),
    ]
}

proptest! {
    #[test]
    fn whatever_is_recorded_the_ledger_never_goes_below_zero_and_always_adds_up(
        steps in proptest::collection::vec(any_step(), 1..40),
    ) {
        use kopdes_domain::savings::{Action, Entry, EntryInput, Kind, admit, balance};
        let mut ledger: Vec<Entry> = Vec::new();
        for (n, step) in steps.iter().enumerate() {
            let (action, amount, reverses) = match step {
                Step::Deposit(a) => (Action::Deposit, a.to_string(), None),
                Step::Withdraw(a) => (Action::Withdrawal, a.to_string(), None),
                Step::Reverse(at) => (Action::Reversal, String::new(), ledger.get(*at).map(|e| e.id.clone())),
            };
            let typed = EntryInput {
                cooperative_id: "c".into(),
                member_id: "m".into(),
                kind: Kind::Sukarela,
                action,
                amount,
                period: None,
                receipt: format!("KW-{n}"),
                recorded_on: "2026-11-20".into(),
                reverses,
                note: "koreksi".into(),
            };
            let Ok(new) = typed.parse(today()) else { continue };
            if let Ok(admitted) = admit(&new, &ledger, "m", Kind::Sukarela) {
                ledger.push(Entry {
                    id: format!("e{n}"),
                    member_id: "m".into(),
                    kind: Kind::Sukarela,
                    amount: admitted.amount,
                    period: None,
                    receipt: new.receipt,
                    recorded_on: new.recorded_on,
                    recorded_by: "b".into(),
                    reverses: new.reverses,
                    note: new.note,
                });
            }
            let running = balance(&ledger, "m", Kind::Sukarela);
            prop_assert!(running >= 0);
            prop_assert_eq!(running, ledger.iter().map(|e| e.amount).sum::<i64>());
        }
    }
}

proptest! {
    #[test]
    fn a_months_savings_overview_always_reconciles(
        rows in proptest::collection::vec((0usize..4, 0usize..3, -50_000i64..100_000, 1u8..=12, 1u8..=28, any::<bool>()), 0..60),
        month in 1u8..=12,
    ) {
        use kopdes_domain::savings::{Entry, Kind, overview};
        let kinds = [Kind::Pokok, Kind::Wajib, Kind::Sukarela];
        let ledger: Vec<Entry> = rows
            .iter()
            .enumerate()
            .map(|(n, (member, kind, amount, m, d, reversal))| Entry {
                id: format!("e{n}"),
                member_id: format!("m{member}"),
                kind: kinds[*kind],
                amount: *amount,
                period: None,
                receipt: format!("KW-{n}"),
                recorded_on: Date::new(2026, *m, *d).expect("day"),
                recorded_by: "b".into(),
                reverses: reversal.then(|| "e0".to_owned()),
                note: String::new(),
            })
            .collect();
        // Member m3 left; m0..m2 are active.
        let members: Vec<(String, String, Date, bool)> = (0..4)
            .map(|i| (format!("m{i}"), format!("Anggota {i}"), Date::new(2025, 1, 1).expect("day"), i < 3))
            .collect();
        let month = format!("2026-{month:02}");
        let seen = overview(&month, Vec::new(), &members, &ledger).expect("month");
        let listed: i64 = seen.members.iter().map(|m| m.balances.total()).sum();
        prop_assert_eq!(listed, seen.totals.total());
        prop_assert_eq!(seen.totals.total(), ledger.iter().map(|e| e.amount).sum::<i64>());
        let end = kopdes_domain::savings::month_end(&month).expect("end");
        let closing: i64 = ledger.iter().filter(|e| e.recorded_on <= end).map(|e| e.amount).sum();
        prop_assert_eq!(seen.opening.total() + seen.movement.net(), closing);
    }
}
