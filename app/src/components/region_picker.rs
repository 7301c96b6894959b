//! The province -> regency -> district -> village cascade. Each level is fetched only when the
//! person opens its parent, and every branch fetched once is kept on the phone, so the picker
//! works offline for every place already visited.

use kopdes_domain::Lang;
use kopdes_domain::api::{RegionBranch, RegionSummary};
use kopdes_domain::region::{RegionCode, RegionLevel};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiFailure;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Reader, use_public_reader};

struct Texts {
    levels: [&'static str; 4],
    choose: [&'static str; 4],
    loading: &'static str,
    not_kept: &'static str,
    failed: &'static str,
    retry: &'static str,
}

const ID: Texts = Texts {
    levels: ["Provinsi", "Kabupaten/kota", "Kecamatan", "Desa/kelurahan"],
    choose: [
        "Pilih provinsi…",
        "Pilih kabupaten/kota…",
        "Pilih kecamatan…",
        "Pilih desa/kelurahan…",
    ],
    loading: "Memuat daftar wilayah…",
    not_kept: "Daftar ini belum tersimpan di ponsel. Buka lagi saat ada sinyal.",
    failed: "Daftar wilayah belum bisa dimuat.",
    retry: "Coba lagi",
};

const EN: Texts = Texts {
    levels: ["Province", "Regency/city", "District", "Village"],
    choose: [
        "Choose a province…",
        "Choose a regency or city…",
        "Choose a district…",
        "Choose a village…",
    ],
    loading: "Loading places…",
    not_kept: "This list is not on the phone yet. Open it again when you have a signal.",
    failed: "The list of places could not be loaded.",
    retry: "Try again",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[derive(Clone, PartialEq)]
enum Options {
    /// The level above is not chosen yet.
    Waiting,
    Loading,
    Ready(Vec<RegionSummary>),
    Failed(ApiFailure),
}

/// One `<select>` per level; `picked` is set once the last level is chosen and cleared when any
/// level above it changes. `within` fixes the levels an admin's scope already decides (a dinas
/// admin of Kabupaten Bandung only ever picks from its districts).
#[component]
pub fn RegionPicker(
    /// What the place is for ("Letak koperasi"), read out with every level.
    legend: Signal<String>,
    picked: RwSignal<Option<RegionSummary>>,
    within: Option<RegionCode>,
    /// The error to show under the last level, already in the person's language.
    error: Signal<Option<&'static str>>,
    /// The level the place is picked at: a village unless a form asks for a wider region.
    #[prop(optional)]
    level: Option<RegionLevel>,
    /// A place chosen before (a draft), shown chosen with its siblings to change it.
    #[prop(default = None)]
    initial: Option<RegionCode>,
    /// Tells pickers on one page apart (a form may ask for two places).
    #[prop(optional, into)]
    name: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_public_reader();
    let levels = usize::from(level.unwrap_or(RegionLevel::Village).depth());
    let prefix = name.map(|n| format!("{n}-")).unwrap_or_default();
    let chosen: [RwSignal<Option<String>>; 4] = std::array::from_fn(|_| RwSignal::new(None));
    let options: [RwSignal<Options>; 4] = std::array::from_fn(|_| RwSignal::new(Options::Waiting));
    // Levels fixed by `within` are shown but cannot be changed.
    let fixed = RwSignal::new(0usize);

    let load = move |reader: Reader, level: usize, parent: Option<String>| {
        options[level].set(Options::Loading);
        spawn_local(async move {
            let path = match &parent {
                Some(code) => format!("/api/regions/{code}"),
                None => "/api/regions".to_owned(),
            };
            let answer = reader.get_kept_first::<RegionBranch>(&path).await;
            // The person may have moved on while this was on its way.
            if chosen_parent(&chosen, level) != parent {
                return;
            }
            if let Ok(loaded) = &answer
                && level + 1 == levels
                && let Some(code) = chosen[level].get_untracked()
            {
                // A place chosen before (a draft) counts as picked once its list is here.
                let place = loaded
                    .value
                    .children
                    .iter()
                    .find(|r| r.code.as_str() == code);
                picked.set(place.cloned());
            }
            options[level].set(match answer {
                Ok(loaded) => Options::Ready(loaded.value.children),
                Err(failure) => Options::Failed(failure),
            });
        });
    };

    // Opening inside a scope: the scope's own path, then its children, in one request; then a
    // place chosen before inside it, if any.
    let open_scope =
        move |reader: Reader, scope: RegionCode, initial: Option<RegionCode>| {
            options[0].set(Options::Loading);
            spawn_local(async move {
                let depth = usize::from(scope.level().depth());
                let path = format!("/api/regions/{scope}");
                match reader.get_kept_first::<RegionBranch>(&path).await {
                    Ok(loaded) => {
                        let branch = loaded.value;
                        let trail = branch.path.iter().cloned().chain(branch.region.map(|r| {
                            RegionSummary {
                                code: r.code,
                                name: r.name,
                            }
                        }));
                        for (level, place) in trail.enumerate().take(4) {
                            chosen[level].set(Some(place.code.to_string()));
                            // The scope itself is the place when it is as deep as the picker.
                            if level + 1 == levels {
                                picked.set(Some(place.clone()));
                            }
                            options[level].set(Options::Ready(vec![place]));
                        }
                        fixed.set(depth);
                        if depth < 4 {
                            options[depth].set(Options::Ready(branch.children));
                        }
                        let within_scope = initial.filter(|place| {
                            usize::from(place.level().depth()) == levels
                                && depth < levels
                                && scope.contains(place)
                        });
                        if let Some(place) = within_scope {
                            for level in depth..levels {
                                let code = [
                                    RegionLevel::Province,
                                    RegionLevel::Regency,
                                    RegionLevel::District,
                                    RegionLevel::Village,
                                ][level];
                                let code = place.ancestor(code).map(|c| c.to_string());
                                chosen[level].set(code.clone());
                                if level > depth {
                                    load(reader.clone(), level, chosen_parent(&chosen, level));
                                }
                            }
                            // The first open level's list came with the scope.
                            if depth + 1 == levels {
                                let code = chosen[depth].get_untracked();
                                picked.set(options[depth].with_untracked(|o| {
                                    match o {
                                        Options::Ready(list) => list
                                            .iter()
                                            .find(|r| Some(r.code.to_string()) == code)
                                            .cloned(),
                                        _ => None,
                                    }
                                }));
                            }
                        }
                    }
                    Err(failure) => options[0].set(Options::Failed(failure)),
                }
            });
        };
    // A place chosen before: every level above it chosen, each with its siblings to pick from.
    let open_initial = move |reader: Reader, place: RegionCode| {
        let trail: Vec<String> = [
            RegionLevel::Province,
            RegionLevel::Regency,
            RegionLevel::District,
            RegionLevel::Village,
        ]
        .into_iter()
        .filter_map(|level| place.ancestor(level).map(|c| c.to_string()))
        .collect();
        for (level, code) in trail.iter().enumerate().take(levels) {
            chosen[level].set(Some(code.clone()));
        }
        for level in 0..trail.len().min(levels) {
            load(
                reader.clone(),
                level,
                level.checked_sub(1).map(|above| trail[above].clone()),
            );
        }
    };
    // Where the cascade starts, and where a failed first load starts again.
    let start = {
        let within = within.clone();
        move |reader: Reader| match (within.clone(), initial.clone()) {
            (Some(scope), initial) => open_scope(reader, scope, initial),
            (None, Some(place)) if usize::from(place.level().depth()) == levels => {
                open_initial(reader, place)
            }
            (None, _) => load(reader, 0, None),
        }
    };
    start(reader.clone());
    let start = StoredValue::new_local(start);

    let choose = {
        let reader = reader.clone();
        move |level: usize, code: String| {
            let code = (!code.is_empty()).then_some(code);
            chosen[level].set(code.clone());
            picked.set(None);
            for below in level + 1..4 {
                chosen[below].set(None);
                options[below].set(Options::Waiting);
            }
            match (level, code) {
                (level, Some(code)) if level + 1 == levels => {
                    let village = options[level].with_untracked(|o| match o {
                        Options::Ready(list) => {
                            list.iter().find(|r| r.code.as_str() == code).cloned()
                        }
                        _ => None,
                    });
                    picked.set(village);
                }
                (_, Some(code)) => load(reader.clone(), level + 1, Some(code)),
                (_, None) => {}
            }
        }
    };

    let (error_prefix, picker_id) = (prefix.clone(), format!("{prefix}region-picker"));
    let level_view = move |level: usize| {
        let choose = choose.clone();
        let reader = reader.clone();
        let id = format!("{prefix}region-{level}");
        let error_id = format!("{prefix}region-error");
        let last = level + 1 == levels;
        view! {
            <div class="field">
                <label for=id.clone()>{move || texts(i18n.lang.get()).levels[level]}</label>
                <select
                    id=id
                    data-testid=format!("{prefix}region-{}", level_name(level))
                    disabled=move || level < fixed.get() || !matches!(options[level].get(), Options::Ready(_))
                    aria-invalid=move || (last && error.get().is_some()).to_string()
                    aria-describedby=move || (last && error.get().is_some()).then(|| error_id.clone())
                    prop:value=move || chosen[level].get().unwrap_or_default()
                    on:change=move |ev| choose(level, event_target_value(&ev))
                >
                    <option value="">{move || texts(i18n.lang.get()).choose[level]}</option>
                    {move || match options[level].get() {
                        Options::Ready(list) => list
                            .into_iter()
                            .map(|r| {
                                let code = r.code.to_string();
                                let selected = chosen[level].get_untracked().as_deref() == Some(code.as_str());
                                view! { <option value=code selected=selected>{r.name}</option> }
                            })
                            .collect_view()
                            .into_any(),
                        _ => ().into_any(),
                    }}
                </select>
                {move || match options[level].get() {
                    Options::Loading => view! { <p class="field-hint" role="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
                    Options::Failed(failure) => {
                        let reader = reader.clone();
                        let retry = move |_| {
                            let parent = chosen_parent(&chosen, level);
                            if level == 0 {
                                start.with_value(|start| start(reader.clone()));
                            } else if parent.is_some() {
                                load(reader.clone(), level, parent);
                            }
                        };
                        view! {
                            <p class="field-error" role="alert" data-testid="region-failed">
                                {if failure == ApiFailure::Network { tr_in(texts, |t| t.not_kept) } else { tr_in(texts, |t| t.failed) }}
                                " "
                                <button type="button" class="link-button" on:click=retry>{tr_in(texts, |t| t.retry)}</button>
                            </p>
                        }.into_any()
                    }
                    _ => ().into_any(),
                }}
            </div>
        }
    };

    view! {
        <fieldset class="region-picker" data-testid=picker_id>
            <legend>{legend}</legend>
            {(0..levels).map(level_view).collect_view()}
            {move || error.get().map(|e| view! {
                <p class="field-error" id=format!("{error_prefix}region-error")
                    data-testid=format!("{error_prefix}error-{}", level_name(levels - 1))>{e}</p>
            })}
        </fieldset>
    }
}

fn chosen_parent(chosen: &[RwSignal<Option<String>>; 4], level: usize) -> Option<String> {
    level
        .checked_sub(1)
        .and_then(|above| chosen[above].get_untracked())
}

/// The levels' names in the API (`RegionLevel`'s serialised form), for test hooks.
fn level_name(level: usize) -> &'static str {
    ["province", "regency", "district", "village"][level]
}
