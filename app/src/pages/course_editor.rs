//! `/koperasi/pelatihan/{id}`: an admin writes a course: its details, lessons in Markdown with
//! pictures, and its quiz. Every key is kept on this phone at once; "Simpan" saves the draft on
//! the server (refused when a colleague saved meanwhile, never overwriting them); "Terbitkan"
//! publishes it as the next version, after the same checks the server runs, shown by field.

use kopdes_domain::Lang;
use kopdes_domain::api::FieldError;
use kopdes_domain::course::{
    AuthoredCourse, CourseDraft, DraftSave, LessonDraft, Level, Question, Topic,
};
use kopdes_domain::form::Text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

use crate::api::{self, ApiFailure};
use crate::device::use_store;
use crate::drafts::{self, Draft};
use crate::i18n::{tr_in, use_i18n};
use crate::session::{account_id, use_session};

struct Texts {
    title: &'static str,
    back: &'static str,
    loading: &'static str,
    failed: &'static str,
    details: &'static str,
    course_title: &'static str,
    summary: &'static str,
    topic: &'static str,
    level: &'static str,
    minutes: &'static str,
    region: &'static str,
    region_own: &'static str,
    region_country: &'static str,
    region_hint: &'static str,
    cover: &'static str,
    picture_failed: &'static str,
    lessons: &'static str,
    lesson: &'static str,
    lesson_title: &'static str,
    body_id: &'static str,
    body_en: &'static str,
    markdown_hint: &'static str,
    add_picture: &'static str,
    add_lesson: &'static str,
    up: &'static str,
    down: &'static str,
    remove: &'static str,
    quiz: &'static str,
    pass_percent: &'static str,
    question: &'static str,
    prompt: &'static str,
    multiple: &'static str,
    option: &'static str,
    right: &'static str,
    add_option: &'static str,
    explanation: &'static str,
    add_question: &'static str,
    english: &'static str,
    save: &'static str,
    saved: &'static str,
    kept_here: &'static str,
    stale: &'static str,
    take_server: &'static str,
    publish: &'static str,
    problems: &'static str,
}

const ID: Texts = Texts {
    title: "Ubah pelatihan",
    back: "Semua pelatihan yang Anda tulis",
    loading: "Memuat…",
    failed: "Pelatihan ini belum bisa dimuat.",
    details: "Keterangan",
    course_title: "Judul",
    summary: "Ringkasan",
    topic: "Topik",
    level: "Tingkat",
    minutes: "Perkiraan waktu (menit)",
    region: "Untuk",
    region_own: "Wilayah Anda",
    region_country: "Seluruh Indonesia",
    region_hint: "Kode provinsi atau kabupaten/kota di wilayah Anda, misalnya 32.04.",
    cover: "Gambar sampul",
    picture_failed: "Gambar belum terunggah: pilih foto JPEG, PNG atau WebP, dan pastikan ada sinyal.",
    lessons: "Pelajaran",
    lesson: "Pelajaran",
    lesson_title: "Judul pelajaran",
    body_id: "Isi (Markdown)",
    body_en: "Isi dalam bahasa Inggris (boleh kosong)",
    markdown_hint: "## untuk subjudul, **tebal**, - untuk daftar. Gambar ditambahkan dengan tombol di bawah.",
    add_picture: "Tambah gambar",
    add_lesson: "Tambah pelajaran",
    up: "Naik",
    down: "Turun",
    remove: "Hapus",
    quiz: "Kuis",
    pass_percent: "Nilai lulus (%)",
    question: "Pertanyaan",
    prompt: "Pertanyaan",
    multiple: "Boleh lebih dari satu jawaban benar",
    option: "Pilihan",
    right: "Benar",
    add_option: "Tambah pilihan",
    explanation: "Penjelasan setelah menjawab",
    add_question: "Tambah pertanyaan",
    english: "Bahasa Inggris (boleh kosong)",
    save: "Simpan draf",
    saved: "Draf tersimpan di server.",
    kept_here: "Tersimpan di ponsel ini.",
    stale: "Rekan Anda menyimpan draf ini lebih dulu. Perubahan Anda tetap di ponsel ini; muat versi server bila ingin memakai milik rekan.",
    take_server: "Pakai versi server",
    publish: "Terbitkan",
    problems: "Perbaiki dulu bagian yang ditandai.",
};

