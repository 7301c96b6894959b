//! `/koperasi/pengumuman/baru`: a dinas or ministry admin writes an announcement in Indonesian
//! (English optional), chooses whom it is for within their own region, and sees it as readers
//! will, in both languages, while typing. What is typed is a draft on the phone from the first
//! key: a reload, a lost signal or a refusal loses nothing.

use kopdes_domain::Lang;
use kopdes_domain::account::Role;
use kopdes_domain::announcement::{AnnouncementInput, BODY_MAX_CHARS, TITLE_MAX_CHARS};
use kopdes_domain::api::RegionSummary;
use kopdes_domain::form::Text;
use kopdes_domain::format;
use kopdes_domain::region::{RegionCode, RegionLevel};
use kopdes_domain::registry::{RegistryEntry, RegistryPage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

use crate::api;
use crate::components::RegionPicker;
use crate::device::use_store;
use crate::drafts::{self, Draft};
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::use_reader;
use crate::session::{account_id, use_session};

struct Texts {
    title: &'static str,
    intro: &'static str,
    heading_id: &'static str,
    heading_en: &'static str,
    title_field: &'static str,
    body_field: &'static str,
    en_hint: &'static str,
    audience: &'static str,
    country: &'static str,
    province: &'static str,
    regency: &'static str,
    cooperative: &'static str,
    place: &'static str,
    pick_cooperative: &'static str,
    cooperatives_loading: &'static str,
    cooperatives_none: &'static str,
    pinned: &'static str,
    pinned_hint: &'static str,
    publish_on: &'static str,
    publish_hint: &'static str,
    expires_on: &'static str,
    expires_hint: &'static str,
    chars: &'static str,
    draft_saved: &'static str,
    preview: &'static str,
    preview_en_fallback: &'static str,
    for_whom: &'static str,
    from: &'static str,
    until: &'static str,
    scheduled: &'static str,
    publish: &'static str,
    discard: &'static str,
    pinned_badge: &'static str,
    image: &'static str,
    image_remove: &'static str,
    image_failed: &'static str,
}

const ID: Texts = Texts {
    title: "Tulis pengumuman",
    intro: "Pengumuman tampil di ponsel pengurus dan anggota yang dituju, juga tanpa sinyal setelah sekali dimuat. Tulisan Anda tersimpan sebagai draf di ponsel ini selama diketik.",
    heading_id: "Bahasa Indonesia",
    heading_en: "English (boleh kosong)",
    title_field: "Judul",
    body_field: "Isi",
    en_hint: "Pembaca berbahasa Inggris melihat teks Indonesia bila bagian ini kosong.",
    audience: "Untuk siapa",
    country: "Seluruh Indonesia",
    province: "Satu provinsi",
    regency: "Satu kabupaten/kota",
    cooperative: "Satu koperasi",
    place: "Wilayah",
    pick_cooperative: "Koperasi",
    cooperatives_loading: "Memuat daftar koperasi…",
    cooperatives_none: "Belum ada koperasi di wilayah ini.",
    pinned: "Sematkan di atas",
    pinned_hint: "Pengumuman yang disematkan selalu tampil paling atas.",
    publish_on: "Tayang mulai",
    publish_hint: "Kosongkan untuk hari ini.",
    expires_on: "Tayang sampai (boleh kosong)",
    expires_hint: "Hari terakhir pengumuman tampil.",
    chars: "karakter",
    draft_saved: "Draf tersimpan di ponsel ini.",
    preview: "Pratinjau",
    preview_en_fallback: "Belum ada teks Inggris: pembaca berbahasa Inggris melihat teks Indonesia.",
    for_whom: "Untuk",
    from: "dari",
    until: "berlaku sampai",
    scheduled: "Terjadwal: belum tampil bagi pembaca sampai tanggal tayang.",
    publish: "Terbitkan",
    discard: "Buang draf",
    pinned_badge: "Disematkan",
    image: "Gambar (boleh kosong)",
    image_remove: "Hapus gambar",
    image_failed: "Gambar belum terunggah: pilih foto JPEG, PNG atau WebP, dan pastikan ada sinyal.",
};

const EN: Texts = Texts {
    title: "Write an announcement",
    intro: "Announcements show on the phones of the officers and members they are for, also without a signal once loaded. What you write is kept as a draft on this phone as you type.",
    heading_id: "Bahasa Indonesia",
    heading_en: "English (optional)",
    title_field: "Title",
    body_field: "Text",
    en_hint: "Readers of English see the Indonesian text while this part is empty.",
    audience: "For whom",
    country: "All of Indonesia",
    province: "One province",
    regency: "One regency or city",
    cooperative: "One cooperative",
    place: "Region",
    pick_cooperative: "Cooperative",
    cooperatives_loading: "Loading the cooperatives…",
    cooperatives_none: "No cooperatives in this region yet.",
    pinned: "Pin to the top",
    pinned_hint: "Pinned announcements always show first.",
    publish_on: "Shown from",
    publish_hint: "Leave empty for today.",
    expires_on: "Shown until (optional)",
    expires_hint: "The last day the announcement shows.",
    chars: "characters",
    draft_saved: "Draft kept on this phone.",
    preview: "Preview",
    preview_en_fallback: "No English text yet: readers of English see the Indonesian.",
    for_whom: "For",
    from: "from",
    until: "valid until",
    scheduled: "Scheduled: readers do not see it before the first day.",
    publish: "Publish",
    discard: "Discard draft",
    pinned_badge: "Pinned",
    image: "Picture (optional)",
    image_remove: "Remove the picture",
    image_failed: "The picture was not uploaded: choose a JPEG, PNG or WebP photo, with a signal.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// Texts for the codes only announcements produce; the rest come from the app's common table.
fn error_text(lang: Lang, code: &str) -> Option<&'static str> {
    let (id, en) = match code {
        "announcement.region_level" => (
            "Pilih provinsi atau kabupaten/kota.",
            "Choose a province or a regency.",
        ),
        "announcement.two_audiences" => (
            "Pilih wilayah atau satu koperasi, tidak keduanya.",
            "Choose a region or one cooperative, not both.",
        ),
        "announcement.unknown_cooperative" => (
            "Koperasi ini tidak ditemukan di wilayah Anda.",
            "This cooperative is not found in your region.",
        ),
        "region.unknown" | "region.format" => {
            ("Wilayah ini tidak dikenal.", "This region is not known.")
        }
        "date.before_publish" => (
            "Tanggal akhir tidak boleh sebelum tanggal tayang.",
            "The last day cannot be before the first.",
        ),
        "announcement.pick" => (
            "Pilih sampai tingkat terakhir.",
            "Choose down to the last level.",
        ),
        _ => return None,
    };
    Some(if lang == Lang::Id { id } else { en })
}

/// Whom the admin means, as chosen on the page; it becomes the input's region or cooperative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
enum Reach {
    Country,
    Province,
    #[default]
    Regency,
    Cooperative,
}

/// The draft: the input as typed, and the choices that are not part of it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ComposeDraft {
    input: AnnouncementInput,
    reach: Reach,
    /// The regency whose cooperatives were listed for a one-cooperative announcement.
    #[serde(default)]
    near: Option<String>,
}

