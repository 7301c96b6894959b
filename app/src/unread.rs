//! How many announcements the signed-in person has not read yet: the badge on the bottom
//! navigation. The sync engine counts them on each pass (public/sync.js) and tells the app
//! (`{"unread": n}`, handled in [`crate::sync`]); the announcements page lowers the count as
//! the person reads. Nothing of it but this signal is in the first download.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Unread(pub RwSignal<u32>);

pub fn use_unread() -> RwSignal<u32> {
    expect_context::<Unread>().0
}
