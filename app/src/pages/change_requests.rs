//! Members' requests to change their own data (pembaruan data mandiri), on the member list of
//! their cooperative: a pengurus approves one, or rejects it with a reason the member will read;
//! pengawas read them. Deciding needs the server, which checks the four-eyes rule again.

use kopdes_domain::Lang;
use kopdes_domain::api::ErrorCode;
use kopdes_domain::format;
use kopdes_domain::member::{ChangeRequest, OwnData, RequestStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure};
use crate::components::{KeptNotice, TextField};
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};

struct Texts {
    title: &'static str,
    none: &'static str,
    decided: &'static str,
    name: &'static str,
    phone: &'static str,
    address: &'static str,
    empty: &'static str,
    approve: &'static str,
    reject: &'static str,
    reason: &'static str,
    reason_hint: &'static str,
    confirm_reject: &'static str,
    cancel: &'static str,
    own: &'static str,
    approved: &'static str,
    rejected: &'static str,
    already: &'static str,
}

const ID: Texts = Texts {
    title: "Permintaan perubahan data",
    none: "Tidak ada permintaan yang menunggu.",
    decided: "Sudah diputuskan",
    name: "Nama",
    phone: "Nomor HP",
    address: "Alamat",
    empty: "(kosong)",
    approve: "Setujui",
    reject: "Tolak",
    reason: "Alasan penolakan",
    reason_hint: "Anggota akan membaca alasan ini.",
    confirm_reject: "Tolak permintaan",
    cancel: "Batal",
    own: "Ini permintaan Anda sendiri: pengurus lain yang memutuskan.",
    approved: "disetujui",
    rejected: "ditolak",
    already: "Permintaan ini sudah diputuskan pengurus lain. Daftar diperbarui.",
};