const EN: Texts = Texts {
    title: "Edit course",
    back: "All the courses you write",
    loading: "Loading…",
    failed: "This course could not be loaded.",
    details: "Details",
    course_title: "Title",
    summary: "Summary",
    topic: "Topic",
    level: "Level",
    minutes: "Estimated time (minutes)",
    region: "For",
    region_own: "Your region",
    region_country: "All of Indonesia",
    region_hint: "A province or regency code within your region, such as 32.04.",
    cover: "Cover picture",
    picture_failed: "The picture was not uploaded: choose a JPEG, PNG or WebP photo, with a signal.",
    lessons: "Lessons",
    lesson: "Lesson",
    lesson_title: "Lesson title",
    body_id: "Text (Markdown)",
    body_en: "Text in English (optional)",
    markdown_hint: "## for a subheading, **bold**, - for a list. Add pictures with the button below.",
    add_picture: "Add a picture",
    add_lesson: "Add a lesson",
    up: "Up",
    down: "Down",
    remove: "Remove",
    quiz: "Quiz",
    pass_percent: "Pass mark (%)",
    question: "Question",
    prompt: "Question",
    multiple: "More than one answer may be right",
    option: "Option",
    right: "Right",
    add_option: "Add an option",
    explanation: "Explanation after answering",
    add_question: "Add a question",
    english: "English (optional)",
    save: "Save draft",
    saved: "Draft saved on the server.",
    kept_here: "Kept on this phone.",
    stale: "A colleague saved this draft first. Your changes stay on this phone; load the server's version to use theirs.",
    take_server: "Use the server's version",
    publish: "Publish",
    problems: "Fix the marked parts first.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// The editor's copy on the phone: the draft as typed and the server save it was made from.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Local {
    draft: CourseDraft,
    saved_at: i64,
}

fn error_text(lang: Lang, code: &str) -> &'static str {
    let (id, en) = match code {
        "required" => ("Wajib diisi.", "Required."),
        "text.too_long" => ("Terlalu panjang.", "Too long."),
        "course.minutes" => ("Isi 1 sampai 600 menit.", "Between 1 and 600 minutes."),
        "course.no_lessons" => (
            "Tambahkan paling sedikit satu pelajaran.",
            "Add at least one lesson.",
        ),
        "course.no_questions" => (
            "Tambahkan paling sedikit satu pertanyaan.",
            "Add at least one question.",
        ),
        "course.options" => ("Beri 2 sampai 6 pilihan.", "Give 2 to 6 options."),
        "course.correct" => (
            "Tandai jawaban yang benar (satu saja bila tidak boleh lebih).",
            "Mark the right answer (only one unless more are allowed).",
        ),
        "course.pass_percent" => ("Isi 1 sampai 100.", "Between 1 and 100."),
        "course.region_scope" => (
            "Di luar wilayah Anda: pilih wilayah Anda atau bagian darinya.",
            "Outside your region: choose your region or a part of it.",
        ),
        "announcement.region_level" | "region.format" | "region.unknown" => (
            "Tulis kode provinsi atau kabupaten/kota.",
            "Write a province or regency code.",
        ),
        "media.unknown" => (
            "Gambar ini tidak ada di server.",
            "This picture is not on the server.",
        ),
        _ => ("Periksa isian ini.", "Check this entry."),
    };
    if lang == Lang::Id { id } else { en }
}

