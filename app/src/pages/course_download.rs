//! A course's download controls and its cover, shared by the catalogue and the course page.

use kopdes_domain::course::MediaRef;
use kopdes_domain::format;
use leptos::prelude::*;

use crate::i18n::{tr_in, use_i18n};
use crate::learning::{self, Held, Status};
use crate::pages::learning_texts::texts;

/// Download, pause, resume or delete, with a progress bar while it runs. `size` is what the
/// download costs, shown before it starts.
#[component]
pub fn DownloadControls(course: String, held: RwSignal<Held>, size: u64) -> impl IntoView {
    let i18n = use_i18n();
    let act = move |change: &'static str| {
        let course = course.clone();
        move |_| learning::tell(&course, change)
    };
    let (download, pause, resume, delete) = (
        act("download"),
        act("pause"),
        act("download"),
        act("delete"),
    );
    let bar = move || {
        let h = held.get();
        let lang = i18n.lang.get();
        let t = texts(lang);
        let label = if h.status == Status::Paused {
            t.paused
        } else {
            t.downloading
        };
        view! {
            <div class="download-progress" data-testid="download-progress">
                <progress max="100" value=h.percent() aria-label=label></progress>
                <span>{format!("{label} {}% · {} / {}", h.percent(), format::bytes(h.done, lang), format::bytes(h.total, lang))}</span>
            </div>
        }
    };
    move || {
        let h = held.get();
        let lang = i18n.lang.get();
        match h.status {
            Status::None => view! {
                <button type="button" class="button" data-testid="download" on:click=download.clone()>
                    {tr_in(texts, |t| t.download)} " · " {format::bytes(size, lang)}
                </button>
            }
            .into_any(),
            Status::Downloading => view! {
                {bar}
                <button type="button" class="button button-light" data-testid="pause" on:click=pause.clone()>
                    {tr_in(texts, |t| t.pause)}
                </button>
            }
            .into_any(),
            Status::Paused => view! {
                {bar}
                <button type="button" class="button" data-testid="resume" on:click=resume.clone()>
                    {tr_in(texts, |t| t.resume)}
                </button>
                <button type="button" class="button button-light" data-testid="delete" on:click=delete.clone()>
                    {tr_in(texts, |t| t.delete)}
                </button>
            }
            .into_any(),
            Status::Ready => view! {
                <p class="held" data-testid="held">
                    {tr_in(texts, |t| t.held)} " · " {format::bytes(h.total, lang)}
                </p>
                <button type="button" class="button button-light" data-testid="delete" on:click=delete.clone()>
                    {tr_in(texts, |t| t.delete)}
                </button>
            }
            .into_any(),
        }
    }
}

/// A course's cover: shown at once, or in data-saver mode (unless the phone holds it) as a
/// button that says what it costs.
#[component]
pub fn Cover(cover: Option<MediaRef>, saver: bool) -> impl IntoView {
    let i18n = use_i18n();
    let cover = cover?;
    let shown = RwSignal::new(!saver);
    let src = format!("/media/{}", cover.hash);
    Some(move || {
        if shown.get() {
            view! {
                <img class="course-cover" src=src.clone() width=cover.width height=cover.height alt="" data-testid="cover"/>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class="picture-on-tap" data-testid="show-cover" on:click=move |_| shown.set(true)>
                    {tr_in(texts, |t| t.cover)} " · " {move || format::bytes(cover.bytes, i18n.lang.get())}
                </button>
            }
            .into_any()
        }
    })
}
