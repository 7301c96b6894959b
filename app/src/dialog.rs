//! The browser's own yes-or-no question, for steps that cannot be undone: a native dialog costs
//! no bytes, is read out by screen readers and cannot be dismissed by a stray tap.

/// Whether the person answered yes; no when the browser cannot ask.
pub fn confirmed(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}
