//! `/saya/pengumuman`: the announcements that reach the signed-in person, pinned first, kept on the
//! phone for reading offline. Opening one marks it read; a mark made offline waits on the phone
//! and goes the next time the page is opened with a signal.

use kopdes_domain::Lang;
use kopdes_domain::announcement::Announcement;
use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::components::KeptNotice;
use crate::device::use_store;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::session::{account_id, use_account, use_session};
use crate::unread::use_unread;

struct Texts {
    title: &'static str,
    intro: &'static str,
    loading: &'static str,
    none: &'static str,
    failed: &'static str,
    sign_in: &'static str,
    sign_in_link: &'static str,
    write: &'static str,
    pinned: &'static str,
    new: &'static str,
    from: &'static str,
    until: &'static str,
    picture: &'static str,
}

const ID: Texts = Texts {
    title: "Pengumuman",
    intro: "Kabar dari kementerian, dinas dan koperasi Anda. Tersimpan di ponsel, jadi tetap bisa dibaca tanpa sinyal.",
    loading: "Memuat pengumuman…",
    none: "Belum ada pengumuman untuk Anda.",
    failed: "Pengumuman belum bisa dimuat. Periksa sambungan lalu buka lagi halaman ini.",
    sign_in: "Masuk untuk membaca pengumuman untuk koperasi Anda.",
    sign_in_link: "Masuk",
    write: "Tulis pengumuman",
    pinned: "Disematkan",
    new: "Baru",
    from: "dari",
    until: "berlaku sampai",
    picture: "Tampilkan gambar",
};

