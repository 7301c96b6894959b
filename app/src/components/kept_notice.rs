use kopdes_domain::format;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// Says that a page shows the copy kept on the phone, and from when, so nobody mistakes an old
/// copy for the server's current state.
#[component]
pub fn KeptNotice(kept_at: Option<f64>) -> impl IntoView {
    let i18n = use_i18n();
    kept_at.map(|at| {
        view! {
            <p class="kept-notice" role="status" data-testid="kept-notice">
                {move || {
                    let lang = i18n.lang.get();
                    i18n.t().kept_since.replace("{}", &format::moment_wib(at as i64, lang))
                }}
            </p>
        }
    })
}
