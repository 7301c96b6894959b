//! The bendahara's form for one cash deposit or withdrawal. What is typed is kept as a draft on
//! every keystroke; "Simpan" checks it with the ledger's shared rules and writes a
//! `savings_entry` to the outbox, so it works without a signal. The server judges it again when
//! it arrives, against the ledger as it stands then.

use kopdes_domain::api::FieldError;
use kopdes_domain::savings::{self, Action, EntryInput, Kind, MemberBalances};
use kopdes_domain::sync::{Change, Operation};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::TextField;
use crate::device::use_store;
use crate::drafts::{self, Draft};
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::outbox::{self, Entry};
use crate::pages::savings_texts::{savings_words, texts};
use crate::session::account_id;

/// One draft per cooperative: a bendahara records one payment at a time.
pub fn draft_id(cooperative_id: &str) -> String {
    format!("savings-entry-{cooperative_id}")
}

/// The draft left on this phone, if any: the form reopens with it after a reload.
pub async fn find_draft(
    store: Option<crate::store::Store>,
    account: String,
    cooperative_id: &str,
) -> Option<EntryInput> {
    let draft = drafts::find(&store?, &account, &draft_id(cooperative_id))
        .await
        .ok()??;
    crate::json::decode(&draft.answers)
}

#[component]
pub fn SavingsEntryForm(
    cooperative_id: String,
    /// Everyone who may be paid for: active members, with the balances last seen.
    members: Vec<MemberBalances>,
    /// What the form opens with: a bill's payment, a refused entry to fix, or a draft.
    initial: EntryInput,
    /// A refused entry this one replaces, removed in the same transaction.
    replaces: Vec<Entry>,
    /// Called with `true` once the entry is on the phone, `false` when the person cancels.
    on_close: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let account = account_id();
    let form = FormState::new(i18n);
    let not_saved = RwSignal::new(false);
    let member = RwSignal::new(initial.member_id.clone());
    let kind = RwSignal::new(initial.kind);
    let action = RwSignal::new(initial.action);
    let amount = RwSignal::new(initial.amount.clone());
    let period = RwSignal::new(initial.period.clone().unwrap_or_default());
    let receipt = RwSignal::new(initial.receipt.clone());
    let recorded_on = RwSignal::new(initial.recorded_on.clone());
    let cooperative_id = StoredValue::new(cooperative_id);
    let known = StoredValue::new(members.clone());

    let typed = move || EntryInput {
        cooperative_id: cooperative_id.get_value(),
        member_id: member.get_untracked(),
        kind: kind.get_untracked(),
        action: action.get_untracked(),
        amount: amount.get_untracked(),
        period: Some(period.get_untracked()).filter(|p| !p.trim().is_empty()),
        receipt: receipt.get_untracked(),
        recorded_on: recorded_on.get_untracked(),
        reverses: None,
        note: String::new(),
    };

    // Every change goes to the draft: a reload or a dead battery loses nothing typed.
    {
        let (store, account) = (store.clone(), account.clone());
        Effect::new(move |first: Option<()>| {
            member.track();
            kind.track();
            action.track();
            amount.track();
            period.track();
            receipt.track();
            recorded_on.track();
            if first.is_none() {
                return;
            }
            let Some(store) = store.clone() else { return };
            let account = account.clone();
            let draft = Draft {
                id: draft_id(&cooperative_id.get_value()),
                form_id: "savings-entry".to_owned(),
                cooperative_id: cooperative_id.get_value(),
                unit_id: None,
                answers: serde_json::to_string(&typed()).unwrap_or_default(),
                updated_at: js_sys::Date::now(),
            };
            spawn_local(async move {
                let _ = drafts::save(&store, &account, &draft).await;
            });
        });
    }
    // Only sukarela is withdrawn; switching to pokok or wajib makes it a deposit again.
    Effect::new(move |_| {
        if !kind.get().withdrawable() && action.get_untracked() == Action::Withdrawal {
            action.set(Action::Deposit);
        }
    });

    let submit = {
        let (store, account) = (store.clone(), account.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !form.begin() {
                return;
            }
            not_saved.set(false);
            let input = typed();
            let mut errors = Vec::new();
            if input.member_id.is_empty() {
                errors.push(FieldError::new("member_id", "required"));
            }
            let checked = input.parse(crate::clock::today());
            if let Err(fields) = &checked {
                errors.extend(fields.iter().cloned());
            }
            // The balance this phone last saw: a withdrawal it cannot cover is refused here;
            // one it can may still lose to another phone's, and the server says so.
            if let Ok(new) = &checked
                && new.action == Action::Withdrawal
            {
                let balance = known.with_value(|all| {
                    all.iter()
                        .find(|m| m.member_id == input.member_id)
                        .map_or(0, |m| m.balances.of(input.kind))
                });
                if !savings::covers(balance, new.amount) {
                    errors.push(FieldError::new("amount", "savings.insufficient"));
                }
            }
            if !errors.is_empty() {
                return form.invalid(errors);
            }
            let op = Operation {
                id: outbox::new_id(),
                record_id: outbox::new_id(),
                base_version: None,
                change: Change::SavingsEntry(input),
            };
            let entry = Entry::new(&account, &op);
            let (store, account, replaces) = (store.clone(), account.clone(), replaces.clone());
            form.sending();
            spawn_local(async move {
                let draft = draft_id(&cooperative_id.get_value());
                let written = match &store {
                    Some(store) => outbox::write_settling(
                        store,
                        &replaces,
                        Some(entry),
                        Some((&account, &draft)),
                    )
                    .await
                    .is_ok(),
                    None => false,
                };
                form.done();
                if written {
                    on_close.run(true);
                } else {
                    not_saved.set(true);
                }
            });
        }
    };
    let cancel = {
        let (store, account) = (store.clone(), account.clone());
        move |_| {
            if let Some(store) = store.clone() {
                let account = account.clone();
                spawn_local(async move {
                    let _ =
                        drafts::discard(&store, &account, &draft_id(&cooperative_id.get_value()))
                            .await;
                });
            }
            on_close.run(false);
        }
    };

    let member_error = form.error_in("member_id", savings_words);
    let kind_error = form.error_in("kind", savings_words);
    let options = members
        .into_iter()
        .map(|m| {
            let id = m.member_id.clone();
            view! { <option value=id.clone() selected=move || member.get() == id>{m.name}</option> }
        })
        .collect_view();
    let kinds = [Kind::Pokok, Kind::Wajib, Kind::Sukarela].map(|k| {
        view! {
            <option value=k.as_str() selected=move || kind.get() == k>
                {move || texts(i18n.lang.get()).kind(k)}
            </option>
        }
    });

    view! {
        <form class="form card" on:submit=submit novalidate=true data-testid="savings-entry-form">
            <div class="field" class:field-invalid=move || member_error.get().is_some()>
                <label for="field-member_id">{tr_in(texts, |t| t.member)}</label>
                <select id="field-member_id" data-testid="input-member_id"
                    on:change=move |ev| { member.set(event_target_value(&ev)); form.edited("member_id"); }>
                    <option value="" selected=move || member.get().is_empty()>{tr_in(texts, |t| t.choose)}</option>
                    {options}
                </select>
                {move || member_error.get().map(|e| view! { <p class="field-error" data-testid="error-member_id">{e}</p> })}
            </div>
            <div class="field" class:field-invalid=move || kind_error.get().is_some()>
                <label for="field-kind">{tr_in(texts, |t| t.kind)}</label>
                <select id="field-kind" data-testid="input-kind"
                    on:change=move |ev| {
                        if let Some(k) = Kind::parse(&event_target_value(&ev)) { kind.set(k) }
                        form.edited("kind");
                    }>
                    {kinds}
                </select>
                {move || kind_error.get().map(|e| view! { <p class="field-error" data-testid="error-kind">{e}</p> })}
            </div>
            {move || kind.get().withdrawable().then(|| view! {
                <fieldset class="field choices" data-testid="input-action">
                    <legend>{tr_in(texts, |t| t.action)}</legend>
                    {[Action::Deposit, Action::Withdrawal].map(|a| view! {
                        <label class="choice-option">
                            <input type="radio" name="action" value=if a == Action::Deposit { "deposit" } else { "withdrawal" }
                                prop:checked=move || action.get() == a
                                on:change=move |_| { action.set(a); form.edited("amount"); }/>
                            {move || texts(i18n.lang.get()).action(a)}
                        </label>
                    })}
                </fieldset>
            })}
            <TextField name="amount" label=tr_in(texts, |t| t.amount) hint=tr_in(texts, |t| t.amount_hint)
                value=amount error=form.error_in("amount", savings_words) inputmode="numeric"/>
            {move || (kind.get() == Kind::Wajib).then(|| view! {
                <TextField name="period" label=tr_in(texts, |t| t.bill_period) hint=tr_in(texts, |t| t.bill_period_hint)
                    value=period error=form.error_in("period", savings_words)/>
            })}
            <TextField name="receipt" label=tr_in(texts, |t| t.receipt) hint=tr_in(texts, |t| t.receipt_hint)
                value=receipt error=form.error_in("receipt", savings_words)/>
            <TextField name="recorded_on" label=tr_in(texts, |t| t.recorded_on) value=recorded_on
                error=form.error_in("recorded_on", savings_words) input_type="date"/>
            {move || not_saved.get().then(|| view! {
                <p class="form-error" role="alert">{tr_in(texts, |t| t.not_saved)}</p>
            })}
            <div class="row-actions">
                <button type="submit" class="button" data-testid="savings-entry-save"
                    disabled=move || form.pending.get()>{tr_in(texts, |t| t.save)}</button>
                <button type="button" class="button button-light" data-testid="savings-entry-cancel"
                    on:click=cancel>{tr_in(texts, |t| t.cancel)}</button>
            </div>
        </form>
    }
}
