//! `/koperasi/:id/formulir/:form`: filling in a form for a cooperative. Every change is saved
//! as a draft on the phone; "send" checks the answers with the form's own rules and moves the
//! draft into the outbox in one transaction. The page also lists what was sent and what waits.

use kopdes_domain::Lang;
use kopdes_domain::api::FieldError;
use kopdes_domain::form::{Answers, FormResponse, PublishedForm, StoredResponse, Subject};
use kopdes_domain::format;
use kopdes_domain::sync::{Change, Operation};
use kopdes_domain::unit::Unit;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::clock::today;
use crate::components::KeptNotice;
use crate::device::use_store;
use crate::drafts::{self, Draft};
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::outbox::{self, Entry, EntryState};
use crate::pages::form_fields::{FormFields, error_text};
use crate::session::account_id;
use crate::sync::SyncNews;

struct Texts {
    loading: &'static str,
    failed: &'static str,
    deadline: &'static str,
    history: &'static str,
    nothing_yet: &'static str,
    received: &'static str,
    late: &'static str,
    waiting: &'static str,
    attention: &'static str,
    drafts: &'static str,
    resume: &'static str,
    discard: &'static str,
    new_response: &'static str,
    unit: &'static str,
    choose_unit: &'static str,
    send: &'static str,
    draft_saving: &'static str,
    draft_saved: &'static str,
    draft_failed: &'static str,
    sent: &'static str,
    not_saved: &'static str,
    fix_errors: &'static str,
    fix: &'static str,
    close: &'static str,
}

const ID: Texts = Texts {
    loading: "Memuat formulir…",
    failed: "Formulir belum bisa dimuat dan belum tersimpan di ponsel. Buka lagi saat ada sinyal.",
    deadline: "Batas waktu",
    history: "Yang sudah dikirim",
    nothing_yet: "Belum ada.",
    received: "diterima server",
    late: "terlambat",
    waiting: "menunggu dikirim",
    attention: "ditolak server: perbaiki",
    drafts: "Draf di ponsel ini",
    resume: "Lanjutkan",
    discard: "Buang draf",
    new_response: "Isi formulir baru",
    unit: "Gerai",
    choose_unit: "Pilih gerai",
    send: "Kirim",
    draft_saving: "Menyimpan draf di ponsel…",
    draft_saved: "Draf tersimpan di ponsel.",
    draft_failed: "Draf GAGAL disimpan di ponsel. Jangan tutup halaman ini; kosongkan memori lalu ubah isian lagi.",
    sent: "Formulir masuk antrean kirim dan akan dikirim otomatis saat ada sinyal.",
    not_saved: "Formulir BELUM tersimpan: ponsel gagal menyimpannya. Coba lagi.",
    fix_errors: "Ada isian yang perlu diperbaiki.",
    fix: "Perbaiki",
    close: "Tutup",
};

