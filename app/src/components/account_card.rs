use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

/// Who is signed in, with what roles; or the way to sign in or activate an account.
#[component]
pub fn AccountCard() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <section class="card" data-testid="account-card">
            {move || match session.me.get() {
                Some(me) => view! {
                    <h2 data-testid="greeting">{tr(|t| t.greeting)} " " {me.name.clone()}</h2>
                    <p class="hint">{me.phone.local()}</p>
                    <h3>{tr(|t| t.your_roles)}</h3>
                    <ul class="roles" data-testid="roles">
                        {me.roles.iter().map(|grant| {
                            let role = grant.role;
                            // A role reads as a place: "Admin dinas · Jawa Barat".
                            let scope = grant.place.clone().or_else(|| grant.region.as_ref().map(|r| r.to_string()))
                                .map(|p| format!(" · {p}")).unwrap_or_default();
                            view! { <li>{move || i18n.t().role(role)}{scope}</li> }
                        }).collect_view()}
                    </ul>
                    {me.roles.iter().any(|g| g.role == kopdes_domain::account::Role::Member).then(|| view! {
                        <p><A href="/saya" attr:class="button" attr:data-testid="my-data">{tr(|t| t.my_data)}</A></p>
                    })}
                    <p class="more"><A href="/saya/kata-sandi" attr:data-testid="change-password">{tr(|t| t.change_password)}</A></p>
                    <p class="more"><A href="/saya/antrean" attr:data-testid="send-queue">{tr(|t| t.send_queue)}</A></p>
                    <A href="/saya/keluar" attr:class="button button-light" attr:data-testid="sign-out">{tr(|t| t.sign_out)}</A>
                }.into_any(),
                None => view! {
                    <h2>{tr(|t| t.sign_in_title)}</h2>
                    <p>{tr(|t| t.sign_in_intro)}</p>
                    <A href="/masuk" attr:class="button" attr:data-testid="go-sign-in">{tr(|t| t.nav_sign_in)}</A>
                    <p class="more"><A href="/masuk/aktivasi">{tr(|t| t.activate_link)}</A></p>
                }.into_any(),
            }}
        </section>
    }
}
