//! One page per file. Only the home page is in the first download; the rest come in areas, one
//! WebAssembly chunk each, fetched the first time one of their pages opens (and precached by the
//! service worker for offline use).

mod about;
mod account_area;
mod activate;
mod announcement_compose;
mod announcements;
mod change_requests;
mod cooperative;
mod cooperative_area;
mod cooperative_register;
mod cooperatives;
mod form_admin;
mod form_fields;
mod form_fill;
mod form_list;
mod form_publish;
mod form_results;
mod home;
mod member;
mod member_form;
mod members;
mod my_data;
mod not_found;
mod officers;
mod outbox;
mod own_data_change;
mod password;
mod photo_input;
mod sign_in;
mod sign_in_area;
mod sign_out;
mod units;

pub use about::AboutRoute;
pub use account_area::AccountAreaRoute;
pub use cooperative_area::CooperativeAreaRoute;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use sign_in_area::SignInAreaRoute;
