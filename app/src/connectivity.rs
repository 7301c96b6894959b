//! Whether the phone has a network right now, as the browser reports it.

use leptos::ev;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Connectivity {
    pub online: ReadSignal<bool>,
}

pub fn provide_connectivity() -> Connectivity {
    let initial = web_sys::window().is_none_or(|w| w.navigator().on_line());
    let (online, set_online) = signal(initial);
    // The handles live as long as the app: the listeners are never removed.
    let _ = window_event_listener(ev::online, move |_| set_online.set(true));
    let _ = window_event_listener(ev::offline, move |_| set_online.set(false));
    let connectivity = Connectivity { online };
    provide_context(connectivity);
    connectivity
}

pub fn use_connectivity() -> Connectivity {
    expect_context::<Connectivity>()
}
