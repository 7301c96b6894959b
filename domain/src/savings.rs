//! Members' savings (simpanan): the products a cooperative defines, the bills they make, and an
//! append-only ledger from which every balance is derived.
//!
//! - **Pokok** is paid once, on joining; **wajib** every month or year, at an amount the
//!   members' meeting sets; neither is withdrawn while the person is a member.
//! - **Sukarela** takes free deposits and withdrawals; a withdrawal never takes the balance
//!   below zero. Two phones recording withdrawals offline at once are settled by the server,
//!   which checks each against the ledger as it stands when it arrives.
//! - Nothing in the ledger is edited or deleted: a mistake is corrected by a reversing entry.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::date::Date;
use crate::form::rupiah;

/// The largest single entry accepted (Rp 1 billion): a typo guard, not a business rule.
pub const MAX_AMOUNT: i64 = 1_000_000_000;
pub const RECEIPT_MAX_CHARS: usize = 40;
/// How far back a desk may date an entry: older books are brought in as an opening balance
/// dated today, with a note.
pub const EARLIEST_ENTRY_YEARS: u16 = 5;

/// The earliest day an entry recorded `today` may carry.
pub fn earliest_entry(today: Date) -> Date {
    Date::new(
        today.year().saturating_sub(EARLIEST_ENTRY_YEARS),
        today.month(),
        today.day().min(28),
    )
    .unwrap_or(today)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = SavingsKind))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Pokok,
    Wajib,
    Sukarela,
}

impl Kind {
    /// Its name in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Pokok => "pokok",
            Kind::Wajib => "wajib",
            Kind::Sukarela => "sukarela",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        [Kind::Pokok, Kind::Wajib, Kind::Sukarela]
            .into_iter()
            .find(|k| k.as_str() == name)
    }

    /// Whether a member may take money out of it.
    pub fn withdrawable(self) -> bool {
        self == Kind::Sukarela
    }

    /// Whether the cooperative bills it (a fixed amount, once or per period).
    pub fn billed(self) -> bool {
        self != Kind::Sukarela
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Monthly,
    Yearly,
}

impl Period {
    /// Its name in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Monthly => "monthly",
            Period::Yearly => "yearly",
        }
    }

    pub fn parse(name: &str) -> Option<Period> {
        [Period::Monthly, Period::Yearly]
            .into_iter()
            .find(|p| p.as_str() == name)
    }
}

/// `PUT /api/cooperatives/{id}/savings-products/{kind}`, as typed by a pengurus.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductInput {
    /// As people write it: `Rp 10.000`. Required for pokok and wajib; none for sukarela.
    #[serde(default)]
    pub amount: String,
    /// Wajib only.
    #[serde(default)]
    pub period: Option<Period>,
}

/// A cooperative's savings product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    pub kind: Kind,
    /// Whole rupiah; `None` for sukarela.
    pub amount: Option<i64>,
    pub period: Option<Period>,
}

fn amount_field(errors: &mut Vec<FieldError>, field: &str, typed: &str) -> Option<i64> {
    match rupiah(typed) {
        Some(amount) if amount > 0 && amount <= MAX_AMOUNT => Some(amount),
        Some(_) => {
            errors.push(FieldError::new(field, "savings.amount"));
            None
        }
        None if typed.trim().is_empty() => {
            errors.push(FieldError::new(field, "required"));
            None
        }
        None => {
            errors.push(FieldError::new(field, "money.format"));
            None
        }
    }
}

impl ProductInput {
    pub fn parse(&self, kind: Kind) -> Result<Product, Vec<FieldError>> {
        let mut errors = Vec::new();
        let amount = if kind.billed() {
            amount_field(&mut errors, "amount", &self.amount)
        } else {
            None
        };
        let period = match (kind, self.period) {
            (Kind::Wajib, Some(period)) => Some(period),
            (Kind::Wajib, None) => {
                errors.push(FieldError::new("period", "required"));
                None
            }
            _ => None,
        };
        if errors.is_empty() {
            Ok(Product {
                kind,
                amount,
                period,
            })
        } else {
            Err(errors)
        }
    }
}