const DRAFT_ID: &str = "announcement-new";

fn chars(text: &str) -> usize {
    text.chars().count()
}

#[component]
pub fn AnnouncementComposePage() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    let navigate = use_navigate();
    let store = use_store();
    let account = account_id();
    let grants = use_session()
        .me
        .with_untracked(|me| me.as_ref().map(|m| m.roles.clone()).unwrap_or_default());
    // The admin's own region: the ministry is over the whole country (None).
    let within: Option<RegionCode> = if grants.iter().any(|g| g.role == Role::MinistryAdmin) {
        None
    } else {
        grants.iter().find_map(|g| g.region.clone())
    };
    let national = within.is_none();
    let regional = within
        .as_ref()
        .is_none_or(|r| r.level() == RegionLevel::Province);

    let title_id = RwSignal::new(String::new());
    let title_en = RwSignal::new(String::new());
    let body_id = RwSignal::new(String::new());
    let body_en = RwSignal::new(String::new());
    let reach = RwSignal::new(if regional {
        Reach::Province
    } else {
        Reach::Regency
    });
    let province = RwSignal::new(None::<RegionSummary>);
    let regency = RwSignal::new(None::<RegionSummary>);
    let near = RwSignal::new(None::<RegionSummary>);
    let cooperative = RwSignal::new(String::new());
    let pinned = RwSignal::new(false);
    let publish_on = RwSignal::new(String::new());
    let expires_on = RwSignal::new(String::new());
    let image = RwSignal::new(None::<String>);
    let image_failed = RwSignal::new(false);
    // The places a draft had chosen, for the pickers to open on.
    let initial = RwSignal::new(None::<ComposeDraft>);
    let restored = RwSignal::new(store.is_none());
    let saved = RwSignal::new(false);

    let input = move || {
        let region = match reach.get() {
            Reach::Country | Reach::Cooperative => None,
            Reach::Province => province.get().map(|p| p.code.to_string()),
            Reach::Regency => regency.get().map(|r| r.code.to_string()),
        };
        AnnouncementInput {
            title: Text {
                id: title_id.get(),
                en: title_en.get(),
            },
            body: Text {
                id: body_id.get(),
                en: body_en.get(),
            },
            region,
            cooperative_id: (reach.get() == Reach::Cooperative)
                .then(|| cooperative.get())
                .filter(|c| !c.is_empty()),
            pinned: pinned.get(),
            publish_on: Some(publish_on.get()).filter(|d| !d.is_empty()),
            expires_on: Some(expires_on.get()).filter(|d| !d.is_empty()),
            image: image.get(),
        }
    };

    // A draft from an earlier visit comes back first; only then is anything saved over it.
    if let Some(store) = store.clone() {
        let account = account.clone();
        spawn_local(async move {
            if let Ok(Some(draft)) = drafts::find(&store, &account, DRAFT_ID).await
                && let Some(kept) = crate::json::decode::<ComposeDraft>(&draft.answers)
            {
                let typed = &kept.input;
                title_id.set(typed.title.id.clone());
                title_en.set(typed.title.en.clone());
                body_id.set(typed.body.id.clone());
                body_en.set(typed.body.en.clone());
                reach.set(kept.reach);
                cooperative.set(typed.cooperative_id.clone().unwrap_or_default());
                pinned.set(typed.pinned);
                publish_on.set(typed.publish_on.clone().unwrap_or_default());
                expires_on.set(typed.expires_on.clone().unwrap_or_default());
                image.set(typed.image.clone());
                initial.set(Some(kept));
            }
            restored.set(true);
        });
    }
    {
        let (store, account) = (store.clone(), account.clone());
        Effect::new(move |first: Option<()>| {
            let draft = ComposeDraft {
                input: input(),
                reach: reach.get(),
                near: near.get().map(|n| n.code.to_string()),
            };
            if first.is_none() || !restored.get() {
                return;
            }
            let Some(store) = store.clone() else { return };
            let account = account.clone();
            spawn_local(async move {
                let draft = Draft {
                    id: DRAFT_ID.to_owned(),
                    form_id: "announcement".to_owned(),
                    cooperative_id: String::new(),
                    unit_id: None,
                    answers: serde_json::to_string(&draft).unwrap_or_default(),
                    updated_at: js_sys::Date::now(),
                };
                saved.set(drafts::save(&store, &account, &draft).await.is_ok());
            });
        });
    }

    // A place picked answers the complaint that none was.
    Effect::new(move |_| {
        province.track();
        regency.track();
        form.edited("region");
    });

    // The cooperatives of the chosen regency (or of the admin's own regency), to pick one.
    let cooperatives = RwSignal::new(None::<Vec<RegistryEntry>>);
    {
        let reader = use_reader();
        let fixed = within.clone().filter(|r| r.level() == RegionLevel::Regency);
        Effect::new(move |_| {
            if reach.get() != Reach::Cooperative {
                return;
            }
            let Some(region) = near.get().map(|n| n.code).or_else(|| fixed.clone()) else {
                cooperatives.set(Some(Vec::new()));
                return;
            };
            cooperatives.set(None);
            let reader = reader.clone();
            spawn_local(async move {
                // Every cooperative of the regency, page by page from the registry (a
                // regency has a few hundred at most), in name order.
                let mut list = Vec::new();
                loop {
                    let path = format!(
                        "/api/registry?region={region}&limit={}&offset={}",
                        kopdes_domain::registry::PAGE_MAX,
                        list.len()
                    );
                    let Ok(page) = reader.get::<RegistryPage>(&path).await else {
                        break;
                    };
                    let (total, items) = (page.value.total, page.value.items);
                    let done = items.is_empty();
                    list.extend(items);
                    if done || list.len() as i64 >= total {
                        break;
                    }
                }
                cooperatives.maybe_update(|c| {
                    *c = Some(list);
                    true
                });
            });
        });
    }

    // A field's error in the current language: the page's own codes, then the common ones.
    let error = move |field: &'static str| form.worded(field, error_text);

    let submit = {
        let (store, account) = (store.clone(), account.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !form.begin() {
                return;
            }
            let typed = input();
            // A region chosen only part of the way is named before the shared rules run.
            let unpicked = match reach.get_untracked() {
                Reach::Province => typed.region.is_none().then_some("region"),
                Reach::Regency => typed.region.is_none().then_some("region"),
                Reach::Cooperative => typed.cooperative_id.is_none().then_some("cooperative_id"),
                Reach::Country => None,
            };
            let mut problems = match typed.parse(crate::clock::today()) {
                Ok(_) => Vec::new(),
                Err(errors) => errors,
            };
            if let Some(field) = unpicked {
                problems.push(kopdes_domain::api::FieldError::new(
                    field,
                    "announcement.pick",
                ));
            }
            if !problems.is_empty() {
                return form.invalid(problems);
            }
            form.sending();
            let (store, account, navigate) = (store.clone(), account.clone(), navigate.clone());
            spawn_local(async move {
                match api::publish_announcement(&typed).await {
                    Ok(_) => {
                        form.done();
                        if let Some(store) = store {
                            let _ = drafts::discard(&store, &account, DRAFT_ID).await;
                        }
                        navigate("/saya/pengumuman", Default::default());
                    }
                    Err(failure) => form.failed(failure),
                }
            });
        }
    };

    let discard = {
        let (store, account) = (store.clone(), account.clone());
        move |_| {
            for text in [title_id, title_en, body_id, body_en, publish_on, expires_on] {
                text.set(String::new());
            }
            pinned.set(false);
            cooperative.set(String::new());
            image.set(None);
            let (store, account) = (store.clone(), account.clone());
            spawn_local(async move {
                if let Some(store) = store {
                    let _ = drafts::discard(&store, &account, DRAFT_ID).await;
                }
                saved.set(false);
            });
        }
    };

    let text_input = move |field: &'static str,
                           testid: &'static str,
                           label: fn(&Texts) -> &'static str,
                           value: RwSignal<String>,
                           max: usize,
                           long: bool| {
        let id = format!("field-{testid}");
        let count = move || {
            format!(
                "{} / {max} {}",
                chars(&value.get()),
                texts(i18n.lang.get()).chars
            )
        };
        let control = if long {
            view! {
                <textarea id=id.clone() rows="6" data-testid=format!("input-{testid}")
                    prop:value=move || value.get() on:input=move |ev| { form.edited(field); value.set(event_target_value(&ev)) }></textarea>
            }
            .into_any()
        } else {
            view! {
                <input id=id.clone() data-testid=format!("input-{testid}")
                    prop:value=move || value.get() on:input=move |ev| { form.edited(field); value.set(event_target_value(&ev)) }/>
            }
            .into_any()
        };
        view! {
            <div class="field" class:field-invalid=move || error(field).is_some()>
                <label for=id>{tr_in(texts, label)}</label>
                {control}
                <p class="field-hint" aria-live="polite">{count}</p>
                {move || error(field).map(|e| view! { <p class="field-error" data-testid=format!("error-{testid}")>{e}</p> })}
            </div>
        }
    };

    let reach_choice = move |value: Reach,
                             label: fn(&Texts) -> &'static str,
                             testid: &'static str| {
        view! {
            <label class="choice-option">
                <input type="radio" name="reach" data-testid=testid
                    prop:checked=move || reach.get() == value on:change=move |_| reach.set(value)/>
                {tr_in(texts, label)}
            </label>
        }
    };

    let place_error = Signal::derive(move || error("region"));
    let cooperative_error = Signal::derive(move || error("cooperative_id"));
    let within_picker = within.clone();
    let pickers = move || {
        // Built again only when the kind of audience changes, so a picker keeps its choices.
        let chosen = initial.with_untracked(|d| d.clone()).unwrap_or_default();
        let start = |level: RegionLevel| {
            chosen
                .input
                .region
                .as_deref()
                .or(chosen.near.as_deref())
                .and_then(|r| RegionCode::parse(r).ok())
                .filter(|r| r.level() == level)
        };
        let legend = Signal::derive(move || tr_in(texts, |t| t.place).get().to_owned());
        match reach.get() {
            Reach::Country => ().into_any(),
            Reach::Province => view! {
                <RegionPicker legend picked=province within=within_picker.clone() error=place_error
                    level=RegionLevel::Province initial=start(RegionLevel::Province) name="audience"/>
            }
            .into_any(),
            Reach::Regency => view! {
                <RegionPicker legend picked=regency within=within_picker.clone() error=place_error
                    level=RegionLevel::Regency initial=start(RegionLevel::Regency) name="audience"/>
            }
            .into_any(),
            Reach::Cooperative => view! {
                <RegionPicker legend picked=near within=within_picker.clone() error=Signal::derive(|| None)
                    level=RegionLevel::Regency initial=start(RegionLevel::Regency) name="audience"/>
                <div class="field" class:field-invalid=move || cooperative_error.get().is_some()>
                    <label for="field-cooperative">{tr_in(texts, |t| t.pick_cooperative)}</label>
                    {move || match cooperatives.get() {
                        None => view! { <p class="status">{tr_in(texts, |t| t.cooperatives_loading)}</p> }.into_any(),
                        Some(list) if list.is_empty() => view! { <p class="hint" data-testid="cooperatives-none">{tr_in(texts, |t| t.cooperatives_none)}</p> }.into_any(),
                        Some(list) => view! {
                            <select id="field-cooperative" data-testid="input-cooperative"
                                on:change=move |ev| { form.edited("cooperative_id"); cooperative.set(event_target_value(&ev)) }>
                                <option value="" selected=move || cooperative.get().is_empty()>"—"</option>
                                {list.into_iter().map(|c| {
                                    let id = c.id.clone();
                                    let selected = move || cooperative.get() == id;
                                    view! { <option value=c.id.clone() selected=selected>{c.name.clone()}</option> }
                                }).collect_view()}
                            </select>
                        }.into_any(),
                    }}
                    {move || cooperative_error.get().map(|e| view! { <p class="field-error" data-testid="error-cooperative">{e}</p> })}
                </div>
            }
            .into_any(),
        }
    };

    let office = use_session()
        .me
        .with_untracked(|me| me.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    let audience_line = move |lang: Lang| {
        let t = texts(lang);
        let name = match reach.get() {
            Reach::Country => Some(t.country.to_owned()),
            Reach::Province => province.get().map(|p| p.name),
            Reach::Regency => regency.get().map(|r| r.name),
            Reach::Cooperative => cooperatives.with(|list| {
                let chosen = cooperative.get();
                list.as_ref()?
                    .iter()
                    .find(|c| c.id == chosen)
                    .map(|c| c.name.clone())
            }),
        };
        format!("{}: {}", t.for_whom, name.unwrap_or_else(|| "—".to_owned()))
    };
    let preview_card = move |lang: Lang| {
        let office = office.clone();
        let heading = if lang == Lang::Id {
            "Bahasa Indonesia"
        } else {
            "English"
        };
        let title = move || {
            let (id, en) = (title_id.get(), title_en.get());
            if lang == Lang::En && !en.trim().is_empty() {
                en
            } else {
                id
            }
        };
        let body = move || {
            let (id, en) = (body_id.get(), body_en.get());
            if lang == Lang::En && !en.trim().is_empty() {
                en
            } else {
                id
            }
        };
        let fallback = move || {
            (lang == Lang::En
                && title_en.get().trim().is_empty()
                && body_en.get().trim().is_empty())
            .then(|| view! { <p class="hint">{texts(i18n.lang.get()).preview_en_fallback}</p> })
        };
        let line = move || {
            let t = texts(lang);
            let start = publish_on
                .get()
                .parse()
                .unwrap_or_else(|_| crate::clock::today());
            let mut line = format!("{} · {} {office}", format::date(start, lang), t.from);
            if let Ok(end) = expires_on.get().parse() {
                line.push_str(&format!(" · {} {}", t.until, format::date(end, lang)));
            }
            line
        };
        view! {
            <h3>{heading}</h3>
            {fallback}
            <ul class="list announcements">
                <li class="card announcement" data-testid=format!("preview-{}", lang.code())>
                    <details open=true>
                        <summary>
                            {move || pinned.get().then(|| view! { <span class="badge">{texts(lang).pinned_badge}</span> })}
                            <strong data-testid="preview-title">{title}</strong>
                            <br/>
                            <span class="hint">{line}</span>
                            <br/>
                            <span class="hint" data-testid="preview-audience">{move || audience_line(lang)}</span>
                        </summary>
                        <p class="announcement-body" data-testid="preview-body">{body}</p>
                        {move || image.get().map(|hash| view! { <img class="course-cover" src=format!("/media/{hash}") alt=""/> })}
                    </details>
                </li>
            </ul>
        }
    };
    let scheduled = move || {
        let start: kopdes_domain::date::Date = publish_on.get().parse().ok()?;
        (start > crate::clock::today())
            .then(|| view! { <p class="hint" data-testid="scheduled">{tr_in(texts, |t| t.scheduled)}</p> })
    };

    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p>{tr_in(texts, |t| t.intro)}</p>
        <form class="card form" on:submit=submit novalidate=true data-testid="compose">
            <fieldset>
                <legend>{tr_in(texts, |t| t.heading_id)}</legend>
                {text_input("title.id", "title-id", |t| t.title_field, title_id, TITLE_MAX_CHARS, false)}
                {text_input("body.id", "body-id", |t| t.body_field, body_id, BODY_MAX_CHARS, true)}
            </fieldset>
            <fieldset>
                <legend>{tr_in(texts, |t| t.heading_en)}</legend>
                <p class="field-hint">{tr_in(texts, |t| t.en_hint)}</p>
                {text_input("title.en", "title-en", |t| t.title_field, title_en, TITLE_MAX_CHARS, false)}
                {text_input("body.en", "body-en", |t| t.body_field, body_en, BODY_MAX_CHARS, true)}
            </fieldset>
            <fieldset class="choices" data-testid="reach">
                <legend>{tr_in(texts, |t| t.audience)}</legend>
                {national.then(|| reach_choice(Reach::Country, |t| t.country, "reach-country"))}
                {regional.then(|| reach_choice(Reach::Province, |t| t.province, "reach-province"))}
                {reach_choice(Reach::Regency, |t| t.regency, "reach-regency")}
                {reach_choice(Reach::Cooperative, |t| t.cooperative, "reach-cooperative")}
            </fieldset>
            {pickers}
            <div class="field" class:field-invalid=move || error("image").is_some()>
                <label for="field-image">{tr_in(texts, |t| t.image)}</label>
                <input id="field-image" type="file" accept="image/jpeg,image/png,image/webp" data-testid="input-image"
                    on:change=move |ev| {
                        let input: wasm_bindgen::JsValue = event_target::<web_sys::HtmlInputElement>(&ev).into();
                        let file = js_sys::Reflect::get(&input, &"files".into())
                            .and_then(|files| js_sys::Reflect::get(&files, &wasm_bindgen::JsValue::from_f64(0.0)))
                            .ok()
                            .filter(|f| !f.is_undefined() && !f.is_null());
                        let Some(file) = file else { return };
                        image_failed.set(false);
                        form.edited("image");
                        spawn_local(async move {
                            match api::upload_media(&file).await {
                                Ok(picture) => image.set(Some(picture.hash)),
                                Err(_) => image_failed.set(true),
                            }
                        });
                    }/>
                {move || image.get().map(|hash| view! {
                    <img class="course-cover" src=format!("/media/{hash}") alt="" data-testid="image-preview"/>
                    <button type="button" class="link-button" on:click=move |_| image.set(None)>{tr_in(texts, |t| t.image_remove)}</button>
                })}
                {move || image_failed.get().then(|| view! { <p class="field-error">{tr_in(texts, |t| t.image_failed)}</p> })}
                {move || error("image").map(|e| view! { <p class="field-error" data-testid="error-image">{e}</p> })}
            </div>
            <div class="field">
                <label class="choice-option">
                    <input type="checkbox" data-testid="input-pinned"
                        prop:checked=move || pinned.get() on:change=move |ev| pinned.set(event_target_checked(&ev))/>
                    {tr_in(texts, |t| t.pinned)}
                </label>
                <p class="field-hint">{tr_in(texts, |t| t.pinned_hint)}</p>
            </div>
            <div class="field" class:field-invalid=move || error("publish_on").is_some()>
                <label for="field-publish-on">{tr_in(texts, |t| t.publish_on)}</label>
                <p class="field-hint">{tr_in(texts, |t| t.publish_hint)}</p>
                <input id="field-publish-on" type="date" data-testid="input-publish-on"
                    prop:value=move || publish_on.get() on:input=move |ev| { form.edited("publish_on"); form.edited("expires_on"); publish_on.set(event_target_value(&ev)) }/>
                {move || error("publish_on").map(|e| view! { <p class="field-error" data-testid="error-publish-on">{e}</p> })}
            </div>
            <div class="field" class:field-invalid=move || error("expires_on").is_some()>
                <label for="field-expires-on">{tr_in(texts, |t| t.expires_on)}</label>
                <p class="field-hint">{tr_in(texts, |t| t.expires_hint)}</p>
                <input id="field-expires-on" type="date" data-testid="input-expires-on"
                    prop:value=move || expires_on.get() on:input=move |ev| { form.edited("expires_on"); expires_on.set(event_target_value(&ev)) }/>
                {move || error("expires_on").map(|e| view! { <p class="field-error" data-testid="error-expires-on">{e}</p> })}
            </div>
            {scheduled}
            {move || saved.get().then(|| view! { <p class="hint" data-testid="draft-saved">{tr_in(texts, |t| t.draft_saved)}</p> })}
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            <div class="actions">
                <button type="submit" class="button" data-testid="submit" disabled=move || form.pending.get()>
                    {tr_in(texts, |t| t.publish)}
                </button>
                <button type="button" class="button button-light" data-testid="discard" on:click=discard>
                    {tr_in(texts, |t| t.discard)}
                </button>
            </div>
        </form>
        <section class="card" data-testid="preview" aria-live="polite">
            <h2>{tr_in(texts, |t| t.preview)}</h2>
            {preview_card(Lang::Id)}
            {preview_card(Lang::En)}
        </section>
    }
}
