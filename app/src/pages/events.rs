//! `/belajar/acara` and `/belajar/acara/{id}`: training events that reach the person, kept on
//! the phone. Registering and cancelling go through the outbox, so they work offline; the
//! server seats people in the order registrations arrive, and a page says "waiting to be sent"
//! until it has answered. The organiser marks who came.

use kopdes_domain::Lang;
use kopdes_domain::event::{Attendance, Attendee, Event, Registration, Standing};
use kopdes_domain::format;
use kopdes_domain::sync::Change;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::components::KeptNotice;
use crate::device::use_store;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::learning;
use crate::pages::learning_texts::shown;
use crate::session::{account_id, use_session};
use crate::sync::SyncNews;

struct Texts {
    title: &'static str,
    intro: &'static str,
    back: &'static str,
    loading: &'static str,
    failed: &'static str,
    none: &'static str,
    new: &'static str,
    online: &'static str,
    seats_left: &'static str,
    full: &'static str,
    waiting_count: &'static str,
    register_until: &'static str,
    organiser: &'static str,
    course: &'static str,
    register: &'static str,
    join_waitlist: &'static str,
    cancel: &'static str,
    registered: &'static str,
    waitlisted: &'static str,
    cancelled: &'static str,
    closed: &'static str,
    pending_register: &'static str,
    pending_cancel: &'static str,
    not_saved: &'static str,
    attendees: &'static str,
    attended: &'static str,
    no_attendees: &'static str,
    needs_signal: &'static str,
    attendance_saved: &'static str,
}

const ID: Texts = Texts {
    title: "Acara pelatihan",
    intro: "Pelatihan tatap muka dan daring untuk wilayah Anda. Daftar juga bisa tanpa sinyal: pendaftaran dikirim saat ada sinyal, menurut urutan tiba di server.",
    back: "Pelatihan",
    loading: "Memuat…",
    failed: "Acara belum bisa dimuat. Periksa sambungan lalu coba lagi.",
    none: "Belum ada acara untuk wilayah Anda.",
    new: "Buat acara",
    online: "Daring",
    seats_left: "kursi tersisa",
    full: "Penuh",
    waiting_count: "menunggu",
    register_until: "Daftar sampai",
    organiser: "Penyelenggara",
    course: "Materi",
    register: "Daftar",
    join_waitlist: "Masuk daftar tunggu",
    cancel: "Batalkan pendaftaran",
    registered: "Anda terdaftar.",
    waitlisted: "Anda dalam daftar tunggu, urutan",
    cancelled: "Pendaftaran Anda dibatalkan.",
    closed: "Pendaftaran sudah ditutup.",
    pending_register: "Pendaftaran tersimpan di ponsel, menunggu dikirim.",
    pending_cancel: "Pembatalan tersimpan di ponsel, menunggu dikirim.",
    not_saved: "Belum tersimpan: ruang ponsel penuh.",
    attendees: "Peserta",
    attended: "Hadir",
    no_attendees: "Belum ada yang mendaftar.",
    needs_signal: "Menandai kehadiran perlu sinyal.",
    attendance_saved: "Kehadiran tersimpan.",
};