/// The billing period a day falls in: `2026-11` (monthly) or `2026` (yearly).
pub fn period_of(day: Date, period: Period) -> String {
    match period {
        Period::Monthly => format!("{:04}-{:02}", day.year(), day.month()),
        Period::Yearly => format!("{:04}", day.year()),
    }
}

/// One bill: what a member owes for a product in a period (`GET …/savings/bills`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bill {
    pub member_id: String,
    pub member_name: String,
    pub kind: Kind,
    /// `2026-11` or `2026` for wajib; absent for pokok.
    pub period: Option<String>,
    pub amount: i64,
}

/// The last day of a month (`YYYY-MM`), the day a month's bills are judged on: someone who
/// joined during the month owes its wajib.
pub fn month_end(month: &str) -> Option<Date> {
    // Exactly four digits, `-`, two digits. Checking the length alone let `25110-2` or
    // `65535-1` through (seven characters too): a month far past any bill, and from year
    // 65535 `periods_between` overflows the year (an endless loop in release builds).
    let bytes = month.as_bytes();
    let shape = bytes.len() == 7
        && bytes[4] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || b.is_ascii_digit());
    if !shape {
        return None;
    }
    let (year, month): (u16, u8) = (month[..4].parse().ok()?, month[5..].parse().ok()?);
    if !(1..=12).contains(&month) {
        return None;
    }
    Date::new(year, month, crate::date::days_in_month(year, month)).ok()
}

/// Every billing period from the one containing `from` to the one containing `to`, oldest
/// first: `2026-09`, `2026-10`, … or `2025`, `2026`.
pub fn periods_between(from: Date, to: Date, each: Period) -> Vec<String> {
    let mut out = Vec::new();
    let (mut year, mut month) = (from.year(), from.month());
    while (year, month) <= (to.year(), to.month()) {
        match each {
            Period::Monthly => {
                out.push(format!("{year:04}-{month:02}"));
                (year, month) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
            }
            Period::Yearly => {
                out.push(format!("{year:04}"));
                (year, month) = (year + 1, 1);
            }
        }
    }
    out
}

/// What is owed at the end of a month: for each active member, pokok while unpaid, and wajib
/// for every period from the one they joined in to the one containing `month_end` that is not
/// paid (net of reversals), arrears included. `members` are `(id, name, joined)`; `ledger`
/// holds the cooperative's entries.
pub fn bills(
    products: &[Product],
    members: &[(String, String, Date)],
    ledger: &[Entry],
    month_end: Date,
) -> Vec<Bill> {
    let mut due = Vec::new();
    for (id, name, joined) in members {
        if *joined > month_end {
            continue;
        }
        for product in products.iter().filter(|p| p.kind.billed()) {
            let Some(amount) = product.amount else {
                continue;
            };
            let paid = |period: Option<&String>| -> i64 {
                ledger
                    .iter()
                    .filter(|e| &e.member_id == id && e.kind == product.kind)
                    .filter(|e| period.is_none() || e.period.as_ref() == period)
                    .map(|e| e.amount)
                    .sum()
            };
            let periods: Vec<Option<String>> = match (product.kind, product.period) {
                (Kind::Pokok, _) => vec![None],
                (_, Some(each)) => periods_between(*joined, month_end, each)
                    .into_iter()
                    .map(Some)
                    .collect(),
                _ => Vec::new(),
            };
            for period in periods {
                if paid(period.as_ref()) <= 0 {
                    due.push(Bill {
                        member_id: id.clone(),
                        member_name: name.clone(),
                        kind: product.kind,
                        period,
                        amount,
                    });
                }
            }
        }
    }
    due
}

/// One ledger line as the API returns it. Deposits are positive, withdrawals negative; a
/// reversal carries the opposite amount of the entry it corrects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    pub id: String,
    pub member_id: String,
    pub kind: Kind,
    pub amount: i64,
    /// The bill's period for pokok and wajib (`2026-11`), absent for sukarela.
    pub period: Option<String>,
    pub receipt: String,
    pub recorded_on: Date,
    pub recorded_by: String,
    /// For a reversal, the entry it corrects.
    pub reverses: Option<String>,
    pub note: String,
}

