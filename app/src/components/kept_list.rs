use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::components::KeptNotice;
use crate::kept::Loaded;

/// What a list page says while its list loads, when it cannot, and when it is empty.
#[derive(Clone, Copy)]
pub struct ListTexts {
    pub loading: Signal<&'static str>,
    pub failed: Signal<&'static str>,
    pub none: Signal<&'static str>,
}

/// A list read through a [`crate::kept::Reader`]: loading, why it failed, "none yet", or the
/// rows, under a notice when they are the phone's copy. `rows` is told whether they are (a copy
/// offers no actions).
pub fn kept_list<T, V: IntoView + 'static>(
    loaded: Option<Result<Loaded<Vec<T>>, ApiFailure>>,
    texts: ListTexts,
    rows: impl FnOnce(Vec<T>, bool) -> V,
) -> AnyView {
    match loaded {
        None => view! { <p class="status" role="status">{texts.loading}</p> }.into_any(),
        Some(Err(_)) => view! { <p class="form-error" role="alert">{texts.failed}</p> }.into_any(),
        Some(Ok(Loaded { value, kept_at })) if value.is_empty() => view! {
            <KeptNotice kept_at/>
            <p>{texts.none}</p>
        }
        .into_any(),
        Some(Ok(Loaded { value, kept_at })) => view! {
            <KeptNotice kept_at/>
            {rows(value, kept_at.is_some())}
        }
        .into_any(),
    }
}
