mod account_card;
mod app_bar;
mod banners;
mod bottom_nav;
mod icons;
mod install_prompt;
mod language_switch;
mod server_status;
mod text_field;

pub use account_card::AccountCard;
pub use app_bar::AppBar;
pub use banners::{SessionExpiredBanner, UpdateBanner};
pub use bottom_nav::BottomNav;
pub use install_prompt::InstallPrompt;
pub use server_status::ServerStatus;
pub use text_field::TextField;