/// `GET /api/members/{member}/savings`: one member's balances and their ledger, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberSavings {
    pub member_id: String,
    pub pokok: i64,
    pub wajib: i64,
    pub sukarela: i64,
    pub entries: Vec<Entry>,
}

impl MemberSavings {
    pub fn of(member_id: String, entries: Vec<Entry>) -> MemberSavings {
        MemberSavings {
            pokok: balance(&entries, &member_id, Kind::Pokok),
            wajib: balance(&entries, &member_id, Kind::Wajib),
            sukarela: balance(&entries, &member_id, Kind::Sukarela),
            member_id,
            entries,
        }
    }

    /// Whether an entry has been corrected by a later reversal.
    pub fn is_reversed(&self, id: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.reverses.as_deref() == Some(id))
    }
}

/// A member's balance of one kind: the sum of its entries.
pub fn balance(entries: &[Entry], member: &str, kind: Kind) -> i64 {
    entries
        .iter()
        .filter(|e| e.member_id == member && e.kind == kind)
        .map(|e| e.amount)
        .sum()
}

/// Sync operation `savings_entry`: a payment or withdrawal recorded by the bendahara, or the
/// reversal of an earlier entry. The record id (made on the device) is the entry's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryInput {
    pub cooperative_id: String,
    pub member_id: String,
    pub kind: Kind,
    /// `deposit`, `withdrawal` or `reversal`.
    pub action: Action,
    /// As typed; for a reversal, ignored (it is the opposite of the reversed entry).
    #[serde(default)]
    pub amount: String,
    /// The bill's period for pokok and wajib deposits.
    #[serde(default)]
    pub period: Option<String>,
    /// The receipt (kuitansi) number written for cash.
    #[serde(default)]
    pub receipt: String,
    /// The day the money changed hands (`YYYY-MM-DD`), on the device's calendar.
    pub recorded_on: String,
    /// For a reversal: the entry corrected.
    #[serde(default)]
    pub reverses: Option<String>,
    /// Why (required for a reversal).
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Deposit,
    Withdrawal,
    Reversal,
}

/// A checked entry, before the ledger's own checks (the balance, the bill, the reversed
/// entry), which need the ledger as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub action: Action,
    /// Signed: withdrawals negative. Zero for a reversal until the reversed entry is known.
    pub amount: i64,
    pub period: Option<String>,
    pub receipt: String,
    pub recorded_on: Date,
    pub reverses: Option<String>,
    pub note: String,
}

fn valid_period(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| range.clone().all(|i| bytes[i].is_ascii_digit());
    match bytes.len() {
        4 => digits(0..4),
        7 => {
            digits(0..4)
                && bytes[4] == b'-'
                && digits(5..7)
                && (1..=12).contains(&text[5..7].parse::<u8>().unwrap_or(0))
        }
        _ => false,
    }
}