#[component]
pub fn CourseEditorPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let account = account_id();
    let navigate = use_navigate();
    let own_region = StoredValue::new(use_session().me.with_untracked(|me| {
        me.as_ref().and_then(|m| {
            m.roles
                .iter()
                .find_map(|g| g.region.as_ref().map(|r| r.to_string()))
        })
    }));
    let draft = RwSignal::new(None::<CourseDraft>);
    let saved_at = RwSignal::new(0i64);
    let failed = RwSignal::new(false);
    let kept = RwSignal::new(false);
    let status = RwSignal::new(None::<&'static str>);
    let stale = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let message = RwSignal::new(None::<String>);
    let tried = RwSignal::new(false);
    let local_id = format!("course-{id}");

    let load = {
        let (store, account, id, local_id) =
            (store.clone(), account.clone(), id.clone(), local_id.clone());
        move |prefer_server: bool| {
            let (store, account, id, local_id) =
                (store.clone(), account.clone(), id.clone(), local_id.clone());
            spawn_local(async move {
                let server = api::get_text(&format!("/api/courses/{id}/draft"))
                    .await
                    .ok()
                    .and_then(|t| crate::json::decode::<AuthoredCourse>(&t));
                let local = match (&store, prefer_server) {
                    (Some(store), false) => drafts::find(store, &account, &local_id)
                        .await
                        .ok()
                        .flatten()
                        .and_then(|d| crate::json::decode::<Local>(&d.answers)),
                    _ => None,
                };
                // What was typed here is never dropped for the server's copy unasked.
                match (local, server) {
                    (Some(local), _) => {
                        saved_at.set(local.saved_at);
                        draft.set(Some(local.draft));
                    }
                    (None, Some(server)) => {
                        saved_at.set(server.saved_at);
                        draft.set(Some(server.draft));
                    }
                    (None, None) => failed.set(true),
                }
            });
        }
    };
    load(false);
    let load = StoredValue::new_local(load);

    // Every change is kept on the phone at once. "Kept" is claimed only once the latest change
    // is written: a save still on its way when the page is closed would otherwise be
    // announced as done.
    {
        let (store, account, local_id) = (store.clone(), account.clone(), local_id.clone());
        let generation = StoredValue::new(0u32);
        Effect::new(move |first: Option<()>| {
            let Some(current) = draft.get() else { return };
            if first.is_none() {
                return;
            }
            let Some(store) = store.clone() else { return };
            let (account, local_id) = (account.clone(), local_id.clone());
            let local = Local {
                draft: current,
                saved_at: saved_at.get_untracked(),
            };
            let ticket = generation.get_value().wrapping_add(1);
            generation.set_value(ticket);
            kept.set(false);
            spawn_local(async move {
                let kept_draft = Draft {
                    id: local_id,
                    form_id: "course".to_owned(),
                    cooperative_id: String::new(),
                    unit_id: None,
                    answers: serde_json::to_string(&local).unwrap_or_default(),
                    updated_at: js_sys::Date::now(),
                };
                let saved = drafts::save(&store, &account, &kept_draft).await.is_ok();
                if generation.try_get_value() == Some(ticket) {
                    kept.maybe_update(|k| {
                        *k = saved;
                        true
                    });
                }
            });
        });
    }
    // After a first try at publishing, the shared checks follow every change.
    Effect::new(move |_| {
        if tried.get()
            && let Some(d) = draft.get()
        {
            errors.set(d.check().err().unwrap_or_default());
        }
    });

    let edit = move |change: &dyn Fn(&mut CourseDraft)| {
        draft.update(|d| {
            if let Some(d) = d {
                change(d);
            }
        });
        status.set(None);
    };
    let error_of = move |field: String| {
        let lang = i18n.lang.get();
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == field)
                .map(|e| error_text(lang, &e.code))
        })
    };
    let error_view = move |field: String| {
        move || {
            error_of(field.clone()).map(|e| view! { <p class="field-error" data-testid=format!("error-{}", field.replace('.', "-"))>{e}</p> })
        }
    };

    let save = {
        let (store, account, id, local_id) =
            (store.clone(), account.clone(), id.clone(), local_id.clone());
        move |then_publish: bool| {
            let Some(current) = draft.get_untracked() else {
                return;
            };
            if then_publish {
                tried.set(true);
                if let Err(found) = current.check() {
                    errors.set(found);
                    message.set(Some(texts(i18n.lang.get_untracked()).problems.to_owned()));
                    return;
                }
            }
            busy.set(true);
            message.set(None);
            let (store, account, id, local_id, navigate) = (
                store.clone(),
                account.clone(),
                id.clone(),
                local_id.clone(),
                navigate.clone(),
            );
            spawn_local(async move {
                let save = DraftSave {
                    draft: current,
                    saved_at: saved_at.get_untracked(),
                };
                let lang = i18n.lang.get_untracked();
                match api::save_course_draft(&id, &save).await {
                    Ok(authored) => {
                        saved_at.set(authored.saved_at);
                        stale.set(false);
                        if let Some(store) = &store {
                            let _ = drafts::discard(store, &account, &local_id).await;
                        }
                        if !then_publish {
                            status.set(Some(texts(lang).saved));
                            busy.set(false);
                            return;
                        }
                        match api::publish_course(&id).await {
                            Ok(_) => navigate(&format!("/belajar/{id}"), Default::default()),
                            Err(failure) => {
                                busy.set(false);
                                show_failure(failure, errors, message, lang);
                            }
                        }
                    }
                    Err(ApiFailure::Server {
                        code: kopdes_domain::api::ErrorCode::Conflict,
                        ..
                    }) => {
                        busy.set(false);
                        stale.set(true);
                    }
                    Err(failure) => {
                        busy.set(false);
                        show_failure(failure, errors, message, lang);
                    }
                }
            });
        }
    };
    let save = StoredValue::new(save);

    let text_pair = move |label: fn(&Texts) -> &'static str,
                          field: String,
                          get: fn(&CourseDraft) -> Option<&Text>,
                          set: fn(&mut CourseDraft, bool, String),
                          long: bool| {
        let testid = field.replace('.', "-");
        let id_value = move || {
            draft.with(|d| {
                d.as_ref()
                    .and_then(get)
                    .map(|t| t.id.clone())
                    .unwrap_or_default()
            })
        };
        let en_value = move || {
            draft.with(|d| {
                d.as_ref()
                    .and_then(get)
                    .map(|t| t.en.clone())
                    .unwrap_or_default()
            })
        };
        let input = move |english: bool,
                          value: Box<dyn Fn() -> String + Send + Sync>,
                          testid: String| {
            let on_input = move |ev: leptos::ev::Event| {
                let typed = event_target_value(&ev);
                edit(&move |d| set(d, english, typed.clone()));
            };
            if long {
                view! { <textarea rows="8" data-testid=testid prop:value=value on:input=on_input></textarea> }.into_any()
            } else {
                view! { <input data-testid=testid prop:value=value on:input=on_input/> }.into_any()
            }
        };
        view! {
            <div class="field" class:field-invalid={let f = field.clone(); move || error_of(format!("{f}.id")).is_some()}>
                <label>{tr_in(texts, label)}
                    {input(false, Box::new(id_value), format!("input-{testid}-id"))}
                </label>
                {error_view(format!("{field}.id"))}
                <label class="hint">{tr_in(texts, |t| t.english)}
                    {input(true, Box::new(en_value), format!("input-{testid}-en"))}
                </label>
                {error_view(format!("{field}.en"))}
            </div>
        }
    };

    view! {
        <p><A href="/koperasi/pelatihan">{tr_in(texts, |t| t.back)}</A></p>
        <h1>{tr_in(texts, |t| t.title)}</h1>
        {move || failed.get().then(|| view! { <p class="form-error" role="alert">{tr_in(texts, |t| t.failed)}</p> })}
        {move || draft.with(Option::is_none).then(|| view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> })}
        <Show when=move || draft.with(Option::is_some)>
            <section class="card form" data-testid="course-details">
                <h2>{tr_in(texts, |t| t.details)}</h2>
                {text_pair(|t| t.course_title, "title".into(), |d| Some(&d.title), |d, en, v| if en { d.title.en = v } else { d.title.id = v }, false)}
                {text_pair(|t| t.summary, "summary".into(), |d| Some(&d.summary), |d, en, v| if en { d.summary.en = v } else { d.summary.id = v }, true)}
                <div class="field">
                    <label>{tr_in(texts, |t| t.topic)}
                        <select data-testid="input-topic" on:change=move |ev| {
                            let at: usize = event_target_value(&ev).parse().unwrap_or(0);
                            edit(&move |d| d.topic = Topic::ALL[at.min(4)]);
                        }>
                            {(0..5).map(|i| view! {
                                <option value=i.to_string() selected=move || draft.with(|d| d.as_ref().is_some_and(|d| d.topic == Topic::ALL[i]))>
                                    {move || crate::pages::learning_texts::texts(i18n.lang.get()).topics[i]}
                                </option>
                            }).collect_view()}
                        </select>
                    </label>
                </div>
                <div class="field">
                    <label>{tr_in(texts, |t| t.level)}
                        <select data-testid="input-level" on:change=move |ev| {
                            let level = match event_target_value(&ev).as_str() { "1" => Level::Intermediate, "2" => Level::Advanced, _ => Level::Basic };
                            edit(&move |d| d.level = level);
                        }>
                            {[Level::Basic, Level::Intermediate, Level::Advanced].into_iter().enumerate().map(|(i, level)| view! {
                                <option value=i.to_string() selected=move || draft.with(|d| d.as_ref().is_some_and(|d| d.level == level))>
                                    {move || { let t = crate::pages::learning_texts::texts(i18n.lang.get()); crate::pages::learning_texts::level(t, [Level::Basic, Level::Intermediate, Level::Advanced][i]) }}
                                </option>
                            }).collect_view()}
                        </select>
                    </label>
                </div>
                <div class="field" class:field-invalid=move || error_of("minutes".into()).is_some()>
                    <label>{tr_in(texts, |t| t.minutes)}
                        <input type="number" inputmode="numeric" min="1" max="600" data-testid="input-minutes"
                            prop:value=move || draft.with(|d| d.as_ref().map(|d| d.minutes.to_string()).unwrap_or_default())
                            on:input=move |ev| { let m = event_target_value(&ev).parse().unwrap_or(0); edit(&move |d| d.minutes = m); }/>
                    </label>
                    {error_view("minutes".into())}
                </div>
                <div class="field" class:field-invalid=move || error_of("region".into()).is_some()>
                    <label>{tr_in(texts, |t| t.region)}
                        <input data-testid="input-region" inputmode="decimal" placeholder=own_region.get_value().unwrap_or_default()
                            prop:value=move || draft.with(|d| d.as_ref().and_then(|d| d.region.clone()).unwrap_or_default())
                            on:input=move |ev| { let r = event_target_value(&ev); edit(&move |d| d.region = Some(r.clone()).filter(|r| !r.trim().is_empty())); }/>
                    </label>
                    <p class="field-hint">{tr_in(texts, |t| t.region_hint)} " "
                        {move || {
                            let t = texts(i18n.lang.get());
                            match own_region.get_value() {
                                Some(r) => format!("{}: {r}.", t.region_own),
                                None => format!("{}: {}.", t.region_country, t.region_own.to_lowercase()),
                            }
                        }}
                    </p>
                    {error_view("region".into())}
                </div>
                <CoverPicker draft edit/>
            </section>
            <LessonsEditor draft edit error_of=Callback::new(move |f: String| error_of(f))/>
            <QuizEditor draft edit error_of=Callback::new(move |f: String| error_of(f))/>
            {move || error_of("lessons".into()).map(|e| view! { <p class="form-error">{e}</p> })}
            {move || stale.get().then(|| view! {
                <div class="form-error" role="alert" data-testid="stale">
                    <p>{tr_in(texts, |t| t.stale)}</p>
                    <button type="button" class="button button-light" data-testid="take-server" on:click=move |_| { stale.set(false); load.with_value(|load| load(true)); }>
                        {tr_in(texts, |t| t.take_server)}
                    </button>
                </div>
            })}
            {move || message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            {move || status.get().map(|s| view! { <p class="hint" data-testid="saved">{s}</p> })}
            {move || (kept.get() && status.get().is_none()).then(|| view! { <p class="hint" data-testid="kept-here">{tr_in(texts, |t| t.kept_here)}</p> })}
            <div class="actions">
                <button type="button" class="button button-light" data-testid="save" disabled=move || busy.get()
                    on:click=move |_| save.with_value(|s| s(false))>{tr_in(texts, |t| t.save)}</button>
                <button type="button" class="button" data-testid="publish" disabled=move || busy.get()
                    on:click=move |_| save.with_value(|s| s(true))>{tr_in(texts, |t| t.publish)}</button>
            </div>
        </Show>
    }
}