const EN: Texts = Texts {
    loading: "Loading the form…",
    failed: "The form could not be loaded and is not kept on the phone yet. Open it again when you have a signal.",
    deadline: "Deadline",
    history: "Already sent",
    nothing_yet: "Nothing yet.",
    received: "received by the server",
    late: "late",
    waiting: "waiting to be sent",
    attention: "refused by the server: fix it",
    drafts: "Drafts on this phone",
    resume: "Continue",
    discard: "Discard draft",
    new_response: "Fill in a new form",
    unit: "Business unit",
    choose_unit: "Choose a unit",
    send: "Send",
    draft_saving: "Saving the draft on the phone…",
    draft_saved: "Draft saved on the phone.",
    draft_failed: "The draft could NOT be saved on the phone. Keep this page open; free some space, then change an answer again.",
    sent: "The form is in the send queue and goes out by itself when there is a signal.",
    not_saved: "The form is NOT saved: the phone could not store it. Try again.",
    fix_errors: "Some answers need fixing.",
    fix: "Fix it",
    close: "Close",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// Everything the page shows, read together.
#[derive(Clone)]
struct FormData {
    form: Loaded<PublishedForm>,
    units: Vec<Unit>,
    sent: Vec<StoredResponse>,
    queued: Vec<Entry>,
    drafts: Vec<Draft>,
}

#[component]
pub fn FormFillPage(cooperative_id: String, form_id: String) -> impl IntoView {
    let reader = use_reader();
    let store = use_store();
    let account = account_id();
    let news = expect_context::<SyncNews>().0;
    let shown = RwSignal::new(None::<Option<FormData>>);
    // Outlives the view, which is rebuilt when the lists below change.
    let notice = RwSignal::new(None::<(&'static str, bool)>);
    let refresh = {
        let (cooperative_id, form_id) = (cooperative_id.clone(), form_id.clone());
        let (store, account) = (store.clone(), account.clone());
        move || {
            let (reader, store, account) = (reader.clone(), store.clone(), account.clone());
            let (cooperative_id, form_id) = (cooperative_id.clone(), form_id.clone());
            spawn_local(async move {
                let Ok(form) = reader
                    .get::<PublishedForm>(&format!("/api/forms/{form_id}"))
                    .await
                else {
                    shown.set(Some(None));
                    return;
                };
                let units = if form.value.spec.per == Subject::Unit {
                    reader
                        .get::<Vec<Unit>>(&format!("/api/cooperatives/{cooperative_id}/units"))
                        .await
                        .map(|l| {
                            let mut units = l.value;
                            units.sort_by(Unit::display_order);
                            units
                        })
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                let sent = reader
                    .get::<Vec<StoredResponse>>(&format!(
                        "/api/forms/{form_id}/responses?cooperative={cooperative_id}"
                    ))
                    .await
                    .map(|l| l.value)
                    .unwrap_or_default();
                let (queued, drafts) = match &store {
                    Some(store) => {
                        let mut queued = outbox::entries(store, &account).await.unwrap_or_default();
                        queued.retain(|e| {
                            e.form_response().is_some_and(|r| {
                                r.form_id == form_id && r.cooperative_id == cooperative_id
                            })
                        });
                        let drafts = drafts::of_form(store, &account, &form_id, &cooperative_id)
                            .await
                            .unwrap_or_default();
                        (queued, drafts)
                    }
                    None => (Vec::new(), Vec::new()),
                };
                shown.set(Some(Some(FormData {
                    form,
                    units,
                    sent,
                    queued,
                    drafts,
                })));
            });
        }
    };
    let refresh = StoredValue::new_local(refresh);
    let reload = move || refresh.with_value(|r| r());
    Effect::new(move |_| {
        news.track();
        reload();
    });

    view! {
        {move || match shown.get() {
            None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(None) => view! {
                <p class="form-error" role="alert" data-testid="load-failed">{tr_in(texts, |t| t.failed)}</p>
            }.into_any(),
            Some(Some(loaded)) => view! {
                <FormFill cooperative_id=cooperative_id.clone() loaded notice reload/>
            }.into_any(),
        }}
    }
}

#[component]
fn FormFill(
    cooperative_id: String,
    loaded: FormData,
    notice: RwSignal<Option<(&'static str, bool)>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let store = use_store();
    let account = account_id();
    let FormData {
        form,
        units,
        sent,
        queued,
        drafts,
    } = loaded;
    let kept_at = form.kept_at;
    let form = form.value;
    let spec = form.spec.clone();
    let unit_name = {
        let units = units.clone();
        move |id: &Option<String>| {
            id.as_ref()
                .and_then(|id| units.iter().find(|u| &u.id == id))
                .map(|u| u.details.name.clone())
        }
    };

    let has_history = !queued.is_empty() || !sent.is_empty();
    let history = {
        let unit_name = unit_name.clone();
        let sent = sent.into_iter().map(|r| {
            let unit = unit_name(&r.response.unit_id);
            let bulan = r.response.answers.get("bulan").map(|a| a.cell());
            view! {
                <li data-testid="sent-item">
                    {move || format::moment_wib(r.received_at, i18n.lang.get())}
                    {unit.map(|u| format!(" · {u}"))} {bulan.map(|b| format!(" · {b}"))}
                    " · " <span>{tr_in(texts, |t| t.received)}</span>
                    {r.late.then(|| view! { " · " <span class="status-bad">{tr_in(texts, |t| t.late)}</span> })}
                </li>
            }
        }).collect_view();
        let waiting = queued.iter().map(|e| {
            let problem = e.state != EntryState::Queued;
            let unit = e.form_response().and_then(|r| unit_name(&r.unit_id));
            let made_at = e.made_at as i64;
            view! {
                <li data-testid="queued-item" data-state=if problem { "rejected" } else { "queued" }>
                    {move || format::moment_wib(made_at, i18n.lang.get())} {unit.map(|u| format!(" · {u}"))} " · "
                    <span class:status-bad=problem>{if problem { tr_in(texts, |t| t.attention) } else { tr_in(texts, |t| t.waiting) }}</span>
                </li>
            }
        }).collect_view();
        view! { <ul class="list" data-testid="history">{sent}{waiting}</ul> }
    };

    // The draft being edited, chosen in the address so a reload reopens it.
    let open_draft = Memo::new(move |_| query.with(|q| q.get("draf")));
    let drafts = StoredValue::new(drafts);
    let rejected = StoredValue::new(
        queued
            .into_iter()
            .filter(|e| e.state == EntryState::Rejected)
            .collect::<Vec<_>>(),
    );

    let start = {
        let navigate = navigate.clone();
        move |_| {
            notice.set(None);
            navigate(&format!("?draf={}", outbox::new_id()), Default::default());
        }
    };

    let draft_list = {
        let (store, account) = (store.clone(), account.clone());
        let unit_name = unit_name.clone();
        move || {
            let list = drafts.get_value();
            (!list.is_empty()).then(|| {
                let items = list.into_iter().map(|d| {
                    let navigate = navigate.clone();
                    let (store, account, id) = (store.clone(), account.clone(), d.id.clone());
                    let resume = { let id = id.clone(); move |_| navigate(&format!("?draf={id}"), Default::default()) };
                    let discard = move |_| {
                        let (store, account, id) = (store.clone(), account.clone(), id.clone());
                        spawn_local(async move {
                            if let Some(store) = store {
                                let _ = drafts::discard(&store, &account, &id).await;
                            }
                            reload();
                        });
                    };
                    let unit = unit_name(&d.unit_id);
                    view! {
                        <li data-testid="draft-item">
                            {move || format::moment_wib(d.updated_at as i64, i18n.lang.get())} {unit.map(|u| format!(" · {u}"))}
                            <br/>
                            <button type="button" class="button button-light" data-testid="resume-draft" on:click=resume>{tr_in(texts, |t| t.resume)}</button>
                            <button type="button" class="button button-light" data-testid="discard-draft" on:click=discard>{tr_in(texts, |t| t.discard)}</button>
                        </li>
                    }
                }).collect_view();
                view! {
                    <section class="card">
                        <h2>{tr_in(texts, |t| t.drafts)}</h2>
                        <ul class="list">{items}</ul>
                    </section>
                }
            })
        }
    };

    let editor = {
        let (store, account, cooperative_id) =
            (store.clone(), account.clone(), cooperative_id.clone());
        let (spec, form_id, units) = (spec.clone(), form.id.clone(), units.clone());
        move || {
            let draft_id = open_draft.get()?;
            let existing = drafts.with_value(|d| d.iter().find(|d| d.id == draft_id).cloned());
            let answers = RwSignal::new(existing.as_ref().map(Draft::answers).unwrap_or_default());
            let unit = RwSignal::new(existing.and_then(|d| d.unit_id));
            let errors = RwSignal::new(Vec::<FieldError>::new());
            let saved = RwSignal::new(None::<bool>);
            // Saves still being written: until the last one is, "saved" would be untrue of
            // the latest answer.
            let saving = RwSignal::new(0u32);
            let photos_for = cooperative_id.clone();
            let (store, account, cooperative_id, form_id) = (
                store.clone(),
                account.clone(),
                cooperative_id.clone(),
                form_id.clone(),
            );
            let draft_of = {
                let (draft_id, cooperative_id, form_id) =
                    (draft_id.clone(), cooperative_id.clone(), form_id.clone());
                move || Draft {
                    id: draft_id.clone(),
                    form_id: form_id.clone(),
                    cooperative_id: cooperative_id.clone(),
                    unit_id: unit.get_untracked(),
                    answers: serde_json::to_string(&answers.get_untracked()).unwrap_or_default(),
                    updated_at: js_sys::Date::now(),
                }
            };
            let save = {
                let (store, account, draft_of) = (store.clone(), account.clone(), draft_of.clone());
                move || {
                    let (store, account, draft) = (store.clone(), account.clone(), draft_of());
                    saving.update(|n| *n += 1);
                    spawn_local(async move {
                        let ok = match store {
                            Some(store) => drafts::save(&store, &account, &draft).await.is_ok(),
                            None => false,
                        };
                        saved.set(Some(ok));
                        saving.update(|n| *n = n.saturating_sub(1));
                    });
                }
            };
            let save = StoredValue::new(save);
            let on_change = Callback::new(move |()| save.with_value(|s| s()));
            let per_unit = spec.per == Subject::Unit;
            let unit_error = move || {
                errors.with(|e| {
                    e.iter()
                        .find(|e| e.field == "unit_id")
                        .map(|e| error_text(i18n.lang.get(), &e.code))
                })
            };
            let submit = {
                let (spec, store, account) = (spec.clone(), store.clone(), account.clone());
                let (draft_id, navigate) = (draft_id.clone(), use_navigate());
                move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let typed: Answers = answers.get_untracked();
                    let mut problems = Vec::new();
                    if per_unit && unit.get_untracked().is_none() {
                        problems.push(FieldError::new("unit_id", "required"));
                    }
                    let clean = match spec.check_answers(&typed, today()) {
                        Ok(clean) => Some(clean),
                        Err(mut fields) => {
                            problems.append(&mut fields);
                            None
                        }
                    };
                    errors.set(problems.clone());
                    let (Some(clean), true) = (clean, problems.is_empty()) else {
                        notice.set(Some((texts(i18n.lang.get_untracked()).fix_errors, true)));
                        return;
                    };
                    let op = Operation {
                        id: outbox::new_id(),
                        record_id: outbox::new_id(),
                        base_version: None,
                        change: Change::FormResponse(FormResponse {
                            form_id: form_id.clone(),
                            cooperative_id: cooperative_id.clone(),
                            unit_id: unit.get_untracked(),
                            answers: clean,
                        }),
                    };
                    let entry = Entry::new(&account, &op);
                    let (store, account, draft_id, navigate) = (
                        store.clone(),
                        account.clone(),
                        draft_id.clone(),
                        navigate.clone(),
                    );
                    spawn_local(async move {
                        let Some(store) = store else {
                            notice.set(Some((texts(i18n.lang.get_untracked()).not_saved, true)));
                            return;
                        };
                        match outbox::write_settling(
                            &store,
                            &[],
                            Some(entry),
                            Some((&account, &draft_id)),
                        )
                        .await
                        {
                            Ok(()) => {
                                notice.set(Some((texts(i18n.lang.get_untracked()).sent, false)));
                                navigate("?", Default::default());
                                reload();
                            }
                            Err(_) => {
                                notice.set(Some((texts(i18n.lang.get_untracked()).not_saved, true)))
                            }
                        }
                    });
                }
            };
            let units = units.clone();
            Some(view! {
                <form class="card form" on:submit=submit novalidate=true data-testid="form-editor">
                    {per_unit.then(|| view! {
                        <div class="field" class:field-invalid=move || unit_error().is_some()>
                            <label for="field-unit_id">{tr_in(texts, |t| t.unit)}</label>
                            <select id="field-unit_id" data-testid="input-unit_id"
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    unit.set((!v.is_empty()).then_some(v));
                                    save.with_value(|s| s());
                                }>
                                <option value="" selected=move || unit.get().is_none()>{tr_in(texts, |t| t.choose_unit)}</option>
                                {units.iter().map(|u| {
                                    let id = u.id.clone();
                                    let selected = { let id = id.clone(); move || unit.get().as_deref() == Some(id.as_str()) };
                                    view! { <option value=id selected=selected>{u.details.name.clone()}</option> }
                                }).collect_view()}
                            </select>
                            {move || unit_error().map(|e| view! { <p class="field-error" data-testid="error-unit_id">{e}</p> })}
                        </div>
                    })}
                    <FormFields spec=spec.clone() answers errors on_change cooperative_id=photos_for/>
                    <p class="hint" data-testid="draft-state">{move || {
                        let t = texts(i18n.lang.get());
                        if saving.get() > 0 {
                            Some(t.draft_saving)
                        } else {
                            saved.get().map(|ok| if ok { t.draft_saved } else { t.draft_failed })
                        }
                    }}</p>
                    <button type="submit" class="button" data-testid="send-form">{tr_in(texts, |t| t.send)}</button>
                </form>
            })
        }
    };

    let fix = move |_| {
        // A refused response goes back to being a draft, then leaves the outbox: never lost.
        let (store, account) = (store.clone(), account.clone());
        spawn_local(async move {
            let Some(store) = store else { return };
            for entry in rejected.get_value() {
                let Some(response) = entry.form_response() else {
                    continue;
                };
                let draft = Draft {
                    id: outbox::new_id(),
                    form_id: response.form_id,
                    cooperative_id: response.cooperative_id,
                    unit_id: response.unit_id,
                    answers: serde_json::to_string(&response.answers).unwrap_or_default(),
                    updated_at: js_sys::Date::now(),
                };
                if drafts::save(&store, &account, &draft).await.is_ok() {
                    let _ = outbox::write(&store, &[entry], None).await;
                }
            }
            reload();
        });
    };

    view! {
        <KeptNotice kept_at/>
        <h1 data-testid="form-title">{move || form.spec.title.get(i18n.lang.get()).to_owned()}</h1>
        {form.spec.intro.clone().map(|intro| view! { <p>{move || intro.get(i18n.lang.get()).to_owned()}</p> })}
        {form.deadline.map(|d| view! { <p class="hint">{tr_in(texts, |t| t.deadline)} ": " {move || format::date(d, i18n.lang.get())}</p> })}
        {move || notice.get().map(|(n, bad)| view! {
            <p class=if bad { "form-error" } else { "status" } role="status" data-testid="form-notice">{n}</p>
        })}
        {editor}
        {move || open_draft.get().is_none().then(|| view! {
            <button type="button" class="button" data-testid="new-response" on:click=start.clone()>{tr_in(texts, |t| t.new_response)}</button>
        })}
        {draft_list}
        <section class="card">
            <h2>{tr_in(texts, |t| t.history)}</h2>
            {history}
            {(!has_history).then(|| view! { <p class="hint">{tr_in(texts, |t| t.nothing_yet)}</p> })}
            {(!rejected.with_value(Vec::is_empty)).then(|| view! {
                <button type="button" class="button button-light" data-testid="fix-response" on:click=fix>{tr_in(texts, |t| t.fix)}</button>
            })}
        </section>
        <p class="more"><A href=format!("/koperasi/{cooperative_id}/formulir")>{tr_in(texts, |t| t.close)}</A></p>
    }
}