impl EntryInput {
    /// Every problem at once, each under its field. `today` (the device's or the server's
    /// calendar) bounds the day recorded: money is recorded when it has changed hands.
    pub fn parse(&self, today: Date) -> Result<NewEntry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let amount = match self.action {
            Action::Reversal => Some(0),
            Action::Deposit => amount_field(&mut errors, "amount", &self.amount),
            Action::Withdrawal => {
                if !self.kind.withdrawable() {
                    errors.push(FieldError::new("kind", "savings.not_withdrawable"));
                    None
                } else {
                    amount_field(&mut errors, "amount", &self.amount).map(|a| -a)
                }
            }
        };
        let period = self
            .period
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned);
        if self.action == Action::Deposit && self.kind == Kind::Wajib {
            match &period {
                Some(p) if valid_period(p) => {}
                Some(_) => errors.push(FieldError::new("period", "savings.period")),
                None => errors.push(FieldError::new("period", "required")),
            }
        }
        let receipt = self
            .receipt
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if self.action != Action::Reversal && receipt.is_empty() {
            errors.push(FieldError::new("receipt", "required"));
        }
        if receipt.chars().count() > RECEIPT_MAX_CHARS {
            errors.push(FieldError::new("receipt", "text.too_long"));
        }
        let recorded_on = match self.recorded_on.trim().parse::<Date>() {
            Ok(day) if day > today => {
                errors.push(FieldError::new("recorded_on", "date.future"));
                None
            }
            // A desk records what happened lately; 1900-01-01 is a slip, not a payment.
            Ok(day) if day < earliest_entry(today) => {
                errors.push(FieldError::new("recorded_on", "date.too_old"));
                None
            }
            Ok(day) => Some(day),
            Err(_) => {
                errors.push(FieldError::new("recorded_on", "date.format"));
                None
            }
        };
        let reverses = self
            .reverses
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        let note = self.note.trim().to_owned();
        for (field, text) in [("receipt", &self.receipt), ("note", &self.note)] {
            if let Err(error) = crate::text::check_line(field, text) {
                errors.push(error);
            }
        }
        if self.action == Action::Reversal {
            if reverses.is_none() {
                errors.push(FieldError::new("reverses", "required"));
            }
            if note.is_empty() {
                errors.push(FieldError::new("note", "required"));
            }
        }
        match (amount, recorded_on) {
            (Some(amount), Some(recorded_on)) if errors.is_empty() => Ok(NewEntry {
                action: self.action,
                amount,
                period: if self.kind == Kind::Sukarela {
                    None
                } else {
                    period
                },
                receipt,
                recorded_on,
                reverses,
                note,
            }),
            _ => Err(errors),
        }
    }
}

/// What the ledger records for an admitted entry: the signed amount and the bill's period (a
/// reversal takes the period of the entry it corrects, so that period is open again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admitted {
    pub amount: i64,
    pub period: Option<String>,
}

/// Whether a balance can take a signed amount without going below zero: the rule a
/// withdrawal and a reversal are held to, on the phone before it is recorded and on the
/// server when it arrives.
pub fn covers(balance: i64, amount: i64) -> bool {
    balance + amount >= 0
}

/// The ledger's own check of a new entry against what it holds for that member and kind:
/// a withdrawal may not take the balance below zero, a period is paid once, an entry is
/// reversed once and never by another reversal.
pub fn admit(
    entry: &NewEntry,
    ledger: &[Entry],
    member: &str,
    kind: Kind,
) -> Result<Admitted, FieldError> {
    let mine: Vec<&Entry> = ledger
        .iter()
        .filter(|e| e.member_id == member && e.kind == kind)
        .collect();
    match entry.action {
        Action::Withdrawal => {
            let balance: i64 = mine.iter().map(|e| e.amount).sum();
            if !covers(balance, entry.amount) {
                return Err(FieldError::new("amount", "savings.insufficient"));
            }
            Ok(Admitted {
                amount: entry.amount,
                period: None,
            })
        }
        Action::Deposit => {
            if kind.billed() {
                // A period counts as paid while its deposits outweigh their reversals.
                let paid: i64 = mine
                    .iter()
                    .filter(|e| kind == Kind::Pokok || e.period == entry.period)
                    .map(|e| e.amount)
                    .sum();
                if paid > 0 {
                    return Err(FieldError::new("period", "savings.already_paid"));
                }
            }
            Ok(Admitted {
                amount: entry.amount,
                period: entry.period.clone(),
            })
        }
        Action::Reversal => {
            let target = entry.reverses.as_deref().unwrap_or_default();
            let Some(reversed) = mine.iter().find(|e| e.id == target) else {
                return Err(FieldError::new("reverses", "savings.unknown_entry"));
            };
            if reversed.reverses.is_some()
                || mine.iter().any(|e| e.reverses.as_deref() == Some(target))
            {
                return Err(FieldError::new("reverses", "savings.already_reversed"));
            }
            let balance: i64 = mine.iter().map(|e| e.amount).sum();
            // Reversing a deposit takes money out: not below zero either.
            if !covers(balance, -reversed.amount) {
                return Err(FieldError::new("reverses", "savings.insufficient"));
            }
            Ok(Admitted {
                amount: -reversed.amount,
                period: reversed.period.clone(),
            })
        }
    }
}

/// Balances by kind, in whole rupiah.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Balances {
    pub pokok: i64,
    pub wajib: i64,
    pub sukarela: i64,
}