const EN: Texts = Texts {
    title: "Announcements",
    intro: "News from the ministry, the dinas and your cooperative. Kept on this phone, so you can read them without a signal.",
    loading: "Loading announcements…",
    none: "No announcements for you yet.",
    failed: "The announcements could not be loaded. Check the connection and open this page again.",
    sign_in: "Sign in to read the announcements for your cooperative.",
    sign_in_link: "Sign in",
    write: "Write an announcement",
    pinned: "Pinned",
    new: "New",
    from: "from",
    until: "valid until",
    picture: "Show picture",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// The text in the person's language; an announcement written only in Indonesian is read in
/// Indonesian.
fn shown(text: &kopdes_domain::form::Text, lang: Lang) -> String {
    let chosen = text.get(lang);
    if chosen.is_empty() { &text.id } else { chosen }.to_owned()
}

/// Read marks made without a signal, per account: sent the next time the page opens online.
fn pending_key(account: &str) -> String {
    format!("announcement-reads\u{1}{account}")
}

#[component]
fn Feed() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let store = use_store();
    let account = account_id();
    let unread = use_unread();
    let loaded = RwSignal::new(None::<Result<Loaded<Vec<Announcement>>, ApiFailure>>);
    let saver = RwSignal::new(true);
    // What this phone marked read, whether or not the server has heard yet.
    let read_here = RwSignal::new(Vec::<String>::new());

    {
        let (store, account) = (store.clone(), account.clone());
        spawn_local(async move {
            // Marks left from an earlier visit without a signal go first.
            let mut waiting: Vec<String> = match &store {
                Some(store) => store
                    .setting(&pending_key(&account))
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            read_here.set(waiting.clone());
            let mut sent = Vec::new();
            for id in &waiting {
                match api::mark_announcement_read(id).await {
                    Err(ApiFailure::Network) => break,
                    // Read, or gone (expired meanwhile): either way nothing is left to send.
                    _ => sent.push(id.clone()),
                }
            }
            if !sent.is_empty()
                && let Some(store) = &store
            {
                waiting.retain(|id| !sent.contains(id));
                let _ = store.set_setting(&pending_key(&account), &waiting).await;
            }
            saver.set(crate::learning::data_saver(store.as_ref()).await);
            let answer = reader.get::<Vec<Announcement>>("/api/announcements").await;
            if let Ok(list) = &answer {
                let here = read_here.get_untracked();
                unread.set(
                    list.value
                        .iter()
                        .filter(|a| !a.read && !here.contains(&a.id))
                        .count() as u32,
                );
            }
            loaded.set(Some(answer));
        });
    }

    let open = {
        let (store, account) = (store.clone(), account.clone());
        move |id: String| {
            if read_here.with_untracked(|r| r.contains(&id)) {
                return;
            }
            read_here.update(|r| r.push(id.clone()));
            unread.update(|n| *n = n.saturating_sub(1));
            let (store, account) = (store.clone(), account.clone());
            spawn_local(async move {
                if let Err(ApiFailure::Network) = api::mark_announcement_read(&id).await
                    && let Some(store) = store
                {
                    let key = pending_key(&account);
                    let mut waiting: Vec<String> =
                        store.setting(&key).await.ok().flatten().unwrap_or_default();
                    waiting.push(id);
                    let _ = store.set_setting(&key, &waiting).await;
                }
            });
        }
    };

    let card = move |a: Announcement| {
        let open = open.clone();
        let id = a.id.clone();
        let is_new = {
            let id = id.clone();
            move || !a.read && !read_here.with(|r| r.contains(&id))
        };
        let (title, body) = (a.title.clone(), a.body.clone());
        let (publish_on, expires_on, office) = (a.publish_on, a.expires_on, a.published_by.clone());
        view! {
            <li class="card announcement" data-testid="announcement" data-pinned=a.pinned.to_string()>
                <details on:toggle=move |ev| {
                    let opened = event_target::<web_sys::HtmlElement>(&ev)
                        .has_attribute("open");
                    if opened {
                        open(id.clone());
                    }
                }>
                    <summary>
                        {a.pinned.then(|| view! { <span class="badge" data-testid="pinned">{tr_in(texts, |t| t.pinned)}</span> })}
                        {move || is_new().then(|| view! { <span class="badge badge-new" data-testid="unread">{tr_in(texts, |t| t.new)}</span> })}
                        <strong data-testid="announcement-title">{move || shown(&title, i18n.lang.get())}</strong>
                        <br/>
                        <span class="hint">{move || {
                            let lang = i18n.lang.get();
                            let t = texts(lang);
                            let mut line = format!("{} · {} {office}", format::date(publish_on, lang), t.from);
                            if let Some(end) = expires_on {
                                line.push_str(&format!(" · {} {}", t.until, format::date(end, lang)));
                            }
                            line
                        }}</span>
                    </summary>
                    <p class="announcement-body" data-testid="announcement-body">{move || shown(&body, i18n.lang.get())}</p>
                    {a.image.clone().map(|picture| {
                        // In data-saver mode a picture waits for a tap, saying what it costs.
                        let shown_now = RwSignal::new(!saver.get_untracked());
                        let src = format!("/media/{}", picture.hash);
                        move || if shown_now.get() {
                            view! { <img class="course-cover" src=src.clone() width=picture.width height=picture.height alt="" data-testid="announcement-image"/> }.into_any()
                        } else {
                            view! {
                                <button type="button" class="picture-on-tap" data-testid="show-image" on:click=move |_| shown_now.set(true)>
                                    {move || format!("{} · {}", texts(i18n.lang.get()).picture, format::bytes(picture.bytes, i18n.lang.get()))}
                                </button>
                            }.into_any()
                        }
                    })}
                </details>
            </li>
        }
    };
    let card = StoredValue::new(card);

    move || match loaded.get() {
        None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
        Some(Err(_)) => view! {
            <p class="form-error" role="alert">{tr_in(texts, |t| t.failed)}</p>
        }
        .into_any(),
        Some(Ok(Loaded { value, kept_at })) if value.is_empty() => view! {
            <KeptNotice kept_at/>
            <p data-testid="announcements-none">{tr_in(texts, |t| t.none)}</p>
        }
        .into_any(),
        Some(Ok(Loaded { value, kept_at })) => view! {
            <KeptNotice kept_at/>
            <ul class="list announcements" data-testid="announcements">
                {value.into_iter().map(|a| card.with_value(|c| c(a))).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

#[component]
pub fn AnnouncementsPage() -> impl IntoView {
    let account = use_account();
    let session = use_session();
    let is_admin = move || {
        session
            .me
            .with_untracked(|me| me.as_ref().is_some_and(|m| m.is_admin()))
    };
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p>{tr_in(texts, |t| t.intro)}</p>
        {move || match account.get() {
            // Still finding out who is signed in.
            None => ().into_any(),
            Some(None) => view! {
                <p data-testid="announcements-sign-in">{tr_in(texts, |t| t.sign_in)} " "
                    <A href="/masuk">{tr_in(texts, |t| t.sign_in_link)}</A></p>
            }
            .into_any(),
            Some(Some(_)) => view! {
                {is_admin().then(|| view! {
                    <A href="/koperasi/pengumuman/baru" attr:class="button" attr:data-testid="write-announcement">
                        {tr_in(texts, |t| t.write)}
                    </A>
                })}
                <Feed/>
            }
            .into_any(),
        }}
    }
}
