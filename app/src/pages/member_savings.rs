//! One member's savings: balances and the ledger, newest first. The member reads their own
//! ("Simpanan saya"), the officers their members'; the copy is kept on the phone, so it opens
//! offline with its date. A pengurus corrects a mistaken record here with a reversing entry
//! (the ledger is never edited), written to the outbox like any other record.

use kopdes_domain::format;
use kopdes_domain::savings::{Action, Entry as Line, EntryInput, MemberSavings};
use kopdes_domain::sync::{Change, Operation};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::{KeptNotice, TextField};
use crate::device::use_store;
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::outbox::{self, Entry};
use crate::pages::savings_pending::{PendingSavings, use_pending};
use crate::pages::savings_texts::{savings_words, texts};
use crate::session::account_id;
use crate::sync::SyncNews;

/// History lines shown before "show all".
const SHOWN: usize = 10;

#[component]
pub fn MemberSavingsCard(
    cooperative_id: String,
    member_id: String,
    /// The heading: "Simpanan saya" for the member, "Riwayat simpanan" for officers.
    mine: bool,
    /// A pengurus may record corrections; everyone else reads.
    can_correct: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let news = expect_context::<SyncNews>().0;
    let loaded = RwSignal::new(None::<Result<Loaded<MemberSavings>, ()>>);
    let path = format!("/api/members/{member_id}/savings");
    Effect::new(move |_| {
        news.track();
        let (reader, path) = (reader.clone(), path.clone());
        spawn_local(async move {
            let result = reader.get::<MemberSavings>(&path).await.map_err(|_| ());
            // A failed refresh keeps what is on the screen.
            if result.is_ok() || loaded.with_untracked(Option::is_none) {
                loaded.set(Some(result));
            }
        });
    });
    let pending = can_correct.then(|| use_pending(cooperative_id.clone(), Some(member_id.clone())));
    let correcting = RwSignal::new(None::<String>);
    // A year of monthly wajib is a long list on a phone: the newest first, the rest on request.
    let show_all = RwSignal::new(false);
    let cooperative_id = StoredValue::new(cooperative_id);
    let member_id = StoredValue::new(member_id);

    let body = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        match loaded.get() {
            None => view! { <p class="status">{t.loading}</p> }.into_any(),
            Some(Err(())) => view! { <p class="form-error" role="alert">{t.failed}</p> }.into_any(),
            Some(Ok(Loaded { value, kept_at })) => {
                let total = value.pokok + value.wajib + value.sukarela;
                let count = value.entries.len();
                let shown = if show_all.get() {
                    count
                } else {
                    count.min(SHOWN)
                };
                let lines: Vec<Line> = value.entries.iter().rev().take(shown).cloned().collect();
                let savings = StoredValue::new(value.clone());
                view! {
                    <KeptNotice kept_at/>
                    <dl class="facts" data-testid="savings-balances">
                        <dt>{t.pokok}</dt><dd data-testid="balance-pokok">{format::rupiah(value.pokok, lang)}</dd>
                        <dt>{t.wajib}</dt><dd data-testid="balance-wajib">{format::rupiah(value.wajib, lang)}</dd>
                        <dt>{t.sukarela}</dt><dd data-testid="balance-sukarela">{format::rupiah(value.sukarela, lang)}</dd>
                        <dt>{t.total}</dt><dd data-testid="balance-total">{format::rupiah(total, lang)}</dd>
                    </dl>
                    <h4>{t.history}</h4>
                    {if lines.is_empty() {
                        view! { <p class="hint" data-testid="savings-history-none">{t.history_none}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="list" data-testid="savings-history">
                                {lines.into_iter().map(|line| {
                                    let reversed = savings.with_value(|s| s.is_reversed(&line.id));
                                    let corrected = line.reverses.as_ref().and_then(|id| {
                                        savings.with_value(|s| s.entries.iter().find(|e| &e.id == id).cloned())
                                    });
                                    let queued = pending.is_some_and(|p| p.with(|all| {
                                        all.iter().any(|(_, i)| i.reverses.as_deref() == Some(line.id.as_str()))
                                    }));
                                    let correctable = can_correct && !reversed && !queued && line.reverses.is_none();
                                    let id = line.id.clone();
                                    let for_form = line.clone();
                                    let action = match (&line.reverses, line.amount < 0) {
                                        (Some(_), _) => Action::Reversal,
                                        (None, true) => Action::Withdrawal,
                                        (None, false) => Action::Deposit,
                                    };
                                    view! {
                                        <li data-testid="savings-line" data-kind=line.kind.as_str() class:muted=reversed>
                                            <strong>{format::rupiah(line.amount, lang)}</strong>
                                            " · " {t.kind(line.kind)} " · " {t.action(action)}
                                            {reversed.then(|| view! { <span class="badge" data-testid="savings-line-reversed">{t.reversed}</span> })}
                                            <p class="hint">
                                                {format::date(line.recorded_on, lang)}
                                                {line.period.clone().map(|p| format!(" · {p}"))}
                                                {(!line.receipt.is_empty()).then(|| format!(" · {} {}", t.receipt_no, line.receipt))}
                                                " · " {t.by} " " {line.recorded_by.clone()}
                                            </p>
                                            {corrected.map(|c| view! {
                                                <p class="hint">{t.correction_of} " " {format::date(c.recorded_on, lang)} " · " {c.receipt.clone()} ": " {line.note.clone()}</p>
                                            })}
                                            {move || correctable.then(|| {
                                                let id = id.clone();
                                                if correcting.get().as_deref() == Some(id.as_str()) {
                                                    view! { <CorrectionForm line=for_form.clone() cooperative_id=cooperative_id.get_value() member_id=member_id.get_value() correcting pending/> }.into_any()
                                                } else {
                                                    view! {
                                                        <button type="button" class="link-button" data-testid="savings-line-correct"
                                                            on:click=move |_| correcting.set(Some(id.clone()))>{texts(i18n.lang.get()).reverse}</button>
                                                    }.into_any()
                                                }
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {(shown < count).then(|| view! {
                                <button type="button" class="link-button" data-testid="savings-history-all"
                                    on:click=move |_| show_all.set(true)>{t.show_all} " (" {count} ")"</button>
                            })}
                        }.into_any()
                    }}
                }.into_any()
            }
        }
    };

    view! {
        <section class="card" data-testid="member-savings">
            <h3>{move || { let t = texts(i18n.lang.get()); if mine { t.mine_title } else { t.balances } }}</h3>
            {body}
            {pending.map(|pending| view! {
                <h4>{tr_in(texts, |t| t.waiting)}</h4>
                <PendingSavings pending names=Vec::new()/>
            })}
        </section>
    }
}

/// The reason for a correction, and the reversing entry it becomes.
#[component]
fn CorrectionForm(
    line: Line,
    cooperative_id: String,
    member_id: String,
    correcting: RwSignal<Option<String>>,
    /// The phone's records, where the correction shows at once as waiting.
    pending: Option<RwSignal<Vec<(Entry, EntryInput)>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let account = account_id();
    let form = FormState::new(i18n);
    let note = RwSignal::new(String::new());
    let not_saved = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let input = EntryInput {
            cooperative_id: cooperative_id.clone(),
            member_id: member_id.clone(),
            kind: line.kind,
            action: Action::Reversal,
            amount: String::new(),
            period: None,
            receipt: String::new(),
            recorded_on: crate::clock::today().to_string(),
            reverses: Some(line.id.clone()),
            note: note.get_untracked(),
        };
        if let Err(errors) = input.parse(crate::clock::today()) {
            return form.invalid(errors);
        }
        let op = Operation {
            id: outbox::new_id(),
            record_id: outbox::new_id(),
            base_version: None,
            change: Change::SavingsEntry(input.clone()),
        };
        let entry = Entry::new(&account, &op);
        let shown = entry.clone();
        let store = store.clone();
        form.sending();
        spawn_local(async move {
            let written = match &store {
                Some(store) => outbox::write(store, &[], Some(entry)).await.is_ok(),
                None => false,
            };
            form.done();
            if written {
                if let Some(pending) = pending {
                    pending.update(|all| all.push((shown, input)));
                }
                correcting.set(None);
            } else {
                not_saved.set(true);
            }
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate=true data-testid="savings-correction-form">
            <TextField name="note" label=tr_in(texts, |t| t.note) hint=tr_in(texts, |t| t.note_hint)
                value=note error=form.error_in("note", savings_words)/>
            {move || not_saved.get().then(|| view! {
                <p class="form-error" role="alert">{tr_in(texts, |t| t.not_saved)}</p>
            })}
            <div class="row-actions">
                <button type="submit" class="button" data-testid="savings-correction-save"
                    disabled=move || form.pending.get()>{tr_in(texts, |t| t.reverse_confirm)}</button>
                <button type="button" class="button button-light"
                    on:click=move |_| correcting.set(None)>{tr_in(texts, |t| t.cancel)}</button>
            </div>
        </form>
    }
}
