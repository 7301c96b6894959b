//! `/koperasi/{id}/simpanan`: the cooperative's savings for its pengurus and pengawas. The
//! month's bills with a "record payment" for each, cash deposits and withdrawals recorded
//! offline through the outbox, the phone's records still waiting (or refused, with why), totals
//! that reconcile, and the savings products. Pengawas read all of it and change nothing.

use kopdes_domain::format;
use kopdes_domain::savings::{
    Action, Bill, EntryInput, Kind, Overview, Period, Product, ProductInput, period_of,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::clock::today;
use crate::components::{KeptNotice, TextField};
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::outbox::{Entry, EntryState};
use crate::pages::savings_entry_form::{SavingsEntryForm, find_draft};
use crate::pages::savings_pending::{PendingSavings, use_pending};
use crate::pages::savings_texts::{savings_words, texts};
use crate::session::use_session;
use crate::sync::SyncNews;

/// What the entry form opens with, and the refused record it replaces.
#[derive(Clone)]
struct Opened {
    initial: EntryInput,
    replaces: Vec<Entry>,
}

fn blank(cooperative_id: &str) -> EntryInput {
    EntryInput {
        cooperative_id: cooperative_id.to_owned(),
        member_id: String::new(),
        kind: Kind::Sukarela,
        action: Action::Deposit,
        amount: String::new(),
        period: None,
        receipt: String::new(),
        recorded_on: today().to_string(),
        reverses: None,
        note: String::new(),
    }
}

fn this_month() -> String {
    period_of(today(), Period::Monthly)
}

#[component]
pub fn SavingsPage(id: String) -> impl IntoView {
    let reader = use_reader();
    let news = expect_context::<SyncNews>().0;
    let (is_pengurus, is_pengawas) = use_session().me.with_untracked(|me| {
        me.as_ref().map_or((false, false), |m| {
            (
                m.is_pengurus_of(&id),
                m.has_role_in(&id, kopdes_domain::account::Role::Pengawas),
            )
        })
    });
    let month = RwSignal::new(this_month());
    let loaded = RwSignal::new(None::<Result<Loaded<Overview>, ApiFailure>>);
    {
        let id = id.clone();
        Effect::new(move |_| {
            news.track();
            let path = format!("/api/cooperatives/{id}/savings?month={}", month.get());
            let reader = reader.clone();
            spawn_local(async move {
                let answer = reader.get::<Overview>(&path).await;
                // A refresh that fails offline keeps what is shown (and its "as of").
                if answer.is_ok() || !matches!(loaded.get_untracked(), Some(Ok(_))) {
                    loaded.set(Some(answer));
                }
            });
        });
    }
    let pending = if is_pengurus {
        use_pending(id.clone(), None)
    } else {
        RwSignal::new(Vec::new())
    };
    let opened = RwSignal::new(None::<Opened>);
    // A payment being typed before a reload opens again as it was left.
    if is_pengurus {
        let id = id.clone();
        let (store, account) = (crate::device::use_store(), crate::session::account_id());
        spawn_local(async move {
            if let Some(initial) = find_draft(store, account, &id).await {
                opened.set(Some(Opened {
                    initial,
                    replaces: Vec::new(),
                }));
            }
        });
    }
    let notice = RwSignal::new(false);
    let on_close = Callback::new(move |saved: bool| {
        opened.set(None);
        notice.set(saved);
        news.update(|n| *n += 1);
    });
    let cooperative_id = StoredValue::new(id.clone());
    let start = move |mut initial: EntryInput| {
        initial.cooperative_id = cooperative_id.get_value();
        notice.set(false);
        opened.set(Some(Opened {
            initial,
            replaces: Vec::new(),
        }));
    };
    let on_fix = Callback::new(move |(entry, input): (Entry, EntryInput)| {
        notice.set(false);
        opened.set(Some(Opened {
            initial: input,
            replaces: vec![entry],
        }));
    });

    // The form stays out of the answer's re-rendering: a sync landing while a payment is typed
    // must not rebuild it.
    let active_members = move || {
        loaded.with_untracked(|l| match l {
            Some(Ok(l)) => l
                .value
                .members
                .iter()
                .filter(|m| m.active)
                .cloned()
                .collect(),
            _ => Vec::new(),
        })
    };
    let entry_form = move || {
        match opened.get() {
        Some(Opened { initial, replaces }) => view! {
            <SavingsEntryForm cooperative_id=cooperative_id.get_value() members=active_members()
                initial replaces on_close/>
        }
        .into_any(),
        None if is_pengurus && matches!(loaded.get(), Some(Ok(_))) => view! {
            <button type="button" class="button savings-record" data-testid="savings-record"
                on:click=move |_| start(blank(&cooperative_id.get_value()))>{tr_in(texts, |t| t.record)}</button>
        }
        .into_any(),
        None => ().into_any(),
    }
    };
    let page = move || {
        match loaded.get() {
        None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
        Some(Err(_)) => view! {
            <p class="form-error" role="alert" data-testid="load-failed">{tr_in(texts, |t| t.failed)}</p>
        }
        .into_any(),
        Some(Ok(Loaded { value, kept_at })) => {
            let names: Vec<(String, String)> = value
                .members
                .iter()
                .map(|m| (m.member_id.clone(), m.name.clone()))
                .collect();
            view! {
                <KeptNotice kept_at/>
                // Shown while this phone holds records the server has not taken.
                {move || (is_pengurus && !pending.with(Vec::is_empty)).then(|| view! {
                    <h2>{tr_in(texts, |t| t.waiting)}</h2>
                    <PendingSavings pending names=names.clone() on_fix/>
                })}
                <BillsCard bills=value.bills.clone() products=value.products.clone() is_pengurus pending start
                    month=value.month.clone()/>
                <Summary overview=value.clone()/>
                <ProductsCard cooperative_id=cooperative_id.get_value() products=value.products.clone() is_pengurus/>
                <MembersTable cooperative_id=cooperative_id.get_value() overview=value/>
            }
            .into_any()
        }
    }
    };

    view! {
        <p><A href=format!("/koperasi/{id}")>{tr_in(texts, |t| t.back)}</A></p>
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p class="hint">{tr_in(texts, |t| t.intro)}</p>
        {(is_pengawas && !is_pengurus).then(|| view! {
            <p class="status" data-testid="savings-read-only">{tr_in(texts, |t| t.read_only)}</p>
        })}
        {move || notice.get().then(|| view! {
            <p class="status" role="status" data-testid="savings-saved">{tr_in(texts, |t| t.saved)}</p>
        })}
        <div class="field">
            <label for="field-month">{tr_in(texts, |t| t.month)}</label>
            <input id="field-month" type="month" data-testid="input-month" prop:value=move || month.get()
                on:change=move |ev| {
                    let picked = event_target_value(&ev);
                    if kopdes_domain::savings::month_end(&picked).is_some() { month.set(picked) }
                }/>
        </div>
        {entry_form}
        {page}
    }
}

#[component]
fn BillsCard(
    bills: Vec<Bill>,
    products: Vec<Product>,
    is_pengurus: bool,
    pending: RwSignal<Vec<(Entry, EntryInput)>>,
    start: impl Fn(EntryInput) + Copy + Send + Sync + 'static,
    month: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let products = StoredValue::new(products);
    let list = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        if bills.is_empty() {
            return view! { <p class="hint" data-testid="bills-none">{t.bills_none}</p> }
                .into_any();
        }
        let queued = pending.get();
        view! {
            <ul class="list" data-testid="bills">
                {bills.iter().map(|bill| {
                    // A payment recorded on this phone, not yet sent (or refused), is shown as such.
                    let recorded = queued.iter().any(|(e, i)| {
                        e.state == EntryState::Queued && i.member_id == bill.member_id && i.kind == bill.kind
                            && i.action == Action::Deposit && (bill.kind == Kind::Pokok || i.period == bill.period)
                    });
                    let period = bill.period.clone();
                    let pay = bill.clone();
                    view! {
                        <li data-testid="bill" data-kind=bill.kind.as_str()>
                            <strong data-testid="bill-member">{bill.member_name.clone()}</strong>
                            <p>{t.kind(bill.kind)} {period.map(|p| format!(" · {p}"))} " · " {format::rupiah(bill.amount, lang)}</p>
                            {if recorded {
                                view! { <p class="status" data-testid="bill-recorded">{t.recorded_waiting}</p> }.into_any()
                            } else if is_pengurus {
                                view! {
                                    <button type="button" class="button button-light" data-testid="bill-pay"
                                        on:click=move |_| start(EntryInput {
                                            cooperative_id: String::new(),
                                            member_id: pay.member_id.clone(),
                                            kind: pay.kind,
                                            action: Action::Deposit,
                                            amount: format::integer(pay.amount.unsigned_abs(), kopdes_domain::Lang::Id),
                                            period: pay.period.clone().or_else(|| {
                                                products.with_value(|all| all.iter().find(|p| p.kind == pay.kind).and_then(|p| p.period))
                                                    .map(|each| period_of(today(), each))
                                            }),
                                            receipt: String::new(),
                                            recorded_on: today().to_string(),
                                            reverses: None,
                                            note: String::new(),
                                        })>{t.record_payment}</button>
                                }.into_any()
                            } else {
                                ().into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    view! {
        <h2>{tr_in(texts, |t| t.bills)} " (" {month} ")"</h2>
        {list}
    }
}

#[component]
fn Summary(overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let closing = overview.opening.total() + overview.movement.net();
        view! {
            <section class="card" data-testid="savings-summary">
                <h2>{t.balances}</h2>
                <dl class="facts">
                    <dt>{t.pokok}</dt><dd data-testid="total-pokok">{format::rupiah(overview.totals.pokok, lang)}</dd>
                    <dt>{t.wajib}</dt><dd data-testid="total-wajib">{format::rupiah(overview.totals.wajib, lang)}</dd>
                    <dt>{t.sukarela}</dt><dd data-testid="total-sukarela">{format::rupiah(overview.totals.sukarela, lang)}</dd>
                    <dt>{t.total}</dt><dd data-testid="total-all">{format::rupiah(overview.totals.total(), lang)}</dd>
                </dl>
                <h3>{t.movement} " (" {overview.month.clone()} ")"</h3>
                <dl class="facts" data-testid="savings-movement">
                    <dt>{t.opening}</dt><dd>{format::rupiah(overview.opening.total(), lang)}</dd>
                    <dt>{t.deposits}</dt><dd data-testid="movement-deposits">{format::rupiah(overview.movement.deposits, lang)}</dd>
                    <dt>{t.withdrawals}</dt><dd data-testid="movement-withdrawals">{format::rupiah(overview.movement.withdrawals, lang)}</dd>
                    <dt>{t.reversals}</dt><dd data-testid="movement-reversals">{format::rupiah(overview.movement.reversals, lang)}</dd>
                    <dt>{t.closing}</dt><dd data-testid="movement-closing">{format::rupiah(closing, lang)}</dd>
                </dl>
            </section>
        }
    }
}

#[component]
fn ProductsCard(
    cooperative_id: String,
    products: Vec<Product>,
    is_pengurus: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(products);
    let editing = RwSignal::new(None::<Kind>);
    let cooperative_id = StoredValue::new(cooperative_id);
    let describe = move |kind: Kind| {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let product = shown.with(|all| all.iter().find(|p| p.kind == kind).copied());
        match (kind, product) {
            (Kind::Sukarela, _) => t.free.to_owned(),
            (_, None) => t.not_set.to_owned(),
            (Kind::Pokok, Some(p)) => format!(
                "{} · {}",
                format::rupiah(p.amount.unwrap_or(0), lang),
                t.once
            ),
            (_, Some(p)) => format!(
                "{} · {}",
                format::rupiah(p.amount.unwrap_or(0), lang),
                p.period.map(|e| t.period(e)).unwrap_or_default()
            ),
        }
    };
    view! {
        <section class="card" data-testid="savings-products">
            <h2>{tr_in(texts, |t| t.products)}</h2>
            <ul class="list">
                {[Kind::Pokok, Kind::Wajib, Kind::Sukarela].map(|kind| view! {
                    <li data-testid="savings-product" data-kind=kind.as_str()>
                        <strong>{move || texts(i18n.lang.get()).kind(kind)}</strong>
                        <p data-testid="savings-product-terms">{move || describe(kind)}</p>
                        {move || match (is_pengurus && kind.billed(), editing.get() == Some(kind)) {
                            (true, true) => view! {
                                <ProductForm cooperative_id=cooperative_id.get_value() kind shown editing/>
                            }.into_any(),
                            (true, false) => view! {
                                <button type="button" class="button button-light" data-testid="savings-product-edit"
                                    on:click=move |_| editing.set(Some(kind))>{tr_in(texts, |t| t.change)}</button>
                            }.into_any(),
                            _ => ().into_any(),
                        }}
                    </li>
                })}
            </ul>
        </section>
    }
}

#[component]
fn ProductForm(
    cooperative_id: String,
    kind: Kind,
    shown: RwSignal<Vec<Product>>,
    editing: RwSignal<Option<Kind>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    let current = shown.with_untracked(|all| all.iter().find(|p| p.kind == kind).copied());
    let amount = RwSignal::new(
        current
            .and_then(|p| p.amount)
            .map(|a| format::integer(a.unsigned_abs(), kopdes_domain::Lang::Id))
            .unwrap_or_default(),
    );
    let period = RwSignal::new(current.and_then(|p| p.period).unwrap_or(Period::Monthly));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let input = ProductInput {
            amount: amount.get_untracked(),
            period: (kind == Kind::Wajib).then(|| period.get_untracked()),
        };
        if let Err(errors) = input.parse(kind) {
            return form.invalid(errors);
        }
        let cooperative_id = cooperative_id.clone();
        form.sending();
        spawn_local(async move {
            match api::set_savings_product(&cooperative_id, kind, &input).await {
                Ok(product) => {
                    form.done();
                    shown.update(|all| {
                        all.retain(|p| p.kind != kind);
                        all.push(product);
                    });
                    editing.set(None);
                }
                Err(failure) => form.failed(failure),
            }
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate=true data-testid="savings-product-form">
            <TextField name="product_amount" label=tr_in(texts, |t| t.amount) hint=tr_in(texts, |t| t.amount_hint)
                value=amount error=form.error_in("amount", savings_words) inputmode="numeric"/>
            {(kind == Kind::Wajib).then(|| view! {
                <fieldset class="field choices" data-testid="input-product-period">
                    <legend>{tr_in(texts, |t| t.period)}</legend>
                    {[Period::Monthly, Period::Yearly].map(|p| view! {
                        <label class="choice-option">
                            <input type="radio" name="product-period" prop:checked=move || period.get() == p
                                on:change=move |_| period.set(p)/>
                            {move || texts(i18n.lang.get()).period(p)}
                        </label>
                    })}
                </fieldset>
            })}
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            <div class="row-actions">
                <button type="submit" class="button" data-testid="savings-product-save"
                    disabled=move || form.pending.get()>{tr_in(texts, |t| t.save)}</button>
                <button type="button" class="button button-light"
                    on:click=move |_| editing.set(None)>{tr_in(texts, |t| t.cancel)}</button>
            </div>
        </form>
    }
}

#[component]
fn MembersTable(cooperative_id: String, overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        view! {
            <h2>{t.members}</h2>
            <ul class="list" data-testid="savings-members">
                {overview.members.iter().map(|m| {
                    let href = format!("/koperasi/{}/anggota/{}", cooperative_id, m.member_id);
                    let name = m.name.clone();
                    view! {
                    <li data-testid="savings-member">
                        <A href=href>{name}</A>
                        {(!m.active).then(|| view! { <span class="badge">{t.left}</span> })}
                        <p class="hint">
                            {format!("{} {} · {} {} · {} {}",
                                t.pokok, format::rupiah(m.balances.pokok, lang),
                                t.wajib, format::rupiah(m.balances.wajib, lang),
                                t.sukarela, format::rupiah(m.balances.sukarela, lang))}
                        </p>
                        <p data-testid="savings-member-total"><strong>{format::rupiah(m.balances.total(), lang)}</strong></p>
                    </li>
                }}).collect_view()}
            </ul>
        }
    }
}
