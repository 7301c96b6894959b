mod about;
mod activate;
mod cooperatives;
mod home;
mod member_form;
mod members;
mod my_data;
mod not_found;
mod sign_in;

pub use about::AboutRoute;
pub use activate::ActivateRoute;
pub use cooperatives::CooperativesRoute;
pub use home::HomePage;
pub use member_form::MemberFormRoute;
pub use members::MembersRoute;
pub use my_data::MyDataRoute;
pub use not_found::NotFoundPage;
pub use sign_in::SignInRoute;