fn show_failure(
    failure: ApiFailure,
    errors: RwSignal<Vec<FieldError>>,
    message: RwSignal<Option<String>>,
    lang: Lang,
) {
    match failure {
        ApiFailure::Server { fields, .. } if !fields.is_empty() => {
            errors.set(fields);
            message.set(Some(texts(lang).problems.to_owned()));
        }
        ApiFailure::Network => message.set(Some(crate::i18n::texts(lang).needs_network.to_owned())),
        ApiFailure::Server { code, .. } => {
            message.set(Some(crate::i18n::texts(lang).error(code).to_owned()))
        }
        ApiFailure::UnexpectedResponse => {
            message.set(Some(crate::i18n::texts(lang).error_internal.to_owned()))
        }
    }
}

/// Uploads a picture the person picks; `then` gets its reference.
fn upload_picked(
    ev: leptos::ev::Event,
    failed: RwSignal<bool>,
    then: impl FnOnce(String) + 'static,
) {
    let input: wasm_bindgen::JsValue = event_target::<web_sys::HtmlInputElement>(&ev).into();
    let file = js_sys::Reflect::get(&input, &"files".into())
        .and_then(|files| js_sys::Reflect::get(&files, &wasm_bindgen::JsValue::from_f64(0.0)));
    let Some(file) = file.ok().filter(|f| !f.is_undefined() && !f.is_null()) else {
        return;
    };
    failed.set(false);
    spawn_local(async move {
        match api::upload_media(&file).await {
            Ok(picture) => then(picture.hash),
            Err(_) => failed.set(true),
        }
    });
}

