//! The fields of a published form, drawn from its spec: the right input and keyboard for each
//! kind, "show if" applied as the person answers, each error under its field. Used by the fill
//! page and by the publish page's live preview.

use kopdes_domain::Lang;
use kopdes_domain::api::FieldError;
use kopdes_domain::api::RegionSummary;
use kopdes_domain::form::{Answer, Answers, Field, FormSpec, Kind};
use kopdes_domain::region::RegionCode;
use leptos::prelude::*;

use crate::components::RegionPicker;
use crate::i18n::use_i18n;
use crate::pages::photo_input::PhotoInput;

/// Texts for the codes only forms produce; the rest come from the app's common table.
fn form_error(lang: Lang, code: &str) -> Option<&'static str> {
    let (id, en) = match code {
        "text.too_short" => ("Terlalu pendek.", "Too short."),
        "text.pattern" => (
            "Bentuknya tidak sesuai contoh.",
            "Does not match the expected form.",
        ),
        "number.format" => ("Tulis angka saja.", "Write a number."),
        "number.min" => ("Angkanya terlalu kecil.", "The number is too small."),
        "number.max" => ("Angkanya terlalu besar.", "The number is too large."),
        "decimal.places" => (
            "Terlalu banyak angka di belakang koma.",
            "Too many decimal places.",
        ),
        "money.format" => (
            "Tulis rupiah seperti 1.500.000.",
            "Write rupiah like 1.500.000.",
        ),
        "date.min" => ("Tanggalnya terlalu awal.", "The date is too early."),
        "date.max" => ("Tanggalnya terlalu akhir.", "The date is too late."),
        "month.format" => ("Pilih bulan dan tahun.", "Choose a month and year."),
        "month.future" => ("Bulan ini belum lewat.", "This month has not come yet."),
        "choice.unknown" => ("Pilih salah satu pilihan.", "Choose one of the options."),
        "choices.too_few" => ("Pilih lebih banyak.", "Choose more."),
        "choices.too_many" => ("Pilihan terlalu banyak.", "Too many chosen."),
        "yes_no.format" => ("Pilih Ya atau Tidak.", "Choose Yes or No."),
        "nik.length" => ("NIK terdiri dari 16 angka.", "A NIK has 16 digits."),
        "nik.not_digits" => ("NIK hanya berisi angka.", "A NIK has digits only."),
        "nik.district" => (
            "Kode wilayah di NIK tidak dikenal.",
            "The region code in the NIK is unknown.",
        ),
        "nik.birth_date" | "nik.future_birth_date" => (
            "Tanggal lahir di NIK tidak mungkin.",
            "The birth date in the NIK is impossible.",
        ),
        "nik.serial" => (
            "Empat angka terakhir NIK tidak boleh 0000.",
            "The last four digits cannot be 0000.",
        ),
        "region.format" | "region.level" => (
            "Tulis kode desa seperti 32.04.12.2003.",
            "Write a village code like 32.04.12.2003.",
        ),
        "photo.format" => ("Ambil atau pilih foto.", "Take or choose a photo."),
        "photo.missing" => (
            "Foto belum sampai di server. Ambil fotonya lagi.",
            "The photo did not reach the server. Take it again.",
        ),
        "form.unknown_unit" => (
            "Pilih gerai koperasi ini.",
            "Choose one of this cooperative's units.",
        ),
        _ => return None,
    };
    Some(match lang {
        Lang::Id => id,
        Lang::En => en,
    })
}

/// An error code in the person's language.
pub fn error_text(lang: Lang, code: &str) -> &'static str {
    form_error(lang, code).unwrap_or_else(|| crate::i18n::texts(lang).field_error(code))
}

#[component]
pub fn FormFields(
    spec: FormSpec,
    answers: RwSignal<Answers>,
    errors: RwSignal<Vec<FieldError>>,
    /// Called after every change the person makes (the fill page saves the draft).
    #[prop(optional)]
    on_change: Option<Callback<()>>,
    /// The cooperative answering; photos are kept for it. `None` in a preview.
    #[prop(optional)]
    cooperative_id: Option<String>,
) -> impl IntoView {
    let spec = StoredValue::new(spec);
    let shown = Memo::new(move |_| answers.with(|a| spec.with_value(|s| s.shown(a))));
    let fields = spec.with_value(|s| s.fields.clone());
    let cooperative_id = StoredValue::new(cooperative_id);
    fields
        .into_iter()
        .enumerate()
        .map(|(index, field)| {
            view! {
                <Show when=move || shown.with(|s| s.get(index).copied().unwrap_or(false))>
                    <FieldInput field=field.clone() answers errors on_change cooperative_id=cooperative_id.get_value()/>
                </Show>
            }
        })
        .collect_view()
}