impl Balances {
    pub fn add(&mut self, kind: Kind, amount: i64) {
        match kind {
            Kind::Pokok => self.pokok += amount,
            Kind::Wajib => self.wajib += amount,
            Kind::Sukarela => self.sukarela += amount,
        }
    }

    pub fn of(&self, kind: Kind) -> i64 {
        match kind {
            Kind::Pokok => self.pokok,
            Kind::Wajib => self.wajib,
            Kind::Sukarela => self.sukarela,
        }
    }

    pub fn total(&self) -> i64 {
        self.pokok + self.wajib + self.sukarela
    }
}

/// One member's line in the cooperative's savings overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberBalances {
    pub member_id: String,
    pub name: String,
    /// Whether they are still a member: only active members are billed or paid for.
    pub active: bool,
    pub balances: Balances,
}

/// What moved in a month, by the day the money changed hands. Reversals are kept apart so a
/// correction never hides inside the month's deposits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Movement {
    /// Deposits (positive).
    pub deposits: i64,
    /// Withdrawals (negative).
    pub withdrawals: i64,
    /// Reversals, either sign.
    pub reversals: i64,
}

impl Movement {
    pub fn net(&self) -> i64 {
        self.deposits + self.withdrawals + self.reversals
    }
}

/// `GET /api/cooperatives/{id}/savings?month=`: the cooperative's savings for its pengurus
/// and pengawas. It reconciles: the members' balances add up to `totals`, and the balances at
/// the month's start plus its movement make its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    /// `YYYY-MM`.
    pub month: String,
    pub products: Vec<Product>,
    pub members: Vec<MemberBalances>,
    pub totals: Balances,
    /// All balances at the end of the month before `month`.
    pub opening: Balances,
    pub movement: Movement,
    pub bills: Vec<Bill>,
}

/// The first day of a month (`YYYY-MM`).
/// How far ahead a month may be asked for: a year and its last month's days.
const MONTHS_AHEAD_DAYS: i64 = 366 + 31;

/// The last day of a month someone may ask the ledger about, seen from `today`: `YYYY-MM` and
/// at most a year ahead. Bills run month by month from each member's joining to that month, so a
/// month years ahead would make hundreds of thousands of them; nobody plans that far.
pub fn askable_month_end(month: &str, today: Date) -> Option<Date> {
    month_end(month)
        .filter(|end| end.days_since_epoch() <= today.days_since_epoch() + MONTHS_AHEAD_DAYS)
}

pub fn month_start(month: &str) -> Option<Date> {
    let end = month_end(month)?;
    Date::new(end.year(), end.month(), 1).ok()
}