#[component]
fn CoverPicker(
    draft: RwSignal<Option<CourseDraft>>,
    edit: impl Fn(&dyn Fn(&mut CourseDraft)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let failed = RwSignal::new(false);
    view! {
        <div class="field">
            <label>{tr_in(texts, |t| t.cover)}
                <input type="file" accept="image/jpeg,image/png,image/webp" data-testid="input-cover"
                    on:change=move |ev| upload_picked(ev, failed, move |hash| edit(&move |d| d.cover = Some(hash.clone())))/>
            </label>
            {move || draft.with(|d| d.as_ref().and_then(|d| d.cover.clone())).map(|hash| view! {
                <img class="course-cover" src=format!("/media/{hash}") alt="" data-testid="cover-preview"/>
            })}
            {move || failed.get().then(|| view! { <p class="field-error">{tr_in(texts, |t| t.picture_failed)}</p> })}
        </div>
    }
}

#[component]
fn LessonsEditor(
    draft: RwSignal<Option<CourseDraft>>,
    edit: impl Fn(&dyn Fn(&mut CourseDraft)) + Copy + Send + Sync + 'static,
    error_of: Callback<String, Option<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = Memo::new(move |_| draft.with(|d| d.as_ref().map_or(0, |d| d.lessons.len())));
    let field = move |i: usize, english: bool, body: bool| {
        move || {
            draft.with(|d| {
                d.as_ref()
                    .and_then(|d| d.lessons.get(i))
                    .map(|l| {
                        let text = if body { &l.body } else { &l.title };
                        if english {
                            text.en.clone()
                        } else {
                            text.id.clone()
                        }
                    })
                    .unwrap_or_default()
            })
        }
    };
    let set = move |i: usize, english: bool, body: bool| {
        move |ev: leptos::ev::Event| {
            let typed = event_target_value(&ev);
            edit(&move |d| {
                if let Some(l) = d.lessons.get_mut(i) {
                    let text = if body { &mut l.body } else { &mut l.title };
                    if english {
                        text.en = typed.clone()
                    } else {
                        text.id = typed.clone()
                    }
                }
            });
        }
    };
    let card = move |i: usize| {
        let failed = RwSignal::new(false);
        let err = move |f: &'static str| {
            move || {
                error_of.run(format!("lessons.{i}.{f}")).map(|e| view! { <p class="field-error" data-testid=format!("error-lessons-{i}-{}", f.replace('.', "-"))>{e}</p> })
            }
        };
        view! {
            <li class="card form" data-testid="lesson-editor">
                <h3>{tr_in(texts, |t| t.lesson)} " " {i + 1}</h3>
                <label>{tr_in(texts, |t| t.lesson_title)}
                    <input data-testid=format!("lesson-{i}-title") prop:value=field(i, false, false) on:input=set(i, false, false)/>
                </label>
                {err("title.id")}
                <label>{tr_in(texts, |t| t.body_id)}
                    <textarea rows="10" data-testid=format!("lesson-{i}-body") prop:value=field(i, false, true) on:input=set(i, false, true)></textarea>
                </label>
                <p class="field-hint">{tr_in(texts, |t| t.markdown_hint)}</p>
                {err("body.id")}
                <label class="button button-light file-button">{tr_in(texts, |t| t.add_picture)}
                    <input type="file" accept="image/jpeg,image/png,image/webp" class="visually-hidden" data-testid=format!("lesson-{i}-picture")
                        on:change=move |ev| upload_picked(ev, failed, move |hash| edit(&move |d| {
                            if let Some(l) = d.lessons.get_mut(i) {
                                l.body.id.push_str(&format!("\n\n![](media:{hash})\n"));
                            }
                        }))/>
                </label>
                {move || failed.get().then(|| view! { <p class="field-error">{tr_in(texts, |t| t.picture_failed)}</p> })}
                <details>
                    <summary>{tr_in(texts, |t| t.english)}</summary>
                    <label>{tr_in(texts, |t| t.lesson_title)}
                        <input data-testid=format!("lesson-{i}-title-en") prop:value=field(i, true, false) on:input=set(i, true, false)/>
                    </label>
                    <label>{tr_in(texts, |t| t.body_en)}
                        <textarea rows="10" data-testid=format!("lesson-{i}-body-en") prop:value=field(i, true, true) on:input=set(i, true, true)></textarea>
                    </label>
                </details>
                <div class="actions">
                    <button type="button" class="button button-light" disabled=move || i == 0
                        on:click=move |_| edit(&move |d| d.lessons.swap(i - 1, i))>{tr_in(texts, |t| t.up)}</button>
                    <button type="button" class="button button-light" disabled=move || i + 1 >= count.get()
                        on:click=move |_| edit(&move |d| d.lessons.swap(i, i + 1))>{tr_in(texts, |t| t.down)}</button>
                    <button type="button" class="button button-light" data-testid=format!("lesson-{i}-remove")
                        on:click=move |_| edit(&move |d| { d.lessons.remove(i); })>{tr_in(texts, |t| t.remove)}</button>
                </div>
            </li>
        }
    };
    let _ = i18n;
    view! {
        <section data-testid="lessons-editor">
            <h2>{tr_in(texts, |t| t.lessons)}</h2>
            <ol class="list">{move || (0..count.get()).map(card).collect_view()}</ol>
            <button type="button" class="button button-light" data-testid="add-lesson"
                on:click=move |_| edit(&|d| d.lessons.push(LessonDraft { id: crate::outbox::new_id(), ..LessonDraft::default() }))>
                {tr_in(texts, |t| t.add_lesson)}
            </button>
        </section>
    }
}