#[component]
fn FieldInput(
    field: Field,
    answers: RwSignal<Answers>,
    errors: RwSignal<Vec<FieldError>>,
    on_change: Option<Callback<()>>,
    cooperative_id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = field.name.clone();
    let id = format!("field-{name}");
    let error = {
        let name = name.clone();
        Signal::derive(move || {
            errors.with(|all| {
                all.iter()
                    .find(|e| e.field == name)
                    .map(|e| error_text(i18n.lang.get(), &e.code))
            })
        })
    };
    let changed = move || {
        if let Some(callback) = on_change {
            callback.run(());
        }
    };
    let set = {
        let name = name.clone();
        move |value: String| {
            answers.update(|a| {
                a.insert(name.clone(), Answer::One(value));
            });
            changed();
        }
    };
    let current = {
        let name = name.clone();
        move || answers.with(|a| a.get(&name).map(Answer::cell).unwrap_or_default())
    };
    let label = {
        let field = field.clone();
        move || {
            let lang = i18n.lang.get();
            let text = field.label.get(lang).to_owned();
            if field.required {
                text
            } else {
                format!("{text} ({})", optional(lang))
            }
        }
    };
    let hint = field
        .hint
        .clone()
        .map(|h| view! { <p class="field-hint">{move || h.get(i18n.lang.get()).to_owned()}</p> });
    let testid = format!("input-{name}");
    let error_id = format!("error-{name}");

    // A place is picked level by level, from lists kept on the phone; the picker is its own
    // fieldset, with the field's label as its legend and the error under its last level.
    if let Kind::Region { level } = &field.kind {
        let picked = RwSignal::new(None::<RegionSummary>);
        let initial = RegionCode::parse(&current()).ok();
        Effect::new(move |first: Option<()>| {
            let place = picked.get();
            if first.is_some() {
                set(place.map(|p| p.code.to_string()).unwrap_or_default());
            }
        });
        return view! {
            <div class="field" class:field-invalid=move || error.get().is_some() data-testid=testid>
                {hint}
                <RegionPicker legend=Signal::derive(label) picked within=None error level=*level
                    initial=initial name=name.clone()/>
            </div>
        }
        .into_any();
    }

    let input = match &field.kind {
        Kind::Choice { options } => {
            let options = options.clone();
            let name = name.clone();
            view! {
                <div class="choices" role="radiogroup" data-testid=testid>
                    {options.into_iter().map(|option| {
                        let (set, current) = (set.clone(), current.clone());
                        let value = option.value.clone();
                        let checked = { let value = value.clone(); move || current() == value };
                        view! {
                            <label class="choice-option">
                                <input type="radio" name=name.clone() value=value.clone()
                                    prop:checked=checked
                                    on:change=move |_| set(value.clone())/>
                                <span>{move || option.label.get(i18n.lang.get()).to_owned()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        Kind::YesNo => {
            let name = name.clone();
            let choices = [("yes", "Ya", "Yes"), ("no", "Tidak", "No")];
            view! {
                <div class="choices" role="radiogroup" data-testid=testid>
                    {choices.into_iter().map(|(value, id_text, en_text)| {
                        let (set, current) = (set.clone(), current.clone());
                        view! {
                            <label class="choice-option">
                                <input type="radio" name=name.clone() value=value
                                    prop:checked=move || current() == value
                                    on:change=move |_| set(value.to_owned())/>
                                <span>{move || if i18n.lang.get() == Lang::Id { id_text } else { en_text }}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        Kind::MultipleChoice { options, .. } => {
            let options = options.clone();
            view! {
                <div class="choices" data-testid=testid>
                    {options.into_iter().map(|option| {
                        let name = name.clone();
                        let value = option.value.clone();
                        let is_chosen = {
                            let (name, value) = (name.clone(), value.clone());
                            move || answers.with(|a| matches!(a.get(&name), Some(Answer::Many(v)) if v.contains(&value)))
                        };
                        let toggle = move |_| {
                            answers.update(|a| {
                                let mut chosen = match a.remove(&name) {
                                    Some(Answer::Many(v)) => v,
                                    _ => Vec::new(),
                                };
                                if let Some(at) = chosen.iter().position(|v| *v == value) {
                                    chosen.remove(at);
                                } else {
                                    chosen.push(value.clone());
                                }
                                a.insert(name.clone(), Answer::Many(chosen));
                            });
                            changed();
                        };
                        view! {
                            <label class="choice-option">
                                <input type="checkbox" value=option.value.clone() prop:checked=is_chosen on:change=toggle/>
                                <span>{move || option.label.get(i18n.lang.get()).to_owned()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        Kind::Photo => view! {
            <PhotoInput name=name.clone() label=Signal::derive(label.clone())
                current=Signal::derive(current.clone()) set=Callback::new(set.clone())
                invalid=Signal::derive(move || error.get().is_some()) cooperative_id/>
        }
        .into_any(),
        Kind::LongText { .. } => view! {
            <textarea id=id.clone() data-testid=testid rows="4"
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=current
                on:input=move |ev| set(event_target_value(&ev))></textarea>
        }
        .into_any(),
        kind => {
            let (input_type, inputmode, placeholder) = match kind {
                Kind::Integer { .. } | Kind::Nik => ("text", "numeric", ""),
                Kind::Money { .. } => ("text", "numeric", "Rp"),
                Kind::Decimal { .. } => ("text", "decimal", ""),
                Kind::Date { .. } => ("date", "text", ""),
                Kind::Month { .. } => ("month", "text", "2026-11"),
                Kind::Phone => ("tel", "tel", "0812 3456 7890"),
                _ => ("text", "text", ""),
            };
            view! {
                <input id=id.clone() type=input_type inputmode=inputmode placeholder=placeholder
                    data-testid=testid
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=current
                    on:input=move |ev| set(event_target_value(&ev))/>
            }
            .into_any()
        }
    };

    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {hint}
            {input}
            {move || error.get().map(|e| view! { <p class="field-error" data-testid=error_id.clone()>{e}</p> })}
        </div>
    }
    .into_any()
}

fn optional(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "boleh kosong",
        Lang::En => "optional",
    }
}
