//! A cooperative's pengurus and pengawas with their terms. Its pengurus appoint officers and end
//! terms; they and the region's admins can issue a new activation code to an officer who lost
//! theirs.

use kopdes_domain::Lang;
use kopdes_domain::api::{ErrorCode, FieldError};
use kopdes_domain::date::Date;
use kopdes_domain::format;
use kopdes_domain::officer::{Appointment, MAX_TERM_YEARS, Officer, Organ, Position, TermEnd};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::clock::today;
use crate::components::{ExistingAccountConfirm, ListTexts, TextField, kept_list};
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::session::use_session;

struct Texts {
    title: &'static str,
    back: &'static str,
    loading: &'static str,
    failed: &'static str,
    none: &'static str,
    organs: [&'static str; 2],
    positions: [&'static str; 4],
    term: &'static str,
    ended: &'static str,
    end_term: &'static str,
    end_confirm: &'static str,
    new_code: &'static str,
    code_for: &'static str,
    appoint_title: &'static str,
    name: &'static str,
    phone: &'static str,
    phone_hint: &'static str,
    organ: &'static str,
    position: &'static str,
    term_start: &'static str,
    term_end: &'static str,
    term_hint: &'static str,
    appoint: &'static str,
    appointed_code: &'static str,
    err_position: &'static str,
    err_term_order: &'static str,
    err_term_long: &'static str,
    err_ketua_taken: &'static str,
    err_end_out_of_range: &'static str,
}

const ID: Texts = Texts {
    title: "Pengurus dan pengawas",
    back: "Kembali ke koperasi",
    loading: "Memuat daftar pengurus…",
    failed: "Daftar pengurus belum bisa dimuat dan belum tersimpan di ponsel.",
    none: "Belum ada pengurus atau pengawas.",
    organs: ["Pengurus", "Pengawas"],
    positions: ["Ketua", "Sekretaris", "Bendahara", "Anggota"],
    term: "Masa jabatan",
    ended: "Berhenti",
    end_term: "Akhiri jabatan hari ini",
    end_confirm: "Akhiri jabatan {} hari ini? Ini tidak bisa dibatalkan.",
    new_code: "Buat kode aktivasi baru",
    code_for: "Kode aktivasi baru (berlaku 7 hari, tampil sekali):",
    appoint_title: "Angkat pengurus atau pengawas",
    name: "Nama",
    phone: "Nomor HP",
    phone_hint: "Jika nomor ini belum punya akun, akun dibuat dan kodenya ditampilkan.",
    organ: "Organ",
    position: "Jabatan",
    term_start: "Mulai menjabat",
    term_end: "Akhir masa jabatan",
    term_hint: "Paling lama 5 tahun.",
    appoint: "Angkat",
    appointed_code: "Berikan kode aktivasi ini kepada pejabat baru (berlaku 7 hari, tampil sekali):",
    err_position: "Pengawas hanya punya ketua dan anggota.",
    err_term_order: "Akhir masa jabatan harus setelah tanggal mulai.",
    err_term_long: "Masa jabatan paling lama 5 tahun.",
    err_ketua_taken: "Koperasi ini sudah punya ketua. Akhiri dulu jabatan ketua sebelumnya.",
    err_end_out_of_range: "Masa jabatan ini belum dimulai, jadi belum bisa diakhiri hari ini.",
};

const EN: Texts = Texts {
    title: "Officers and supervisors",
    back: "Back to the cooperative",
    loading: "Loading officers…",
    failed: "The officers could not be loaded and are not kept on the phone yet.",
    none: "No officers or supervisors yet.",
    organs: ["Board (pengurus)", "Supervisors (pengawas)"],
    positions: ["Chair", "Secretary", "Treasurer", "Member"],
    term: "Term",
    ended: "Ended",
    end_term: "End the term today",
    end_confirm: "End {}'s term today? This cannot be undone.",
    new_code: "Make a new activation code",
    code_for: "New activation code (valid 7 days, shown once):",
    appoint_title: "Appoint an officer or supervisor",
    name: "Name",
    phone: "Mobile number",
    phone_hint: "If this number has no account yet, one is made and its code is shown.",
    organ: "Body",
    position: "Position",
    term_start: "Term starts",
    term_end: "Term ends",
    term_hint: "At most 5 years.",
    appoint: "Appoint",
    appointed_code: "Give this activation code to the new officer (valid 7 days, shown once):",
    err_position: "Supervisors only have a chair and members.",
    err_term_order: "The term must end after it starts.",
    err_term_long: "A term lasts at most 5 years.",
    err_ketua_taken: "This cooperative already has a chair. End the current chair's term first.",
    err_end_out_of_range: "This term has not started yet, so it cannot end today.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

const ORGANS: [Organ; 2] = [Organ::Pengurus, Organ::Pengawas];
const POSITIONS: [Position; 4] = [
    Position::Ketua,
    Position::Sekretaris,
    Position::Bendahara,
    Position::Anggota,
];

fn organ_text(t: &Texts, organ: Organ) -> &'static str {
    t.organs[ORGANS.iter().position(|o| *o == organ).unwrap_or(0)]
}

fn position_text(t: &Texts, position: Position) -> &'static str {
    t.positions[POSITIONS.iter().position(|p| *p == position).unwrap_or(0)]
}

fn own_error(t: &'static Texts, code: &str) -> Option<&'static str> {
    Some(match code {
        "officer.position_not_in_organ" => t.err_position,
        "term.ends_before_start" => t.err_term_order,
        "term.too_long" => t.err_term_long,
        "officer.ketua_taken" => t.err_ketua_taken,
        _ => return None,
    })
}

#[component]
pub fn OfficersPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let me = use_session().me.get_untracked();
    let is_pengurus = me.as_ref().is_some_and(|m| m.is_pengurus_of(&id));
    // Admins who can open this page administer its region (the server answers 404 otherwise).
    let can_issue = is_pengurus || me.as_ref().is_some_and(|m| m.is_admin());
    let loaded = RwSignal::new(None::<Result<Loaded<Vec<Officer>>, ApiFailure>>);
    let path = format!("/api/cooperatives/{id}/officers");
    let reload = move || {
        let (reader, path) = (reader.clone(), path.clone());
        spawn_local(async move {
            let mut answer = reader.get::<Vec<Officer>>(&path).await;
            // A list rebuilt from pulled records comes unordered.
            if let Ok(list) = &mut answer {
                list.value.sort_by(Officer::display_order);
            }
            loaded.set(Some(answer));
        });
    };
    reload();
    let reload = StoredValue::new_local(reload);
    let refresh = move || reload.with_value(|r| r());
    // A fresh code is shown once, under the officer it belongs to.
    let issued = RwSignal::new(None::<(String, String)>);
    let action = FormState::new(i18n);

    let end = move |officer_id: String, name: String| {
        // Ending a term cannot be undone: one stray tap must not do it.
        let question = texts(i18n.lang.get_untracked())
            .end_confirm
            .replace("{}", &name);
        if !crate::dialog::confirmed(&question) || !action.begin() {
            return;
        }
        action.sending();
        spawn_local(async move {
            match api::end_term(&officer_id, &TermEnd { ended_on: today() }).await {
                Ok(_) => {
                    action.done();
                    refresh();
                }
                // The only field here is the date the button chose: say it in words.
                Err(ApiFailure::Server {
                    code: ErrorCode::InvalidInput,
                    ..
                }) => {
                    action.done();
                    let t = texts(i18n.lang.get_untracked());
                    action.message.set(Some(t.err_end_out_of_range.to_owned()));
                }
                Err(failure) => action.failed(failure),
            }
        });
    };
    let new_code = move |officer_id: String| {
        if !action.begin() {
            return;
        }
        action.sending();
        spawn_local(async move {
            match api::new_activation_code("officers", &officer_id).await {
                Ok(code) => {
                    action.done();
                    issued.set(Some((officer_id, code.activation_code)));
                }
                Err(failure) => action.code_failed(failure),
            }
        });
    };

    let row = move |o: Officer, offline: bool| {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let current = o.ended_on.is_none();
        let officer_id = o.id.clone();
        let code = move || {
            issued
                .get()
                .filter(|(id, _)| *id == officer_id)
                .map(|(_, code)| {
                    view! {
                        <p>{tr_in(texts, |t| t.code_for)}</p>
                        <p class="code" data-testid="officer-code">{code}</p>
                    }
                })
        };
        let (end_id, code_id, name) = (o.id.clone(), o.id.clone(), o.name.clone());
        view! {
            <li data-testid="officer" data-current=current.to_string()>
                <strong>{o.name.clone()}</strong>
                <br/>
                {position_text(t, o.position)} " · " {organ_text(t, o.organ)}
                <br/>
                <span class="hint">
                    {t.term} ": " {format::date(o.term_start, lang)} " – " {format::date(o.term_end, lang)}
                    {o.ended_on.map(|d| format!(" · {} {}", t.ended, format::date(d, lang)))}
                </span>
                {(current && !offline).then(|| view! {
                    <div class="row-actions">
                        {is_pengurus.then(|| view! {
                            <button type="button" class="button button-light" data-testid="end-term"
                                disabled=move || action.pending.get()
                                on:click=move |_| end(end_id.clone(), name.clone())>{tr_in(texts, |t| t.end_term)}</button>
                        })}
                        {can_issue.then(|| view! {
                            <button type="button" class="button button-light" data-testid="new-code"
                                disabled=move || action.pending.get()
                                on:click=move |_| new_code(code_id.clone())>{tr_in(texts, |t| t.new_code)}</button>
                        })}
                    </div>
                })}
                {code}
            </li>
        }
    };

    let back = format!("/koperasi/{id}");
    let list_texts = ListTexts {
        loading: tr_in(texts, |t| t.loading),
        failed: tr_in(texts, |t| t.failed),
        none: tr_in(texts, |t| t.none),
    };
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p><A href=back>{tr_in(texts, |t| t.back)}</A></p>
        {move || action.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="action-error">{m}</p> })}
        {move || kept_list(loaded.get(), list_texts, |all, offline| view! {
            <ul class="list" data-testid="officer-list">
                {all.into_iter().map(|o| row(o, offline)).collect_view()}
            </ul>
        })}
        {is_pengurus.then(|| view! { <AppointForm cooperative_id=id.clone() on_done=refresh/> })}
    }
}

