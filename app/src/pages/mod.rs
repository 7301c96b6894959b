mod about;
mod activate;
mod home;
mod not_found;
mod sign_in;

pub use about::AboutPage;
pub use activate::ActivatePage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use sign_in::SignInPage;
