//! One page per file. Only the home page is in the first download; the rest come in areas, one
//! WebAssembly chunk each, fetched the first time one of their pages opens (and precached by the
//! service worker for offline use).

mod about;
mod account_area;
mod activate;
mod announcement_compose;
mod announcements;
mod certificate;
mod change_requests;
mod cooperative;
mod cooperative_area;
mod cooperative_register;
mod cooperatives;
mod course;
mod course_authoring;
mod course_catalogue;
mod course_download;
mod course_editor;
mod course_learners;
mod course_state;
mod course_storage;
mod event_new;
mod events;
mod form_admin;
mod form_fields;
mod form_fill;
mod form_list;
mod form_publish;
mod form_results;
mod home;
mod learning_area;
mod learning_texts;
mod lesson;
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
mod quiz;
mod sign_in;
mod sign_in_area;
mod sign_out;
mod units;

pub use about::AboutRoute;
pub use account_area::AccountAreaRoute;
pub use cooperative_area::CooperativeAreaRoute;
pub use home::HomePage;
pub use learning_area::LearningAreaRoute;
pub use not_found::NotFoundPage;
pub use sign_in_area::SignInAreaRoute;