#[component]
fn AppointForm(
    cooperative_id: String,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let organ = RwSignal::new(Organ::Pengurus);
    let position = RwSignal::new(Position::Sekretaris);
    let term_start = RwSignal::new(today().to_string());
    let term_end = RwSignal::new(today().add_years(MAX_TERM_YEARS).to_string());
    let appointed_code = RwSignal::new(None::<String>);
    let confirmed = RwSignal::new(false);
    let error_of = move |field: &'static str| {
        let common = form.error(field);
        Signal::derive(move || {
            form.code_of(field)
                .and_then(|code| own_error(texts(i18n.lang.get()), &code))
                .or(common.get())
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let mut errors = Vec::new();
        let mut date = |field: &str, value: String| {
            value
                .parse::<Date>()
                .map_err(|_| errors.push(FieldError::new(field, "date.format")))
                .ok()
        };
        let (start, end) = (
            date("term_start", term_start.get_untracked()),
            date("term_end", term_end.get_untracked()),
        );
        let (Some(term_start), Some(term_end)) = (start, end) else {
            return form.invalid(errors);
        };
        let appointment = Appointment {
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            organ: organ.get_untracked(),
            position: position.get_untracked(),
            term_start,
            term_end,
            existing_account_confirmed: confirmed.get_untracked(),
        };
        if let Err(fields) = appointment.parse() {
            return form.invalid(fields);
        }
        form.sending();
        let cooperative_id = cooperative_id.clone();
        spawn_local(async move {
            match api::appoint(&cooperative_id, &appointment).await {
                Ok(appointed) => {
                    form.done();
                    name.set(String::new());
                    phone.set(String::new());
                    appointed_code.set(appointed.activation_code);
                    on_done();
                }
                Err(failure) => form.failed(failure),
            }
        });
    };

    view! {
        <form class="card form" on:submit=submit novalidate=true data-testid="appoint-form">
            <h2>{tr_in(texts, |t| t.appoint_title)}</h2>
            {move || appointed_code.get().map(|code| view! {
                <div role="status">
                    <p>{tr_in(texts, |t| t.appointed_code)}</p>
                    <p class="code" data-testid="appointed-code">{code}</p>
                </div>
            })}
            <TextField name="name" label=tr_in(texts, |t| t.name) value=name error=error_of("name") autocomplete="name"/>
            <TextField name="phone" label=tr_in(texts, |t| t.phone) hint=tr_in(texts, |t| t.phone_hint)
                value=phone error=error_of("phone") input_type="tel" inputmode="tel"/>
            <ExistingAccountConfirm form=form field="phone" phone=phone name=name confirmed=confirmed/>
            <div class="field">
                <label for="field-organ">{tr_in(texts, |t| t.organ)}</label>
                <select id="field-organ" data-testid="input-organ"
                    on:change=move |ev| if let Some(o) = Organ::parse(&event_target_value(&ev)) { organ.set(o) }>
                    {ORGANS.into_iter().map(|o| view! {
                        <option value=o.as_str() selected=move || organ.get() == o>
                            {move || organ_text(texts(i18n.lang.get()), o)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field" class:field-invalid=move || error_of("position").get().is_some()>
                <label for="field-position">{tr_in(texts, |t| t.position)}</label>
                <select id="field-position" data-testid="input-position"
                    aria-describedby=move || error_of("position").get().is_some().then_some("field-position-error")
                    on:change=move |ev| if let Some(p) = Position::parse(&event_target_value(&ev)) { position.set(p) }>
                    {POSITIONS.into_iter().map(|p| view! {
                        <option value=p.as_str() selected=move || position.get() == p>
                            {move || position_text(texts(i18n.lang.get()), p)}
                        </option>
                    }).collect_view()}
                </select>
                {move || error_of("position").get().map(|e| view! { <p class="field-error" id="field-position-error" data-testid="error-position">{e}</p> })}
            </div>
            <TextField name="term_start" label=tr_in(texts, |t| t.term_start) value=term_start error=error_of("term_start") input_type="date"/>
            <TextField name="term_end" label=tr_in(texts, |t| t.term_end) hint=tr_in(texts, |t| t.term_hint)
                value=term_end error=error_of("term_end") input_type="date"/>
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            <button type="submit" class="button" data-testid="appoint" disabled=move || form.pending.get()>
                {tr_in(texts, |t| t.appoint)}
            </button>
        </form>
    }
}
