//! What the learning pages share: the courses held on the phone and their downloads (run by the
//! service worker, public/courses.js), the person's progress as the server knows it plus what
//! waits in the outbox, and data-saver mode.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use kopdes_domain::course::{CourseManifest, LessonBody, Progress, QuizAttempt};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::store::Store;

/// Where a course's download stands on this phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    None,
    Downloading,
    Paused,
    Ready,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    pub status: Status,
    pub done: u64,
    pub total: u64,
    pub version: u32,
    /// The version the phone can read from, once one is whole.
    pub manifest: Option<String>,
}

impl Held {
    pub fn none() -> Held {
        Held {
            status: Status::None,
            done: 0,
            total: 0,
            version: 0,
            manifest: None,
        }
    }

    pub fn percent(&self) -> u64 {
        (self.done * 100)
            .checked_div(self.total)
            .unwrap_or(0)
            .min(100)
    }

    pub fn manifest(&self) -> Option<CourseManifest> {
        crate::json::decode(self.manifest.as_deref()?)
    }
}

fn get(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn number(target: &JsValue, name: &str) -> u64 {
    get(target, name).as_f64().unwrap_or(0.0) as u64
}

fn status(text: Option<String>) -> Status {
    match text.as_deref() {
        Some("downloading") => Status::Downloading,
        Some("paused") => Status::Paused,
        Some("ready") => Status::Ready,
        _ => Status::None,
    }
}

fn held_from(record: &JsValue) -> Held {
    Held {
        status: status(get(record, "status").as_string()),
        done: number(record, "done"),
        total: number(record, "total"),
        version: number(record, "version") as u32,
        manifest: get(record, "manifest").as_string(),
    }
}

/// Every course on the phone, by id.
pub async fn held(store: &Store) -> HashMap<String, Held> {
    let Ok(records) = store.course_records().await else {
        return HashMap::new();
    };
    records
        .iter()
        .filter_map(|r| Some((get(&r, "id").as_string()?, held_from(&r))))
        .collect()
}

/// A lesson to read: from the phone when the course is downloaded, else from the server.
pub async fn lesson(store: Option<&Store>, hash: &str) -> Option<LessonBody> {
    if let Some(store) = store
        && let Ok(Some(text)) = store.lesson(hash).await
    {
        return crate::json::decode(&text);
    }
    let text = crate::api::get_text(&format!("/api/lessons/{hash}"))
        .await
        .ok()?;
    crate::json::decode(&text)
}

fn worker() -> Option<web_sys::ServiceWorker> {
    web_sys::window()?.navigator().service_worker().controller()
}

/// Asks the worker to `download` (or resume), `pause` or `delete` a course.
pub fn tell(course: &str, change: &str) {
    let Some(worker) = worker() else { return };
    let message = Object::new();
    for (name, value) in [("type", "course"), ("id", course), ("change", change)] {
        let _ = Reflect::set(
            &message,
            &JsValue::from_str(name),
            &JsValue::from_str(value),
        );
    }
    let _ = worker.post_message(&message);
}

/// What fetching the newest version costs now (for a course on the phone: only what changed),
/// as `(version, bytes)`; `None` offline or without a worker.
pub async fn plan(course: &str) -> Option<(u32, u64)> {
    let worker = worker()?;
    let constructor: Function = get(&js_sys::global(), "MessageChannel").dyn_into().ok()?;
    let channel = Reflect::construct(&constructor, &Array::new()).ok()?;
    let (mine, theirs) = (get(&channel, "port1"), get(&channel, "port2"));
    let answered = Promise::new(&mut |resolve, _| {
        let _ = Reflect::set(&mine, &JsValue::from_str("onmessage"), &resolve);
    });
    let message = Object::new();
    for (name, value) in [("type", "course"), ("id", course), ("change", "plan")] {
        let _ = Reflect::set(
            &message,
            &JsValue::from_str(name),
            &JsValue::from_str(value),
        );
    }
    let post: Function = get(&worker, "postMessage").dyn_into().ok()?;
    post.call2(&worker, &message, &Array::of1(&theirs)).ok()?;
    let answer = get(&JsFuture::from(answered).await.ok()?, "data");
    let version = get(&answer, "version").as_f64()?;
    Some((version as u32, number(&answer, "bytes")))
}

type Report = Rc<RefCell<dyn FnMut(String, Held)>>;

thread_local! {
    /// The pages following progress now; one message listener serves them all.
    static FOLLOWERS: RefCell<Vec<(u64, Report)>> = const { RefCell::new(Vec::new()) };
    static NEXT: Cell<u64> = const { Cell::new(0) };
}

/// Follows the worker's progress reports while the calling page is shown.
pub fn on_progress(report: impl FnMut(String, Held) + 'static) {
    let id = NEXT.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    if id == 0
        && let Some(container) = web_sys::window().map(|w| w.navigator().service_worker())
    {
        let listener =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
                let data = event.data();
                let Some(course) = get(&data, "course").as_string() else {
                    return;
                };
                let mut held = held_from(&data);
                held.manifest = None;
                // Cloned out first: a report may build a page that follows progress too.
                let followers: Vec<Report> =
                    FOLLOWERS.with(|f| f.borrow().iter().map(|(_, r)| r.clone()).collect());
                for follower in followers {
                    (follower.borrow_mut())(course.clone(), held.clone());
                }
            });
        let _ = container
            .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        listener.forget();
    }
    let report: Report = Rc::new(RefCell::new(report));
    FOLLOWERS.with(|f| f.borrow_mut().push((id, report)));
    on_cleanup(move || FOLLOWERS.with(|f| f.borrow_mut().retain(|(i, _)| *i != id)));
}

