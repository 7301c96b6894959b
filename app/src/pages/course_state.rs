//! One course as the learning pages need it: the version to read (the phone's, when downloaded;
//! else the server's or its kept copy), whether a newer one is published, and the person's
//! progress, counted by the server and waiting in the outbox.

use kopdes_domain::course::{CourseManifest, Progress};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiFailure;
use crate::device::use_store;
use crate::kept::use_reader;
use crate::learning::{self, Held, Mine};
use crate::session::account_id;

#[derive(Debug, Clone, PartialEq)]
pub struct CourseState {
    pub manifest: CourseManifest,
    /// Read from the phone's download.
    pub on_phone: bool,
    /// The newest version, when the server said so just now.
    pub newest: Option<u32>,
    /// When what is shown is a kept copy of the server's answer, from when.
    pub kept_at: Option<f64>,
    pub mine: Mine,
}

/// Loads the course, and loads it again each time `reload` changes.
pub fn use_course(
    id: String,
    reload: Signal<u32>,
) -> (
    RwSignal<Option<Result<CourseState, ApiFailure>>>,
    RwSignal<Held>,
) {
    let reader = use_reader();
    let store = use_store();
    let account = account_id();
    let state = RwSignal::new(None::<Result<CourseState, ApiFailure>>);
    let held = RwSignal::new(Held::none());
    let progress_id = id.clone();
    Effect::new(move |_| {
        reload.track();
        let (reader, store, account, id) =
            (reader.clone(), store.clone(), account.clone(), id.clone());
        spawn_local(async move {
            let on_phone = match &store {
                Some(store) => learning::held(store).await.remove(&id),
                None => None,
            };
            let from_server = reader
                .get::<CourseManifest>(&format!("/api/courses/{id}"))
                .await;
            let progress = reader
                .get::<Progress>(&format!("/api/courses/{id}/progress"))
                .await
                .map(|p| p.value)
                .unwrap_or_default();
            let (waiting_lessons, waiting_attempts) = match &store {
                Some(store) => learning::waiting(store, &account, &id).await,
                None => (Vec::new(), Vec::new()),
            };
            let mine = Mine {
                server: progress,
                waiting_lessons,
                waiting_attempts,
            };
            let phone_manifest = on_phone.as_ref().and_then(Held::manifest);
            let newest = from_server
                .as_ref()
                .ok()
                .filter(|l| l.kept_at.is_none())
                .map(|l| l.value.summary.version);
            let result = match (phone_manifest, from_server) {
                (Some(manifest), _) => Ok(CourseState {
                    manifest,
                    on_phone: true,
                    newest,
                    kept_at: None,
                    mine,
                }),
                (None, Ok(loaded)) => Ok(CourseState {
                    manifest: loaded.value,
                    on_phone: false,
                    newest,
                    kept_at: loaded.kept_at,
                    mine,
                }),
                (None, Err(failure)) => Err(failure),
            };
            if let Some(h) = on_phone {
                let _ = held.try_set(h);
            }
            let _ = state.try_set(Some(result));
        });
    });
    learning::on_progress(move |course, report| {
        if course == progress_id {
            let _ = held.try_update(|h| {
                let manifest = h.manifest.take();
                *h = report;
                h.manifest = manifest;
            });
        }
    });
    (state, held)
}
