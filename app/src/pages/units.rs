//! A cooperative's business units (gerai): the seven standard kinds with their KBLI codes, or
//! "other", each planned, being prepared or operating. Its pengurus add and edit them.

use kopdes_domain::Lang;
use kopdes_domain::api::{ErrorCode, FieldError};
use kopdes_domain::date::Date;
use kopdes_domain::format;
use kopdes_domain::unit::{Unit, UnitDetails, UnitKind, UnitStatus, UnitUpdate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::clock::today;
use crate::components::{ListTexts, TextField, kept_list};
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
    kinds: [&'static str; 8],
    statuses: [&'static str; 3],
    opened: &'static str,
    edit: &'static str,
    add_title: &'static str,
    edit_title: &'static str,
    kind: &'static str,
    kbli: &'static str,
    kbli_hint: &'static str,
    name: &'static str,
    name_hint: &'static str,
    status: &'static str,
    opened_on: &'static str,
    opened_hint: &'static str,
    save: &'static str,
    cancel: &'static str,
    err_kbli_format: &'static str,
    err_kbli_kind: &'static str,
    changed_meanwhile: &'static str,
}

const ID: Texts = Texts {
    title: "Gerai usaha",
    back: "Kembali ke koperasi",
    loading: "Memuat gerai…",
    failed: "Daftar gerai belum bisa dimuat dan belum tersimpan di ponsel.",
    none: "Belum ada gerai.",
    kinds: [
        "Gerai sembako",
        "Apotek desa",
        "Kantor koperasi",
        "Unit simpan pinjam",
        "Klinik desa",
        "Pergudangan (cold storage)",
        "Logistik (distribusi)",
        "Usaha lain",
    ],
    statuses: ["Direncanakan", "Persiapan", "Beroperasi"],
    opened: "Buka sejak",
    edit: "Ubah",
    add_title: "Tambah gerai",
    edit_title: "Ubah gerai",
    kind: "Jenis gerai",
    kbli: "Kode KBLI",
    kbli_hint: "Kode klasifikasi usaha 5 angka, sesuai jenis gerai.",
    name: "Nama gerai",
    name_hint: "Contoh: Gerai Sembako Merah Putih",
    status: "Keadaan",
    opened_on: "Tanggal mulai beroperasi",
    opened_hint: "Wajib untuk gerai yang sudah beroperasi.",
    save: "Simpan gerai",
    cancel: "Batal",
    err_kbli_format: "Kode KBLI terdiri dari 5 angka.",
    err_kbli_kind: "Kode KBLI ini bukan untuk jenis gerai yang dipilih.",
    changed_meanwhile: "Gerai ini baru saja diubah orang lain. Isian Anda masih di sini: periksa, lalu simpan lagi untuk menimpa perubahan itu, atau tekan Batal untuk melihatnya.",
};

const EN: Texts = Texts {
    title: "Business units",
    back: "Back to the cooperative",
    loading: "Loading business units…",
    failed: "The business units could not be loaded and are not kept on the phone yet.",
    none: "No business units yet.",
    kinds: [
        "Grocery store (sembako)",
        "Village pharmacy",
        "Cooperative office",
        "Savings and loans",
        "Village clinic",
        "Warehousing (cold storage)",
        "Logistics (distribution)",
        "Other business",
    ],
    statuses: ["Planned", "Preparing", "Operating"],
    opened: "Open since",
    edit: "Edit",
    add_title: "Add a business unit",
    edit_title: "Edit business unit",
    kind: "Kind of unit",
    kbli: "KBLI code",
    kbli_hint: "The 5-digit business classification code for this kind of unit.",
    name: "Unit name",
    name_hint: "For example: Gerai Sembako Merah Putih",
    status: "State",
    opened_on: "Opened on",
    opened_hint: "Required once the unit operates.",
    save: "Save unit",
    cancel: "Cancel",
    err_kbli_format: "A KBLI code has 5 digits.",
    err_kbli_kind: "This KBLI code is not for the chosen kind of unit.",
    changed_meanwhile: "Someone else has just changed this unit. Your entries are still here: check them and save again to replace that change, or tap Cancel to see it.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

const STATUSES: [UnitStatus; 3] = [
    UnitStatus::Planned,
    UnitStatus::Preparing,
    UnitStatus::Operating,
];

fn kind_text(t: &Texts, kind: UnitKind) -> &'static str {
    t.kinds[UnitKind::ALL.iter().position(|k| *k == kind).unwrap_or(7)]
}

fn status_text(t: &Texts, status: UnitStatus) -> &'static str {
    t.statuses[STATUSES.iter().position(|s| *s == status).unwrap_or(0)]
}

/// A unit's kind and status in words, for every page that shows them.
pub fn unit_words(lang: Lang, kind: UnitKind, status: UnitStatus) -> (&'static str, &'static str) {
    let t = texts(lang);
    (kind_text(t, kind), status_text(t, status))
}

#[component]
pub fn UnitsPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let is_pengurus = use_session()
        .me
        .with_untracked(|me| me.as_ref().is_some_and(|m| m.is_pengurus_of(&id)));
    let loaded = RwSignal::new(None::<Result<Loaded<Vec<Unit>>, ApiFailure>>);
    let path = format!("/api/cooperatives/{id}/units");
    let reload = move || {
        let (reader, path) = (reader.clone(), path.clone());
        spawn_local(async move {
            let mut answer = reader.get::<Vec<Unit>>(&path).await;
            // A list rebuilt from pulled records comes unordered.
            if let Ok(list) = &mut answer {
                list.value.sort_by(Unit::display_order);
            }
            loaded.set(Some(answer));
        });
    };
    reload();
    let reload = StoredValue::new_local(reload);
    let refresh = move || reload.with_value(|r| r());
    // `None`: no form open; `Some(None)`: a new unit; `Some(Some(unit))`: editing that unit.
    let editing = RwSignal::new(None::<Option<Unit>>);

    let row = move |u: Unit, offline: bool| {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let d = &u.details;
        let unit = u.clone();
        view! {
            <li data-testid="unit">
                <strong>{d.name.clone()}</strong>
                <br/>
                {kind_text(t, d.kind)} " · KBLI " {d.kbli.clone()}
                <br/>
                <span class="hint" data-testid="unit-status">
                    {status_text(t, d.status)}
                    {d.opened_on.map(|o| format!(" · {} {}", t.opened, format::date(o, lang)))}
                </span>
                // One form at a time: a second Edit must not throw away what is being typed.
                {(is_pengurus && !offline && editing.with(Option::is_none)).then(|| view! {
                    <div class="row-actions">
                        <button type="button" class="button button-light" data-testid="edit-unit"
                            on:click=move |_| editing.set(Some(Some(unit.clone())))>{tr_in(texts, |t| t.edit)}</button>
                    </div>
                })}
            </li>
        }
    };

    let cooperative_id = id.clone();
    let list_texts = ListTexts {
        loading: tr_in(texts, |t| t.loading),
        failed: tr_in(texts, |t| t.failed),
        none: tr_in(texts, |t| t.none),
    };
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p><A href=format!("/koperasi/{id}")>{tr_in(texts, |t| t.back)}</A></p>
        {move || kept_list(loaded.get(), list_texts, |all, offline| view! {
            <ul class="list" data-testid="unit-list">
                {all.into_iter().map(|u| row(u, offline)).collect_view()}
            </ul>
        })}
        {move || match (is_pengurus, editing.get()) {
            (false, _) => ().into_any(),
            (true, None) => view! {
                <button type="button" class="button" data-testid="add-unit"
                    on:click=move |_| editing.set(Some(None))>{tr_in(texts, |t| t.add_title)}</button>
            }.into_any(),
            (true, Some(unit)) => view! {
                <UnitForm
                    cooperative_id=cooperative_id.clone()
                    unit
                    on_done=move |changed| { editing.set(None); if changed { refresh() } }
                />
            }.into_any(),
        }}
    }
}