/// The person's progress: what the server has counted, and what waits in the outbox.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mine {
    pub server: Progress,
    /// Lessons read on this phone and not yet sent.
    pub waiting_lessons: Vec<String>,
    pub waiting_attempts: Vec<QuizAttempt>,
}

impl Mine {
    pub fn has_read(&self, lesson: &str) -> bool {
        self.server.lessons_done.iter().any(|l| l == lesson)
            || self.waiting_lessons.iter().any(|l| l == lesson)
    }

    /// Whether an attempt passed, counted by the server or (waiting) by the same rule here.
    pub fn passed(&self, manifest: &CourseManifest) -> bool {
        self.server.best.is_some_and(|b| b.passed)
            || self
                .waiting_attempts
                .iter()
                .any(|a| manifest.quiz.score(&a.answers).passed)
    }

    pub fn completed(&self, manifest: &CourseManifest) -> bool {
        manifest.lessons.iter().all(|l| self.has_read(&l.id)) && self.passed(manifest)
    }

    /// Whether the server has counted everything yet.
    pub fn all_sent(&self) -> bool {
        self.waiting_lessons.is_empty() && self.waiting_attempts.is_empty()
    }
}

/// What waits in the outbox for one course.
pub async fn waiting(
    store: &Store,
    account: &str,
    course: &str,
) -> (Vec<String>, Vec<QuizAttempt>) {
    let mut lessons = Vec::new();
    let mut attempts = Vec::new();
    for entry in crate::outbox::entries(store, account)
        .await
        .unwrap_or_default()
    {
        let Some((id, data)) = entry.course_data() else {
            continue;
        };
        if id != course {
            continue;
        }
        if entry.kind == "lesson_done" {
            if let Some(lesson) = get(&data, "lesson_id").as_string() {
                lessons.push(lesson);
            }
        } else if let Some(attempt) = crate::json::from_js::<QuizAttempt>(data) {
            attempts.push(attempt);
        }
    }
    (lessons, attempts)
}

const DATA_SAVER: &str = "data-saver";

/// Whether pictures wait for a tap: the person's choice, else on when the browser reports
/// Save-Data or a slow connection.
pub async fn data_saver(store: Option<&Store>) -> bool {
    if let Some(store) = store
        && let Ok(Some(chosen)) = store.setting::<bool>(DATA_SAVER).await
    {
        return chosen;
    }
    let connection = web_sys::window()
        .map(|w| get(&w.navigator(), "connection"))
        .unwrap_or(JsValue::UNDEFINED);
    get(&connection, "saveData").as_bool() == Some(true)
        || matches!(
            get(&connection, "effectiveType").as_string().as_deref(),
            Some("slow-2g" | "2g")
        )
}

pub async fn set_data_saver(store: Option<&Store>, on: bool) {
    if let Some(store) = store {
        let _ = store.set_setting(DATA_SAVER, &on).await;
    }
}

/// Lesson HTML with each picture replaced by a button that says what it costs; tapping it
/// shows the picture (see [`show_picture`]). Works on the server's own markup only
/// (`<img src="/media/…" … data-bytes="N" …>`), which is all a lesson holds.
pub fn pictures_on_tap(html: &str, label: &str, lang: kopdes_domain::Lang) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<img ") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + end + 1];
        let attr = |name: &str| {
            let key = format!("{name}=\"");
            let from = tag.find(&key)? + key.len();
            let to = tag[from..].find('"')? + from;
            Some(&tag[from..to])
        };
        let bytes: u64 = attr("data-bytes").and_then(|b| b.parse().ok()).unwrap_or(0);
        let size = kopdes_domain::format::bytes(bytes, lang);
        let escaped_tag = tag.replace('"', "&quot;");
        out.push_str(&format!(
            "<button type=\"button\" class=\"picture-on-tap\" data-picture=\"{escaped_tag}\">{label} · {size}</button>"
        ));
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// Replaces a tapped picture button with its picture; `false` when the tap was elsewhere.
pub fn show_picture(target: &web_sys::Element) -> bool {
    let Ok(Some(button)) = target.closest("button[data-picture]") else {
        return false;
    };
    if let Some(tag) = button.get_attribute("data-picture") {
        button.set_outer_html(&tag);
    }
    true
}

/// Queues a lesson read or a quiz attempt in the outbox, durably, and asks the engine to send
/// it. `false` when the phone could not store it (full), so the page says so.
pub async fn queue(
    store: Option<&Store>,
    account: &str,
    change: kopdes_domain::sync::Change,
) -> bool {
    let Some(store) = store else { return false };
    let operation = kopdes_domain::sync::Operation {
        id: crate::outbox::new_id(),
        record_id: crate::outbox::new_id(),
        base_version: None,
        change,
    };
    let entry = crate::outbox::Entry::new(account, &operation);
    let stored = crate::outbox::write(store, &[], Some(entry)).await.is_ok();
    if stored {
        crate::sync::request_sync();
    }
    stored
}
