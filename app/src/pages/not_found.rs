use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::tr;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="card" data-testid="not-found">
            <h1>{tr(|t| t.not_found_title)}</h1>
            <p>{tr(|t| t.not_found_body)}</p>
            <A href="/" attr:class="button">{tr(|t| t.not_found_home)}</A>
        </section>
    }
}