#[component]
fn QuizEditor(
    draft: RwSignal<Option<CourseDraft>>,
    edit: impl Fn(&dyn Fn(&mut CourseDraft)) + Copy + Send + Sync + 'static,
    error_of: Callback<String, Option<&'static str>>,
) -> impl IntoView {
    let count =
        Memo::new(move |_| draft.with(|d| d.as_ref().map_or(0, |d| d.quiz.questions.len())));
    let question = move |i: usize| {
        let options = Memo::new(move |_| {
            draft.with(|d| {
                d.as_ref()
                    .and_then(|d| d.quiz.questions.get(i))
                    .map_or(0, |q| q.options.len())
            })
        });
        let read = move |pick: fn(&Question) -> String| {
            move || {
                draft.with(|d| {
                    d.as_ref()
                        .and_then(|d| d.quiz.questions.get(i))
                        .map(pick)
                        .unwrap_or_default()
                })
            }
        };
        let write = move |put: fn(&mut Question, String)| {
            move |ev: leptos::ev::Event| {
                let typed = event_target_value(&ev);
                edit(&move |d| {
                    if let Some(q) = d.quiz.questions.get_mut(i) {
                        put(q, typed.clone())
                    }
                });
            }
        };
        let err = move |f: String| {
            move || {
                error_of.run(format!("quiz.questions.{i}.{f}")).map(|e| view! { <p class="field-error" data-testid=format!("error-quiz-{i}-{}", f.replace('.', "-"))>{e}</p> })
            }
        };
        let option = move |j: usize| {
            let j8 = j as u8;
            view! {
                <div class="quiz-option" data-testid="option-editor">
                    <label>{tr_in(texts, |t| t.option)} " " {j + 1}
                        <input data-testid=format!("question-{i}-option-{j}")
                            prop:value=move || draft.with(|d| d.as_ref().and_then(|d| d.quiz.questions.get(i)).and_then(|q| q.options.get(j)).map(|o| o.id.clone()).unwrap_or_default())
                            on:input=move |ev| { let typed = event_target_value(&ev); edit(&move |d| if let Some(o) = d.quiz.questions.get_mut(i).and_then(|q| q.options.get_mut(j)) { o.id = typed.clone() }); }/>
                    </label>
                    <label class="choice-option">
                        <input type="checkbox" data-testid=format!("question-{i}-right-{j}")
                            prop:checked=move || draft.with(|d| d.as_ref().and_then(|d| d.quiz.questions.get(i)).is_some_and(|q| q.correct.contains(&j8)))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                edit(&move |d| if let Some(q) = d.quiz.questions.get_mut(i) {
                                    q.correct.retain(|c| *c != j8);
                                    if on {
                                        if !q.multiple { q.correct.clear(); }
                                        q.correct.push(j8);
                                        q.correct.sort_unstable();
                                    }
                                });
                            }/>
                        {tr_in(texts, |t| t.right)}
                    </label>
                    <button type="button" class="link-button" on:click=move |_| edit(&move |d| if let Some(q) = d.quiz.questions.get_mut(i) {
                        q.options.remove(j);
                        q.correct = q.correct.iter().filter(|c| usize::from(**c) != j).map(|c| if usize::from(*c) > j { c - 1 } else { *c }).collect();
                    })>{tr_in(texts, |t| t.remove)}</button>
                </div>
            }
        };
        view! {
            <li class="card form" data-testid="question-editor">
                <h3>{tr_in(texts, |t| t.question)} " " {i + 1}</h3>
                <label>{tr_in(texts, |t| t.prompt)}
                    <input data-testid=format!("question-{i}-prompt") prop:value=read(|q| q.prompt.id.clone()) on:input=write(|q, v| q.prompt.id = v)/>
                </label>
                {err("prompt.id".into())}
                <label class="choice-option">
                    <input type="checkbox" data-testid=format!("question-{i}-multiple")
                        prop:checked=move || draft.with(|d| d.as_ref().and_then(|d| d.quiz.questions.get(i)).is_some_and(|q| q.multiple))
                        on:change=move |ev| { let on = event_target_checked(&ev); edit(&move |d| if let Some(q) = d.quiz.questions.get_mut(i) { q.multiple = on; if !on { q.correct.truncate(1); } }); }/>
                    {tr_in(texts, |t| t.multiple)}
                </label>
                {move || (0..options.get()).map(option).collect_view()}
                {err("options".into())}
                {err("correct".into())}
                <button type="button" class="button button-light" data-testid=format!("question-{i}-add-option")
                    on:click=move |_| edit(&move |d| if let Some(q) = d.quiz.questions.get_mut(i) { q.options.push(Text::default()) })>
                    {tr_in(texts, |t| t.add_option)}
                </button>
                <label>{tr_in(texts, |t| t.explanation)}
                    <textarea rows="3" data-testid=format!("question-{i}-explanation") prop:value=read(|q| q.explanation.id.clone()) on:input=write(|q, v| q.explanation.id = v)></textarea>
                </label>
                <button type="button" class="button button-light" data-testid=format!("question-{i}-remove")
                    on:click=move |_| edit(&move |d| { d.quiz.questions.remove(i); })>{tr_in(texts, |t| t.remove)}</button>
            </li>
        }
    };
    view! {
        <section data-testid="quiz-editor">
            <h2>{tr_in(texts, |t| t.quiz)}</h2>
            <div class="field">
                <label>{tr_in(texts, |t| t.pass_percent)}
                    <input type="number" min="1" max="100" data-testid="input-pass-percent"
                        prop:value=move || draft.with(|d| d.as_ref().map(|d| d.quiz.pass_percent.to_string()).unwrap_or_default())
                        on:input=move |ev| { let p = event_target_value(&ev).parse().unwrap_or(0); edit(&move |d| d.quiz.pass_percent = p); }/>
                </label>
                {move || error_of.run("quiz.pass_percent".into()).map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
            <ol class="list">{move || (0..count.get()).map(question).collect_view()}</ol>
            {move || error_of.run("quiz".into()).map(|e| view! { <p class="field-error">{e}</p> })}
            <button type="button" class="button button-light" data-testid="add-question"
                on:click=move |_| edit(&|d| d.quiz.questions.push(Question {
                    id: crate::outbox::new_id(),
                    options: vec![Text::default(), Text::default()],
                    ..Question::default()
                }))>
                {tr_in(texts, |t| t.add_question)}
            </button>
        </section>
    }
}
