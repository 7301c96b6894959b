mod about;
mod home;
mod not_found;

pub use about::AboutPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