#[component]
fn UnitForm(
    cooperative_id: String,
    unit: Option<Unit>,
    /// Called when the form closes; `true` when the list should be read again.
    on_done: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    let existing = unit.as_ref().map(|u| u.id.clone());
    let is_edit = existing.is_some();
    // Moves on when someone else's change is found, so a second save may replace it.
    let version = RwSignal::new(unit.as_ref().map_or(0, |u| u.version));
    let details = unit.map(|u| u.details);
    let kind = RwSignal::new(details.as_ref().map_or(UnitKind::Sembako, |d| d.kind));
    let kbli = RwSignal::new(details.as_ref().map_or_else(
        || UnitKind::Sembako.kbli_codes()[0].to_owned(),
        |d| d.kbli.clone(),
    ));
    let name = RwSignal::new(details.as_ref().map(|d| d.name.clone()).unwrap_or_default());
    let status = RwSignal::new(details.as_ref().map_or(UnitStatus::Planned, |d| d.status));
    let opened_on = RwSignal::new(
        details
            .as_ref()
            .and_then(|d| d.opened_on)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let error_of = move |field: &'static str| {
        let common = form.error(field);
        Signal::derive(move || {
            let t = texts(i18n.lang.get());
            match form.code_of(field).as_deref() {
                Some("kbli.format") => Some(t.err_kbli_format),
                Some("kbli.not_for_kind") => Some(t.err_kbli_kind),
                _ => common.get(),
            }
        })
    };
    let choose_kind = move |k: UnitKind| {
        kind.set(k);
        // A standard kind offers its own codes; keep the typed one only if it still fits.
        let codes = k.kbli_codes();
        if !codes.is_empty() && !codes.contains(&kbli.get_untracked().as_str()) {
            kbli.set(codes[0].to_owned());
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let opened = match opened_on.get_untracked().trim() {
            "" => None,
            typed => match typed.parse::<Date>() {
                Ok(date) => Some(date),
                Err(_) => return form.invalid(vec![FieldError::new("opened_on", "date.format")]),
            },
        };
        let details = UnitDetails {
            kind: kind.get_untracked(),
            kbli: kbli.get_untracked().trim().to_owned(),
            name: name.get_untracked(),
            status: status.get_untracked(),
            opened_on: opened,
        };
        let errors = details.validate(today());
        if !errors.is_empty() {
            return form.invalid(errors);
        }
        form.sending();
        let (cooperative_id, existing) = (cooperative_id.clone(), existing.clone());
        spawn_local(async move {
            let saved = match &existing {
                Some(id) => {
                    let update = UnitUpdate {
                        version: version.get_untracked(),
                        details,
                    };
                    api::update_unit(id, &update).await
                }
                None => api::add_unit(&cooperative_id, &details).await,
            };
            match saved {
                Ok(_) => {
                    form.done();
                    on_done(true);
                }
                Err(ApiFailure::Server {
                    code: ErrorCode::Conflict,
                    ..
                }) => {
                    if let (Some(id), Ok(all)) = (&existing, api::units(&cooperative_id).await)
                        && let Some(latest) = all.iter().find(|u| u.id == *id)
                    {
                        version.set(latest.version);
                    }
                    form.done();
                    form.message.set(Some(
                        texts(i18n.lang.get_untracked())
                            .changed_meanwhile
                            .to_owned(),
                    ));
                }
                Err(failure) => form.failed(failure),
            }
        });
    };

    view! {
        <form class="card form" on:submit=submit novalidate=true data-testid="unit-form">
            <h2>{move || { let t = texts(i18n.lang.get()); if is_edit { t.edit_title } else { t.add_title } }}</h2>
            <div class="field">
                <label for="field-kind">{tr_in(texts, |t| t.kind)}</label>
                <select id="field-kind" data-testid="input-kind"
                    on:change=move |ev| if let Some(k) = UnitKind::parse(&event_target_value(&ev)) { choose_kind(k) }>
                    {UnitKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=move || kind.get() == k>
                            {move || kind_text(texts(i18n.lang.get()), k)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            {move || {
                let codes = kind.get().kbli_codes();
                if codes.is_empty() {
                    view! {
                        <TextField name="kbli" label=tr_in(texts, |t| t.kbli) hint=tr_in(texts, |t| t.kbli_hint)
                            value=kbli error=error_of("kbli") inputmode="numeric"/>
                    }.into_any()
                } else {
                    view! {
                        <div class="field" class:field-invalid=move || error_of("kbli").get().is_some()>
                            <label for="field-kbli">{tr_in(texts, |t| t.kbli)}</label>
                            <select id="field-kbli" data-testid="input-kbli"
                                aria-describedby=move || error_of("kbli").get().is_some().then_some("field-kbli-error")
                                on:change=move |ev| kbli.set(event_target_value(&ev))>
                                {codes.iter().map(|c| view! {
                                    <option value=*c selected=move || kbli.get() == *c>{*c}</option>
                                }).collect_view()}
                            </select>
                            {move || error_of("kbli").get().map(|e| view! { <p class="field-error" id="field-kbli-error" data-testid="error-kbli">{e}</p> })}
                        </div>
                    }.into_any()
                }
            }}
            <TextField name="name" label=tr_in(texts, |t| t.name) hint=tr_in(texts, |t| t.name_hint)
                value=name error=error_of("name")/>
            <div class="field">
                <label for="field-status">{tr_in(texts, |t| t.status)}</label>
                <select id="field-status" data-testid="input-status"
                    on:change=move |ev| if let Some(s) = UnitStatus::parse(&event_target_value(&ev)) { status.set(s) }>
                    {STATUSES.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || status.get() == s>
                            {move || status_text(texts(i18n.lang.get()), s)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <TextField name="opened_on" label=tr_in(texts, |t| t.opened_on) hint=tr_in(texts, |t| t.opened_hint)
                value=opened_on error=error_of("opened_on") input_type="date"/>
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            <button type="submit" class="button" data-testid="save-unit" disabled=move || form.pending.get()>
                {tr_in(texts, |t| t.save)}
            </button>
            <button type="button" class="button button-light" on:click=move |_| on_done(true)>{tr_in(texts, |t| t.cancel)}</button>
        </form>
    }
}