const EN: Texts = Texts {
    title: "Training events",
    intro: "Training in person and online for your region. You can register without a signal too: registrations are sent when there is one, in the order they reach the server.",
    back: "Training",
    loading: "Loading…",
    failed: "The events could not be loaded. Check the connection and try again.",
    none: "No events for your region yet.",
    new: "New event",
    online: "Online",
    seats_left: "seats left",
    full: "Full",
    waiting_count: "waiting",
    register_until: "Register by",
    organiser: "Organiser",
    course: "Course",
    register: "Register",
    join_waitlist: "Join the waiting list",
    cancel: "Cancel my registration",
    registered: "You are registered.",
    waitlisted: "You are on the waiting list, number",
    cancelled: "Your registration is cancelled.",
    closed: "Registration has closed.",
    pending_register: "Registration kept on the phone, waiting to be sent.",
    pending_cancel: "Cancellation kept on the phone, waiting to be sent.",
    not_saved: "Not saved: the phone's storage is full.",
    attendees: "Attendees",
    attended: "Came",
    no_attendees: "Nobody has registered yet.",
    needs_signal: "Marking attendance needs a signal.",
    attendance_saved: "Attendance saved.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

fn when(event: &Event, lang: Lang) -> String {
    format!("{} · {} WIB", format::date(event.date, lang), event.time)
}

fn seats(event: &Event, t: &Texts) -> String {
    if event.seats_left() > 0 {
        format!("{} {}", event.seats_left(), t.seats_left)
    } else {
        format!("{} · {} {}", t.full, event.waiting, t.waiting_count)
    }
}

/// The last registration or cancellation for `event` still in the outbox, if any.
async fn pending(store: Option<&crate::store::Store>, account: &str, event: &str) -> Option<bool> {
    crate::outbox::entries(store?, account)
        .await
        .ok()?
        .iter()
        .rev()
        .filter_map(|e| e.event_registration())
        .find(|(id, _)| id == event)
        .map(|(_, register)| register)
}

#[component]
pub fn EventsPage() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let is_admin = use_session()
        .me
        .with_untracked(|me| me.as_ref().is_some_and(|m| m.is_admin()));
    let loaded = RwSignal::new(None::<Result<Loaded<Vec<Event>>, ApiFailure>>);
    spawn_local(async move { loaded.set(Some(reader.get("/api/events").await)) });
    view! {
        <p><A href="/belajar">{tr_in(texts, |t| t.back)}</A></p>
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p>{tr_in(texts, |t| t.intro)}</p>
        {is_admin.then(|| view! {
            <A href="/koperasi/acara/baru" attr:class="button" attr:data-testid="new-event">{tr_in(texts, |t| t.new)}</A>
        })}
        {move || {
            let lang = i18n.lang.get();
            let t = texts(lang);
            match loaded.get() {
                None => view! { <p class="status">{t.loading}</p> }.into_any(),
                Some(Err(_)) => view! { <p class="form-error" role="alert">{t.failed}</p> }.into_any(),
                Some(Ok(Loaded { value, kept_at })) if value.is_empty() => view! {
                    <KeptNotice kept_at/>
                    <p data-testid="events-none">{t.none}</p>
                }
                .into_any(),
                Some(Ok(Loaded { value, kept_at })) => view! {
                    <KeptNotice kept_at/>
                    <ul class="list" data-testid="events">
                        {value.into_iter().map(|e| {
                            let standing = e.mine.map(|m| match m {
                                Standing::Registered => t.registered,
                                Standing::Waitlisted => t.waitlisted,
                                Standing::Cancelled => t.cancelled,
                            });
                            let (title, moment) = (shown(&e.title, lang), when(&e, lang));
                            view! {
                                <li class="card" data-testid="event">
                                    <h2><A href=format!("/belajar/acara/{}", e.id) attr:data-testid="event-title">{title}</A></h2>
                                    <p>{moment}</p>
                                    <p class="hint">{if e.place.is_empty() { t.online.to_owned() } else { e.place.clone() }}</p>
                                    <p class="hint" data-testid="event-seats">{seats(&e, t)}</p>
                                    {standing.map(|s| view! { <p><strong>{s}</strong></p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }
        }}
    }
}

#[component]
pub fn EventPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let store = use_store();
    let account = account_id();
    let news = use_context::<SyncNews>().map(|n| n.0);
    let loaded = RwSignal::new(None::<Result<Loaded<Event>, ApiFailure>>);
    let waiting = RwSignal::new(None::<bool>);
    let attendees = RwSignal::new(None::<Vec<Attendee>>);
    let note = RwSignal::new(None::<&'static str>);
    let saved = RwSignal::new(None::<&'static str>);
    // Read again whenever the engine has filed answers: the server's seat replaces "waiting".
    {
        let (id, account, store) = (id.clone(), account.clone(), store.clone());
        Effect::new(move |_| {
            if let Some(news) = news {
                news.track();
            }
            let (reader, id, account, store) =
                (reader.clone(), id.clone(), account.clone(), store.clone());
            spawn_local(async move {
                let _ = waiting.try_set(pending(store.as_ref(), &account, &id).await);
                let answer = reader.get::<Event>(&format!("/api/events/{id}")).await;
                if let Ok(event) = &answer
                    && event.value.organises
                    && event.kept_at.is_none()
                    && let Ok(list) = reader
                        .get_unkept::<Vec<Attendee>>(&format!("/api/events/{id}/registrations"))
                        .await
                {
                    let _ = attendees.try_set(Some(list.value));
                }
                let _ = loaded.try_set(Some(answer));
            });
        });
    }
    let send = {
        let (store, account, id) = (store.clone(), account.clone(), id.clone());
        move |register: bool| {
            let (store, account, id) = (store.clone(), account.clone(), id.clone());
            spawn_local(async move {
                let change = Change::EventRegistration(Registration {
                    event_id: id,
                    register,
                });
                if learning::queue(store.as_ref(), &account, change).await {
                    waiting.set(Some(register));
                    note.set(None);
                } else {
                    note.set(Some(texts(i18n.lang.get_untracked()).not_saved));
                }
            });
        }
    };
    let send = StoredValue::new_local(send);
    let mark = {
        let id = id.clone();
        move |user_id: String, attended: bool| {
            let id = id.clone();
            saved.set(None);
            note.set(None);
            spawn_local(async move {
                let result = api::mark_attendance(&id, &Attendance { user_id, attended }).await;
                // Said either way: the organiser must know whether the mark was kept.
                let t = texts(i18n.lang.get_untracked());
                match result {
                    Ok(_) => saved.set(Some(t.attendance_saved)),
                    Err(_) => note.set(Some(t.needs_signal)),
                }
            });
        }
    };
    let mark = StoredValue::new(mark);

    let page = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let (event, kept_at) = match loaded.get() {
            None => return view! { <p class="status">{t.loading}</p> }.into_any(),
            Some(Err(_)) => {
                return view! { <p class="form-error" role="alert">{t.failed}</p> }.into_any();
            }
            Some(Ok(Loaded { value, kept_at })) => (value, kept_at),
        };
        let open = event.open_on(crate::clock::today());
        let status = match (waiting.get(), event.mine) {
            (Some(true), _) => t.pending_register.to_owned(),
            (Some(false), _) => t.pending_cancel.to_owned(),
            (None, Some(Standing::Registered)) => t.registered.to_owned(),
            (None, Some(Standing::Waitlisted)) => {
                format!("{} {}.", t.waitlisted, event.my_position.unwrap_or(1))
            }
            (None, Some(Standing::Cancelled)) => t.cancelled.to_owned(),
            (None, None) => String::new(),
        };
        let in_queue = match waiting.get() {
            Some(register) => register,
            None => matches!(
                event.mine,
                Some(Standing::Registered | Standing::Waitlisted)
            ),
        };
        let action = if in_queue {
            view! {
                <button type="button" class="button button-light" data-testid="cancel-registration"
                    on:click=move |_| send.with_value(|s| s(false))>{t.cancel}</button>
            }
            .into_any()
        } else if open {
            let label = if event.seats_left() > 0 {
                t.register
            } else {
                t.join_waitlist
            };
            view! {
                <button type="button" class="button" data-testid="register"
                    on:click=move |_| send.with_value(|s| s(true))>{label}</button>
            }
            .into_any()
        } else {
            view! { <p data-testid="closed">{t.closed}</p> }.into_any()
        };
        view! {
            <KeptNotice kept_at/>
            <h1 data-testid="event-name">{shown(&event.title, lang)}</h1>
            <p>{when(&event, lang)}</p>
            <p>{if event.place.is_empty() { t.online.to_owned() } else { event.place.clone() }}</p>
            {(!event.online_url.is_empty()).then(|| view! {
                <p><a href=event.online_url.clone() rel="noopener noreferrer" target="_blank">{event.online_url.clone()}</a></p>
            })}
            {(!event.description.id.is_empty()).then(|| view! { <p class="announcement-body">{shown(&event.description, lang)}</p> })}
            {event.course_id.clone().map(|course| view! {
                <p>{t.course} ": " <A href=format!("/belajar/{course}")>{t.back}</A></p>
            })}
            <p class="hint">{t.organiser} ": " {event.organiser.clone()} " · " {t.register_until} " " {format::date(event.register_until, lang)}</p>
            <p class="hint" data-testid="event-seats">{seats(&event, t)}</p>
            <section class="card">
                <p data-testid="my-standing"><strong>{status}</strong></p>
                {action}
            </section>
            {move || note.get().map(|n| view! { <p class="form-error" role="alert">{n}</p> })}
            {move || saved.get().map(|n| view! { <p class="status" role="status" data-testid="attendance-saved">{n}</p> })}
            {move || attendees.get().map(|list| {
                let t = texts(i18n.lang.get());
                view! {
                    <section class="card" data-testid="attendees">
                        <h2>{t.attendees}</h2>
                        {list.is_empty().then(|| view! { <p>{t.no_attendees}</p> })}
                        <ul class="list">
                            {list.into_iter().map(|a| {
                                let user = a.user_id.clone();
                                let standing = match a.standing { Standing::Waitlisted => t.waitlisted, _ => "" };
                                view! {
                                    <li data-testid="attendee">
                                        <label class="choice-option">
                                            <input type="checkbox" data-testid="attended" prop:checked=a.attended
                                                aria-label=format!("{}: {}", t.attended, a.name)
                                                disabled=a.standing == Standing::Waitlisted
                                                on:change=move |ev| { let on = event_target_checked(&ev); mark.with_value(|m| m(user.clone(), on)); }/>
                                            <span>{a.name.clone()} <br/><span class="hint">{a.cooperative.clone()} " " {standing}</span></span>
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }
            })}
        }
        .into_any()
    };
    view! {
        <p><A href="/belajar/acara">{tr_in(texts, |t| t.title)}</A></p>
        {page}
    }
}