/// Builds the overview of `month` from the whole ledger. `members` are
/// `(id, name, joined, active)`; members who left are listed while they hold a balance.
pub fn overview(
    month: &str,
    products: Vec<Product>,
    members: &[(String, String, Date, bool)],
    ledger: &[Entry],
) -> Option<Overview> {
    let (start, end) = (month_start(month)?, month_end(month)?);
    let mut totals = Balances::default();
    let mut opening = Balances::default();
    let mut movement = Movement::default();
    let mut by_member: std::collections::HashMap<&str, Balances> = Default::default();
    for entry in ledger {
        totals.add(entry.kind, entry.amount);
        by_member
            .entry(entry.member_id.as_str())
            .or_default()
            .add(entry.kind, entry.amount);
        if entry.recorded_on < start {
            opening.add(entry.kind, entry.amount);
        } else if entry.recorded_on <= end {
            match (entry.reverses.is_some(), entry.amount >= 0) {
                (true, _) => movement.reversals += entry.amount,
                (false, true) => movement.deposits += entry.amount,
                (false, false) => movement.withdrawals += entry.amount,
            }
        }
    }
    let listed = members
        .iter()
        .filter(|(id, _, _, active)| *active || by_member.contains_key(id.as_str()))
        .map(|(id, name, _, active)| MemberBalances {
            member_id: id.clone(),
            name: name.clone(),
            active: *active,
            balances: by_member.get(id.as_str()).copied().unwrap_or_default(),
        })
        .collect();
    let billed: Vec<(String, String, Date)> = members
        .iter()
        .filter(|m| m.3)
        .map(|(id, name, joined, _)| (id.clone(), name.clone(), *joined))
        .collect();
    Some(Overview {
        month: month.to_owned(),
        bills: bills(&products, &billed, ledger, end),
        products,
        members: listed,
        totals,
        opening,
        movement,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().expect("date")
    }

    fn input(kind: Kind, action: Action, amount: &str) -> EntryInput {
        EntryInput {
            cooperative_id: "c".into(),
            member_id: "m".into(),
            kind,
            action,
            amount: amount.into(),
            period: (kind == Kind::Wajib).then(|| "2026-11".into()),
            receipt: "KW-001".into(),
            recorded_on: "2026-11-20".into(),
            reverses: None,
            note: String::new(),
        }
    }

    fn entry(id: &str, kind: Kind, amount: i64, period: Option<&str>) -> Entry {
        Entry {
            id: id.into(),
            member_id: "m".into(),
            kind,
            amount,
            period: period.map(str::to_owned),
            receipt: "KW".into(),
            recorded_on: day("2026-11-01"),
            recorded_by: "b".into(),
            reverses: None,
            note: String::new(),
        }
    }

    #[test]
    fn products_need_what_their_kind_needs() {
        let wajib = ProductInput {
            amount: "Rp 10.000".into(),
            period: Some(Period::Monthly),
        };
        assert_eq!(
            wajib.parse(Kind::Wajib).expect("wajib").amount,
            Some(10_000)
        );
        let errors = ProductInput::default()
            .parse(Kind::Wajib)
            .expect_err("empty");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["amount", "period"]);
        assert_eq!(
            ProductInput::default()
                .parse(Kind::Sukarela)
                .expect("free")
                .amount,
            None
        );
    }

    #[test]
    fn wajib_periods_run_from_joining_to_the_month_asked() {
        assert_eq!(
            periods_between(day("2025-11-17"), day("2026-02-28"), Period::Monthly),
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(
            periods_between(day("2024-06-01"), day("2026-02-28"), Period::Yearly),
            ["2024", "2025", "2026"]
        );
        assert!(periods_between(day("2026-12-01"), day("2026-11-30"), Period::Monthly).is_empty());
    }

    #[test]
    fn a_months_bills_name_who_owes_what() {
        let products = [
            Product {
                kind: Kind::Pokok,
                amount: Some(100_000),
                period: None,
            },
            Product {
                kind: Kind::Wajib,
                amount: Some(10_000),
                period: Some(Period::Monthly),
            },
            Product {
                kind: Kind::Sukarela,
                amount: None,
                period: None,
            },
        ];
        let members = vec![
            ("m".to_owned(), "Neng".to_owned(), day("2026-10-15")),
            ("n".to_owned(), "Dadang".to_owned(), day("2026-11-30")),
            // Behind: every unpaid month since joining is owed, not only this one.
            ("q".to_owned(), "Ujang".to_owned(), day("2026-08-01")),
            // Joined after the month: owes nothing for it yet.
            ("o".to_owned(), "Euis".to_owned(), day("2026-12-01")),
        ];
        let mut paid = entry("p1", Kind::Pokok, 100_000, None);
        paid.member_id = "m".into();
        let mut september = entry("w2", Kind::Wajib, 10_000, Some("2026-09"));
        september.member_id = "q".into();
        let ledger = vec![
            paid,
            entry("w1", Kind::Wajib, 10_000, Some("2026-10")),
            september,
        ];
        let end = month_end("2026-11").expect("month");
        assert_eq!(end, day("2026-11-30"));
        let owed: Vec<String> = bills(&products, &members, &ledger, end)
            .into_iter()
            .map(|b| {
                format!(
                    "{} {:?} {}",
                    b.member_id,
                    b.kind,
                    b.period.unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(
            owed,
            [
                "m Wajib 2026-11",
                "n Pokok ",
                "n Wajib 2026-11",
                "q Pokok ",
                "q Wajib 2026-08",
                "q Wajib 2026-10",
                "q Wajib 2026-11"
            ]
        );
        assert_eq!(month_end("2026-13"), None);
    }

    #[test]
    fn a_month_may_be_asked_about_up_to_a_year_ahead() {
        let today = day("2026-11-29");
        assert_eq!(askable_month_end("2027-11", today), Some(day("2027-11-30")));
        assert_eq!(askable_month_end("2020-01", today), Some(day("2020-01-31")));
        assert_eq!(askable_month_end("2028-01", today), None);
        assert_eq!(askable_month_end("9999-12", today), None);
    }

    #[test]
    fn a_month_is_written_yyyy_mm_and_nothing_else() {
        assert_eq!(month_end("2024-02"), Some(day("2024-02-29")));
        assert_eq!(month_end("9999-12"), Some(day("9999-12-31")));
        // Found by the savings_month fuzz target: seven characters, but not `YYYY-MM`.
        for bad in [
            "25110-2", "65535-1", "+026-01", "2026-+1", "2026-1 ", "202611-",
        ] {
            assert_eq!(month_end(bad), None, "{bad}");
            assert_eq!(month_start(bad), None, "{bad}");
        }
    }

    #[test]
    fn entries_are_checked_field_by_field() {
        let mut bad = input(Kind::Wajib, Action::Withdrawal, "abc");
        bad.receipt = String::new();
        bad.recorded_on = "2026-12-01".into();
        let fields: Vec<String> = bad
            .parse(day("2026-11-29"))
            .expect_err("bad")
            .into_iter()
            .map(|e| format!("{} {}", e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                "kind savings.not_withdrawable",
                "receipt required",
                "recorded_on date.future"
            ]
        );
        let withdrawal = input(Kind::Sukarela, Action::Withdrawal, "Rp 5.000")
            .parse(day("2026-11-29"))
            .expect("valid");
        assert_eq!((withdrawal.amount, withdrawal.period), (-5_000, None));
    }

    #[test]
    fn a_withdrawal_never_takes_a_balance_below_zero() {
        let ledger = vec![entry("d1", Kind::Sukarela, 20_000, None)];
        let take = |amount: &str| {
            let new = input(Kind::Sukarela, Action::Withdrawal, amount)
                .parse(day("2026-11-29"))
                .expect("valid");
            admit(&new, &ledger, "m", Kind::Sukarela)
        };
        assert_eq!(take("20.000").map(|a| a.amount), Ok(-20_000));
        assert_eq!(
            take("20.001").expect_err("too much").code,
            "savings.insufficient"
        );
        assert_eq!(balance(&ledger, "m", Kind::Sukarela), 20_000);
    }

    #[test]
    fn a_period_is_paid_once_and_a_reversal_reopens_it() {
        let mut ledger = vec![entry("w1", Kind::Wajib, 10_000, Some("2026-11"))];
        let again = input(Kind::Wajib, Action::Deposit, "10.000")
            .parse(day("2026-11-29"))
            .expect("valid");
        assert_eq!(
            admit(&again, &ledger, "m", Kind::Wajib)
                .expect_err("twice")
                .code,
            "savings.already_paid"
        );
        let mut reversal = input(Kind::Wajib, Action::Reversal, "");
        reversal.reverses = Some("w1".into());
        reversal.note = "Salah catat".into();
        let reversal = reversal.parse(day("2026-11-29")).expect("valid");
        let undoing = admit(&reversal, &ledger, "m", Kind::Wajib).expect("admitted");
        assert_eq!(
            (undoing.amount, undoing.period.as_deref()),
            (-10_000, Some("2026-11"))
        );
        let mut undone = entry("r1", Kind::Wajib, -10_000, Some("2026-11"));
        undone.reverses = Some("w1".into());
        ledger.push(undone);
        assert_eq!(
            admit(&reversal, &ledger, "m", Kind::Wajib)
                .expect_err("again")
                .code,
            "savings.already_reversed"
        );
        assert_eq!(
            admit(&again, &ledger, "m", Kind::Wajib).map(|a| a.amount),
            Ok(10_000)
        );
        assert_eq!(balance(&ledger, "m", Kind::Wajib), 0);
    }
}
