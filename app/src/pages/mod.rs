mod about;
mod activate;
mod home;
mod not_found;
mod sign_in;

pub use about::AboutRoute;
pub use activate::ActivateRoute;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use sign_in::SignInRoute;
