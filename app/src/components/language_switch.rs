use kopdes_domain::Lang;
use leptos::prelude::*;

use crate::i18n::{tr, use_i18n};

/// Two buttons, each labelled in its own language so anyone can find theirs.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=tr(|t| t.language)>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            lang=lang.code()
                            title=lang.native_name()
                            data-testid=format!("lang-{}", lang.code())
                            aria-pressed=move || (i18n.lang.get() == lang).to_string()
                            on:click=move |_| i18n.lang.set(lang)
                        >
                            {lang.label()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