const EN: Texts = Texts {
    title: "Requests to change data",
    none: "No requests are waiting.",
    decided: "Decided",
    name: "Name",
    phone: "Phone number",
    address: "Address",
    empty: "(empty)",
    approve: "Approve",
    reject: "Reject",
    reason: "Reason for rejecting",
    reason_hint: "The member will read this reason.",
    confirm_reject: "Reject the request",
    cancel: "Cancel",
    own: "This is your own request: another officer decides it.",
    approved: "approved",
    rejected: "rejected",
    already: "Another officer has already decided this request. The list is up to date again.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// What a request changes, field by field: only the fields that differ, old beside new.
fn differences(t: &'static Texts, request: &ChangeRequest) -> Vec<(&'static str, String, String)> {
    let phone = |d: &OwnData| d.phone.as_ref().map(|p| p.local()).unwrap_or_default();
    let address = |d: &OwnData| d.address.clone().unwrap_or_default();
    let (now, asked) = (&request.current, &request.requested);
    [
        (t.name, now.name.clone(), asked.name.clone()),
        (t.phone, phone(now), phone(asked)),
        (t.address, address(now), address(asked)),
    ]
    .into_iter()
    .filter(|(_, before, after)| before != after)
    .collect()
}

#[component]
pub fn ChangeRequestsCard(cooperative_id: String, can_decide: bool) -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let me = crate::session::account_id();
    let loaded = RwSignal::new(None::<Result<Loaded<Vec<ChangeRequest>>, ApiFailure>>);
    let path = format!("/api/cooperatives/{cooperative_id}/change-requests");
    let load = move || {
        let (reader, path) = (reader.clone(), path.clone());
        spawn_local(async move { loaded.set(Some(reader.get(&path).await)) });
    };
    let load = StoredValue::new_local(load);
    load.with_value(|l| l());
    let reload = move || load.with_value(|l| l());
    // The request whose reject form is open.
    let rejecting = RwSignal::new(None::<String>);

    move || {
        let Some(Ok(Loaded {
            value: requests,
            kept_at,
        })) = loaded.get()
        else {
            // Nothing to show without the list; the member list below says what went wrong.
            return ().into_any();
        };
        let lang = i18n.lang.get();
        let t = texts(lang);
        let (pending, decided): (Vec<_>, Vec<_>) = requests
            .into_iter()
            .partition(|r| r.status == RequestStatus::Pending);
        let me = me.clone();
        view! {
            <section class="card" data-testid="change-requests">
                <h2>{t.title} " (" {pending.len()} ")"</h2>
                <KeptNotice kept_at/>
                {pending.is_empty().then(|| view! { <p class="hint">{t.none}</p> })}
                <ul class="list">
                    {pending.into_iter().map(|request| {
                        let own = request.requested_by == me;
                        let member = request.current.name.clone();
                        view! {
                            <li data-testid="change-request" data-member=member>
                                <strong>{request.current.name.clone()}</strong>
                                <span class="hint">" · " {format::moment_wib(request.requested_at, lang)}</span>
                                <Differences t request=request.clone()/>
                                {if !can_decide {
                                    ().into_any()
                                } else if own {
                                    view! { <p class="hint">{t.own}</p> }.into_any()
                                } else {
                                    view! { <Decision request rejecting reload/> }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {(!decided.is_empty()).then(|| view! {
                    <details data-testid="decided-requests">
                        <summary>{t.decided} " (" {decided.len()} ")"</summary>
                        <ul class="list">
                            {decided.into_iter().map(|r| view! {
                                <li data-state=r.status.as_str()>
                                    <strong>{r.requested.name.clone()}</strong> " · "
                                    {if r.status == RequestStatus::Approved { t.approved } else { t.rejected }}
                                    <span class="hint">" · " {format::moment_wib(r.decided_at.unwrap_or(r.requested_at), lang)}</span>
                                    {r.reason.clone().map(|why| view! { <p class="hint">{why}</p> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </details>
                })}
            </section>
        }
        .into_any()
    }
}

#[component]
fn Differences(t: &'static Texts, request: ChangeRequest) -> impl IntoView {
    let shown = move |v: String| if v.is_empty() { t.empty.to_owned() } else { v };
    view! {
        <dl class="facts" data-testid="change-request-differences">
            {differences(t, &request).into_iter().map(|(label, before, after)| view! {
                <dt>{label}</dt>
                <dd><del>{shown(before)}</del> " → " <ins>{shown(after)}</ins></dd>
            }).collect_view()}
        </dl>
    }
}

#[component]
fn Decision(
    request: ChangeRequest,
    rejecting: RwSignal<Option<String>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    let reasons = RwSignal::new(String::new());
    let id = StoredValue::new(request.id.clone());
    // A request decided elsewhere meanwhile: say so and show the list as it is now.
    let finish = move |result: Result<ChangeRequest, ApiFailure>| match result {
        Ok(_) => {
            form.done();
            rejecting.set(None);
            reload();
        }
        Err(ApiFailure::Server {
            code: ErrorCode::Conflict,
            ..
        }) => {
            form.done();
            form.message
                .set(Some(texts(i18n.lang.get_untracked()).already.to_owned()));
            reload();
        }
        Err(failure) => form.failed(failure),
    };
    let approve = move |_| {
        if !form.begin() {
            return;
        }
        form.sending();
        spawn_local(async move { finish(api::approve_change_request(&id.get_value()).await) });
    };
    let reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let Some(request) = form.reasons(reasons) else {
            return;
        };
        form.sending();
        spawn_local(
            async move { finish(api::reject_change_request(&id.get_value(), &request).await) },
        );
    };
    let open = move || rejecting.get().as_deref() == Some(id.get_value().as_str());
    view! {
        {move || form.message.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        {move || if open() {
            view! {
                <form class="form" on:submit=reject novalidate=true data-testid="reject-form">
                    <TextField name="reasons" label=tr_in(texts, |t| t.reason) hint=tr_in(texts, |t| t.reason_hint)
                        value=reasons error=form.error("reasons")/>
                    <div class="row-actions">
                        <button type="submit" class="button" data-testid="confirm-reject"
                            disabled=move || form.pending.get()>{tr_in(texts, |t| t.confirm_reject)}</button>
                        <button type="button" class="button button-light"
                            on:click=move |_| rejecting.set(None)>{tr_in(texts, |t| t.cancel)}</button>
                    </div>
                </form>
            }.into_any()
        } else {
            view! {
                <div class="row-actions">
                    <button type="button" class="button" data-testid="approve-request"
                        disabled=move || form.pending.get() on:click=approve>{tr_in(texts, |t| t.approve)}</button>
                    <button type="button" class="button button-light" data-testid="reject-request"
                        on:click=move |_| rejecting.set(Some(id.get_value()))>{tr_in(texts, |t| t.reject)}</button>
                </div>
            }.into_any()
        }}
    }
}
