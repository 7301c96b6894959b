use leptos::prelude::*;

/// A labelled input with its hint and its error right below it, where a person looks.
/// `inputmode` and `autocomplete` pick the right phone keyboard and let the browser help.
#[component]
pub fn TextField(
    name: &'static str,
    label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(optional)] hint: Option<Signal<&'static str>>,
    /// The error to show, already in the person's language.
    error: Signal<Option<&'static str>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// Several lines (a textarea) rather than one.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{h}</p> })}
            {if multiline {
                view! {
                    <textarea
                        id=id.clone()
                        name=name
                        rows="4"
                        data-testid=format!("input-{name}")
                        aria-invalid=move || error.get().is_some().to_string()
                        aria-describedby=described_by.clone()
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                    ></textarea>
                }
                .into_any()
            } else {
                view! {
                    <input
                        id=id.clone()
                        name=name
                        type=input_type
                        inputmode=inputmode
                        autocomplete=autocomplete
                        data-testid=format!("input-{name}")
                        aria-invalid=move || error.get().is_some().to_string()
                        aria-describedby=described_by
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                    />
                }
                .into_any()
            }}
            {move || error.get().map(|e| view! {
                <p class="field-error" id=error_id.clone() data-testid=format!("error-{name}")>{e}</p>
            })}
        </div>
    }
}

/// The mobile number a person signs in with, as every account form asks for it: the phone
/// keyboard, the browser's autofill, and the example of how to write it.
#[component]
pub fn AccountPhoneField(
    value: RwSignal<String>,
    error: Signal<Option<&'static str>>,
) -> impl IntoView {
    view! {
        <TextField
            name="phone"
            label=crate::i18n::tr(|t| t.field_phone)
            hint=crate::i18n::tr(|t| t.field_phone_hint)
            value
            error
            input_type="tel"
            inputmode="tel"
            autocomplete="tel"
        />
    }
}
