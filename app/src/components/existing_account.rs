use leptos::prelude::*;

use crate::forms::FormState;
use crate::i18n::use_i18n;

/// The check a person ticks after the server said the phone they typed already has an account
/// (`phone.has_account`): that it is the person named, not a typo. Until ticked, naming that
/// phone is refused, so nobody is made an officer by mistake. Editing the phone or the name
/// unticks it.
#[component]
pub fn ExistingAccountConfirm(
    form: FormState,
    /// The field the server reports the phone's error on.
    field: &'static str,
    phone: RwSignal<String>,
    name: RwSignal<String>,
    confirmed: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        phone.track();
        name.track();
        confirmed.set(false);
    });
    let asked =
        move || confirmed.get() || form.code_of(field).as_deref() == Some("phone.has_account");
    move || {
        asked().then(|| {
            let text = move || {
                i18n.t()
                    .confirm_existing_account
                    .replace("{}", name.get().trim())
            };
            view! {
                <label class="check" data-testid="confirm-existing-account">
                    <input type="checkbox" prop:checked=move || confirmed.get()
                        on:change=move |ev| confirmed.set(event_target_checked(&ev))/>
                    <span>{text}</span>
                </label>
            }
        })
    }
}
