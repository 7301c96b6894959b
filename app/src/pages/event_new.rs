//! `/koperasi/acara/baru`: a dinas or ministry admin announces a training event to their region,
//! checked field by field by the shared rules before it is sent; what is typed is kept on the
//! phone until it is.

use kopdes_domain::Lang;
use kopdes_domain::course::CourseSummary;
use kopdes_domain::event::EventInput;
use kopdes_domain::form::Text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::device::use_store;
use crate::drafts::{self, Draft};
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::use_reader;
use crate::session::{account_id, use_session};

struct Texts {
    title: &'static str,
    intro: &'static str,
    name: &'static str,
    description: &'static str,
    english: &'static str,
    course: &'static str,
    no_course: &'static str,
    date: &'static str,
    time: &'static str,
    place: &'static str,
    place_hint: &'static str,
    online_url: &'static str,
    capacity: &'static str,
    register_until: &'static str,
    register_hint: &'static str,
    region: &'static str,
    region_hint: &'static str,
    submit: &'static str,
}

const ID: Texts = Texts {
    title: "Buat acara pelatihan",
    intro: "Peserta di wilayah yang dituju bisa mendaftar dari ponsel. Bila kursi penuh, pendaftar berikutnya masuk daftar tunggu dan naik bila ada yang batal.",
    name: "Nama acara",
    description: "Keterangan",
    english: "Dalam bahasa Inggris (boleh kosong)",
    course: "Materi pelatihan",
    no_course: "Tanpa materi",
    date: "Tanggal",
    time: "Jam mulai (WIB)",
    place: "Tempat",
    place_hint: "Kosongkan untuk acara daring.",
    online_url: "Tautan acara daring (https://…)",
    capacity: "Jumlah kursi",
    register_until: "Pendaftaran sampai",
    register_hint: "Kosongkan untuk sehari sebelum acara.",
    region: "Untuk wilayah (kode)",
    region_hint: "Kode provinsi atau kabupaten/kota di wilayah Anda; kosongkan untuk seluruh Indonesia (kementerian).",
    submit: "Umumkan acara",
};

const EN: Texts = Texts {
    title: "New training event",
    intro: "People in the region it is for register from their phones. When the seats are full, the next ones join a waiting list and move up when someone cancels.",
    name: "Event name",
    description: "Description",
    english: "In English (optional)",
    course: "Course",
    no_course: "No course",
    date: "Date",
    time: "Start time (WIB)",
    place: "Place",
    place_hint: "Leave empty for an online event.",
    online_url: "Link for an online event (https://…)",
    capacity: "Seats",
    register_until: "Registration until",
    register_hint: "Leave empty for the day before the event.",
    region: "For the region (code)",
    region_hint: "A province or regency code within your region; empty for all of Indonesia (ministry).",
    submit: "Announce the event",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

fn error_text(lang: Lang, code: &str) -> Option<&'static str> {
    let (id, en) = match code {
        "event.past" => ("Tanggal sudah lewat.", "This date has passed."),
        "event.time" => ("Tulis jam seperti 09:00.", "Write the time like 09:00."),
        "event.place" => (
            "Isi tempat, atau tautan untuk acara daring.",
            "Give a place, or a link for an online event.",
        ),
        "event.url" => (
            "Tautan harus diawali https://.",
            "The link must start with https://.",
        ),
        "event.capacity" => ("Isi 1 sampai 10.000 kursi.", "Between 1 and 10,000 seats."),
        "event.register_after" => (
            "Pendaftaran harus ditutup paling lambat pada hari acara.",
            "Registration must close by the day of the event.",
        ),
        "announcement.region_level" | "region.format" | "region.unknown" => (
            "Tulis kode provinsi atau kabupaten/kota.",
            "Write a province or regency code.",
        ),
        _ => return None,
    };
    Some(if lang == Lang::Id { id } else { en })
}

const DRAFT_ID: &str = "event-new";

