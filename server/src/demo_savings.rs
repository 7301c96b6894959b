//! Demo savings for Cangkuang Wetan: the products its members' meeting set, and a ledger from
//! the members' joining (17 Aug 2025) to today, with the gaps a real cooperative has: one member
//! who has not paid pokok, two behind on wajib, most of this month still owing, a withdrawal
//! and a corrected mistake. Every entry goes through the ledger's own checks, as on sync.

use kopdes_domain::date::Date;
use kopdes_domain::savings::{Action, Entry, EntryInput, Kind, Period, Product, admit, period_of};

use crate::clock::today;
use crate::db::Db;
use crate::{savings, seed};

pub const DATA_SET: &str = "demo:v6-savings";

const POKOK: i64 = 100_000;
const WAJIB: i64 = 25_000;

/// One entry as a bendahara would type it.
struct Typed {
    member: usize,
    kind: Kind,
    action: Action,
    amount: i64,
    period: Option<String>,
    on: Date,
    reverses: Option<usize>,
}

fn typed(member: usize, kind: Kind, action: Action, amount: i64, on: Date) -> Typed {
    Typed {
        member,
        kind,
        action,
        amount,
        period: None,
        on,
        reverses: None,
    }
}

/// The first day of each month from `from` up to and including `until`'s month.
fn months(from: Date, until: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let (mut year, mut month) = (from.year(), from.month());
    while (year, month) <= (until.year(), until.month()) {
        if let Ok(day) = Date::new(year, month, 1) {
            out.push(day);
        }
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    out
}

fn ledger_plan(joined: Date, today: Date, members: usize) -> Vec<Typed> {
    let mut plan = Vec::new();
    // Agus Salim, the last member, has not paid his pokok yet.
    for member in 0..members.saturating_sub(1) {
        plan.push(typed(member, Kind::Pokok, Action::Deposit, POKOK, joined));
    }
    let all = months(joined, today);
    for (n, first) in all.iter().enumerate() {
        let this_month = n + 1 == all.len();
        for member in 0..members {
            // Entis and Imas stopped paying two months ago; this month only three have paid.
            let behind = (member == 5 || member == 6) && n + 3 > all.len();
            if behind || (this_month && member > 2) {
                continue;
            }
            let on = Date::new(first.year(), first.month(), 10)
                .unwrap_or(*first)
                .max(joined)
                .min(today);
            plan.push(Typed {
                period: Some(period_of(*first, Period::Monthly)),
                ..typed(member, Kind::Wajib, Action::Deposit, WAJIB, on)
            });
        }
    }
    let ago = |days: i64| Date::in_wib(crate::clock::now_millis() - days * 24 * 3600 * 1000);
    plan.push(typed(0, Kind::Sukarela, Action::Deposit, 50_000, ago(120)));
    plan.push(typed(0, Kind::Sukarela, Action::Deposit, 50_000, ago(60)));
    plan.push(typed(
        0,
        Kind::Sukarela,
        Action::Withdrawal,
        30_000,
        ago(20),
    ));
    plan.push(typed(1, Kind::Sukarela, Action::Deposit, 200_000, ago(45)));
    plan.push(typed(3, Kind::Sukarela, Action::Deposit, 75_000, ago(30)));
    // Written under the wrong member, then corrected.
    plan.push(typed(4, Kind::Sukarela, Action::Deposit, 40_000, ago(10)));
    let mistake = plan.len() - 1;
    plan.push(typed(2, Kind::Sukarela, Action::Deposit, 40_000, ago(10)));
    plan.push(Typed {
        reverses: Some(mistake),
        ..typed(4, Kind::Sukarela, Action::Reversal, 0, ago(9))
    });
    plan
}

#[tracing::instrument(name = "demo.savings", skip_all)]
pub async fn load(db: &Db) -> anyhow::Result<bool> {
    let mut tx = db.writer.begin().await?;
    if !seed::claim(&mut tx, DATA_SET).await? {
        return Ok(false);
    }
    let (cooperative_id, recorder) = crate::demo::cangkuang_wetan_chair(&mut tx).await?;
    // In the order of the demo's member list, which the plan's numbers refer to.
    let mut member_ids = Vec::new();
    for (_, name, _) in crate::demo::MEMBERS {
        let id: String =
            sqlx::query_scalar("SELECT id FROM members WHERE cooperative_id = $1 AND name = $2")
                .bind(&cooperative_id)
                .bind(name)
                .fetch_one(&mut *tx)
                .await?;
        member_ids.push(id);
    }
    let products = [
        Product {
            kind: Kind::Pokok,
            amount: Some(POKOK),
            period: None,
        },
        Product {
            kind: Kind::Wajib,
            amount: Some(WAJIB),
            period: Some(Period::Monthly),
        },
        Product {
            kind: Kind::Sukarela,
            amount: None,
            period: None,
        },
    ];
    for product in &products {
        savings::set_product(&mut tx, &cooperative_id, product, &recorder).await?;
    }
    let today = today();
    let mut ledger: Vec<Entry> = Vec::new();
    for (n, step) in ledger_plan(Date::new(2025, 8, 17)?, today, member_ids.len())
        .into_iter()
        .enumerate()
    {
        let member_id = &member_ids[step.member];
        let input = EntryInput {
            cooperative_id: cooperative_id.clone(),
            member_id: member_id.clone(),
            kind: step.kind,
            action: step.action,
            amount: step.amount.to_string(),
            period: step.period,
            receipt: if step.action == Action::Reversal {
                String::new()
            } else {
                format!("KW-{}-{:03}", &step.on.to_string()[..7], n + 1)
            },
            recorded_on: step.on.to_string(),
            reverses: step.reverses.map(ledger_id),
            note: if step.action == Action::Reversal {
                "Salah anggota: setoran milik Yeni Marlina".to_owned()
            } else {
                String::new()
            },
        };
        let entry = input
            .parse(today)
            .map_err(|e| anyhow::anyhow!("demo savings entry {n} is invalid: {e:?}"))?;
        let admitted = admit(&entry, &ledger, member_id, step.kind)
            .map_err(|e| anyhow::anyhow!("demo savings entry {n} is refused: {e:?}"))?;
        let id = ledger_id(n);
        savings::take_account(&mut tx, member_id, step.kind).await?;
        savings::record(
            &mut tx,
            &id,
            &cooperative_id,
            member_id,
            step.kind,
            &entry,
            &admitted,
            &recorder,
        )
        .await?;
        ledger.push(Entry {
            id,
            member_id: member_id.clone(),
            kind: step.kind,
            amount: admitted.amount,
            period: admitted.period,
            receipt: entry.receipt,
            recorded_on: entry.recorded_on,
            recorded_by: recorder.clone(),
            reverses: entry.reverses,
            note: entry.note,
        });
    }
    tx.commit().await?;
    tracing::info!(
        set = DATA_SET,
        entries = ledger.len(),
        "loaded demo savings"
    );
    Ok(true)
}

/// Demo entry ids are fixed, so a demo on any machine has the same ledger.
fn ledger_id(n: usize) -> String {
    format!("00000000-0000-7000-8000-5a7100{n:06}")
}
