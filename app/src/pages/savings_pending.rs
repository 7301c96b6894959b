//! Savings records still on this phone: waiting to be sent, or refused by the server with its
//! reason (a withdrawal another phone got in first, a period already paid). A refused record
//! stays until the bendahara fixes or discards it; nothing typed disappears on its own.

use kopdes_domain::api::ErrorCode;
use kopdes_domain::format;
use kopdes_domain::savings::EntryInput;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::device::use_store;
use crate::i18n::use_i18n;
use crate::outbox::{self, Entry, EntryState};
use crate::pages::savings_texts::texts;
use crate::session::account_id;
use crate::sync::SyncNews;

/// The phone's savings records for a cooperative (or one member), oldest first; read again
/// whenever the engine reports news.
pub fn use_pending(
    cooperative_id: String,
    member_id: Option<String>,
) -> RwSignal<Vec<(Entry, EntryInput)>> {
    let pending = RwSignal::new(Vec::new());
    let store = use_store();
    let account = account_id();
    let news = expect_context::<SyncNews>().0;
    Effect::new(move |_| {
        news.track();
        let (store, account) = (store.clone(), account.clone());
        let (cooperative_id, member_id) = (cooperative_id.clone(), member_id.clone());
        spawn_local(async move {
            let Some(store) = store else { return };
            let list = outbox::entries(&store, &account)
                .await
                .unwrap_or_default()
                .into_iter()
                .filter_map(|e| e.savings_entry().map(|input| (e, input)))
                .filter(|(_, input)| input.cooperative_id == cooperative_id)
                .filter(|(_, input)| member_id.as_ref().is_none_or(|m| &input.member_id == m))
                .collect();
            pending.set(list);
        });
    });
    pending
}

#[component]
pub fn PendingSavings(
    pending: RwSignal<Vec<(Entry, EntryInput)>>,
    /// Member names by id, to say whose record it is.
    names: Vec<(String, String)>,
    /// Opens a refused record in the form; `None` where there is no form (a member's page).
    #[prop(optional)]
    on_fix: Option<Callback<(Entry, EntryInput)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let names = StoredValue::new(names);
    let discard = move |entry: Entry| {
        let Some(store) = store.clone() else { return };
        spawn_local(async move {
            if outbox::write(&store, std::slice::from_ref(&entry), None)
                .await
                .is_ok()
            {
                pending.update(|all| all.retain(|(e, _)| e.id != entry.id));
            }
        });
    };
    let discard = StoredValue::new(discard);
    move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let all = pending.get();
        if all.is_empty() {
            return view! { <p class="hint" data-testid="savings-pending-none">{t.waiting_none}</p> }
                .into_any();
        }
        view! {
            <ul class="list" data-testid="savings-pending">
                {all.into_iter().map(|(entry, input)| {
                    let refused = entry.state != EntryState::Queued;
                    let (code, fields) = entry.rejection().unwrap_or_default();
                    let why = refused.then(|| {
                        fields
                            .first()
                            .map(|f| t.savings_error(&f.code).unwrap_or_else(|| i18n.t().field_error(&f.code)))
                            .or_else(|| {
                                crate::json::decode::<ErrorCode>(&format!("\"{code}\""))
                                    .map(|c| i18n.t().error(c))
                            })
                            .unwrap_or_else(|| i18n.t().error(ErrorCode::Internal))
                    });
                    let who = names.with_value(|all| {
                        all.iter().find(|(id, _)| *id == input.member_id).map(|(_, n)| n.clone())
                    });
                    let amount = kopdes_domain::form::rupiah(&input.amount)
                        .map(|a| format::rupiah(a, lang))
                        .unwrap_or_else(|| input.amount.clone());
                    let (for_fix, for_discard) = ((entry.clone(), input.clone()), entry.clone());
                    view! {
                        <li data-testid="savings-pending-entry" data-state=if refused { "refused" } else { "queued" }>
                            <strong class:status-bad=refused>{if refused { t.refused } else { t.queued }}</strong>
                            <span class="hint">" · " {format::moment_wib(entry.made_at as i64, lang)}</span>
                            <p>
                                {who.map(|w| view! { <strong>{w}</strong> " · " })}
                                {t.kind(input.kind)} " · " {t.action(input.action)}
                                {(input.action != kopdes_domain::savings::Action::Reversal).then(|| format!(" · {amount}"))}
                                {input.period.clone().map(|p| format!(" · {p}"))}
                                {(!input.receipt.is_empty()).then(|| format!(" · {} {}", t.receipt_no, input.receipt))}
                            </p>
                            {why.map(|w| view! { <p class="status-bad" data-testid="savings-pending-reason">{w}</p> })}
                            {refused.then(move || view! {
                                <div class="row-actions">
                                    {on_fix.map(|fix| view! {
                                        <button type="button" class="button" data-testid="savings-pending-fix"
                                            on:click=move |_| fix.run(for_fix.clone())>{t.fix}</button>
                                    })}
                                    <button type="button" class="button button-light" data-testid="savings-pending-discard"
                                        on:click=move |_| discard.with_value(|d| d(for_discard.clone()))>{t.discard}</button>
                                </div>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    }
}