#[component]
pub fn EventNewPage() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    let navigate = use_navigate();
    let store = use_store();
    let account = account_id();
    let own_region = use_session().me.with_untracked(|me| {
        me.as_ref()
            .and_then(|m| {
                m.roles
                    .iter()
                    .find_map(|g| g.region.as_ref().map(|r| r.to_string()))
            })
            .unwrap_or_default()
    });
    let input = RwSignal::new(EventInput {
        capacity: 30,
        time: "09:00".into(),
        region: Some(own_region),
        ..EventInput::default()
    });
    let restored = RwSignal::new(store.is_none());
    let courses = RwSignal::new(Vec::<CourseSummary>::new());
    {
        let reader = use_reader();
        spawn_local(async move {
            if let Ok(list) = reader.get::<Vec<CourseSummary>>("/api/courses").await {
                courses.set(list.value);
            }
        });
    }
    if let Some(store) = store.clone() {
        let account = account.clone();
        spawn_local(async move {
            if let Ok(Some(draft)) = drafts::find(&store, &account, DRAFT_ID).await
                && let Some(kept) = crate::json::decode::<EventInput>(&draft.answers)
            {
                input.set(kept);
            }
            restored.set(true);
        });
    }
    {
        let (store, account) = (store.clone(), account.clone());
        Effect::new(move |_| {
            let typed = input.get();
            if !restored.get_untracked() {
                return;
            }
            let (Some(store), account) = (store.clone(), account.clone()) else {
                return;
            };
            spawn_local(async move {
                let draft = Draft {
                    id: DRAFT_ID.to_owned(),
                    form_id: "event".to_owned(),
                    cooperative_id: String::new(),
                    unit_id: None,
                    answers: serde_json::to_string(&typed).unwrap_or_default(),
                    updated_at: js_sys::Date::now(),
                };
                let _ = drafts::save(&store, &account, &draft).await;
            });
        });
    }
    let error = move |field: &'static str| form.worded(field, error_text);
    let submit = {
        let (store, account) = (store.clone(), account.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !form.begin() {
                return;
            }
            let typed = input.get_untracked();
            if let Err(problems) = typed.parse(crate::clock::today()) {
                return form.invalid(problems);
            }
            form.sending();
            let (store, account, navigate) = (store.clone(), account.clone(), navigate.clone());
            spawn_local(async move {
                match api::create_event(&typed).await {
                    Ok(event) => {
                        form.done();
                        if let Some(store) = store {
                            let _ = drafts::discard(&store, &account, DRAFT_ID).await;
                        }
                        navigate(&format!("/belajar/acara/{}", event.id), Default::default());
                    }
                    Err(failure) => form.failed(failure),
                }
            });
        }
    };

    let text = move |field: &'static str,
                     label: fn(&Texts) -> &'static str,
                     get: fn(&EventInput) -> String,
                     set: fn(&mut EventInput, String),
                     kind: &'static str| {
        view! {
            <div class="field" class:field-invalid=move || error(field).is_some()>
                <label for=format!("field-{field}")>{tr_in(texts, label)}</label>
                <input id=format!("field-{field}") type=kind data-testid=format!("input-{field}")
                    prop:value=move || input.with(get)
                    on:input=move |ev| { form.edited(field); let v = event_target_value(&ev); input.update(|i| set(i, v)); }/>
                {move || error(field).map(|e| view! { <p class="field-error" data-testid=format!("error-{field}")>{e}</p> })}
            </div>
        }
    };
    let pair = move |field: &'static str,
                     label: fn(&Texts) -> &'static str,
                     get: fn(&EventInput) -> &Text,
                     set: fn(&mut EventInput, bool, String)| {
        view! {
            <div class="field" class:field-invalid=move || error(if field == "title" { "title.id" } else { "description.id" }).is_some()>
                <label for=format!("field-{field}")>{tr_in(texts, label)}</label>
                <input id=format!("field-{field}") data-testid=format!("input-{field}")
                    prop:value=move || input.with(|i| get(i).id.clone())
                    on:input=move |ev| { form.edited("title.id"); let v = event_target_value(&ev); input.update(|i| set(i, false, v)); }/>
                {move || error(if field == "title" { "title.id" } else { "description.id" }).map(|e| view! { <p class="field-error" data-testid=format!("error-{field}")>{e}</p> })}
                <label class="hint" for=format!("field-{field}-en")>{tr_in(texts, |t| t.english)}</label>
                <input id=format!("field-{field}-en") data-testid=format!("input-{field}-en")
                    prop:value=move || input.with(|i| get(i).en.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); input.update(|i| set(i, true, v)); }/>
            </div>
        }
    };

    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p>{tr_in(texts, |t| t.intro)}</p>
        <form class="card form" on:submit=submit novalidate=true data-testid="event-form">
            {pair("title", |t| t.name, |i| &i.title, |i, en, v| if en { i.title.en = v } else { i.title.id = v })}
            {pair("description", |t| t.description, |i| &i.description, |i, en, v| if en { i.description.en = v } else { i.description.id = v })}
            <div class="field">
                <label for="field-course">{tr_in(texts, |t| t.course)}</label>
                <select id="field-course" data-testid="input-course" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    input.update(|i| i.course_id = Some(v).filter(|c| !c.is_empty()));
                }>
                    <option value="">{tr_in(texts, |t| t.no_course)}</option>
                    {move || courses.get().into_iter().map(|c| {
                        let id = c.id.clone();
                        view! {
                            <option value=c.id.clone() selected=move || input.with(|i| i.course_id.as_deref() == Some(id.as_str()))>
                                {c.title.id.clone()}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </div>
            {text("date", |t| t.date, |i| i.date.clone(), |i, v| i.date = v, "date")}
            {text("time", |t| t.time, |i| i.time.clone(), |i, v| i.time = v, "time")}
            {text("place", |t| t.place, |i| i.place.clone(), |i, v| i.place = v, "text")}
            <p class="field-hint">{tr_in(texts, |t| t.place_hint)}</p>
            {text("online_url", |t| t.online_url, |i| i.online_url.clone(), |i, v| i.online_url = v, "url")}
            {text("capacity", |t| t.capacity, |i| i.capacity.to_string(), |i, v| i.capacity = v.parse().unwrap_or(0), "number")}
            {text("register_until", |t| t.register_until, |i| i.register_until.clone().unwrap_or_default(), |i, v| i.register_until = Some(v).filter(|v| !v.is_empty()), "date")}
            <p class="field-hint">{tr_in(texts, |t| t.register_hint)}</p>
            {text("region", |t| t.region, |i| i.region.clone().unwrap_or_default(), |i, v| i.region = Some(v).filter(|v| !v.trim().is_empty()), "text")}
            <p class="field-hint">{tr_in(texts, |t| t.region_hint)}</p>
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            <button type="submit" class="button" data-testid="submit" disabled=move || form.pending.get()>{tr_in(texts, |t| t.submit)}</button>
        </form>
    }
}
