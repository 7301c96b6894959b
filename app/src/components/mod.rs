mod app_bar;
mod bottom_nav;
mod icons;
mod install_prompt;
mod language_switch;
mod server_status;
mod update_banner;

pub use app_bar::AppBar;
pub use bottom_nav::BottomNav;
pub use install_prompt::InstallPrompt;
pub use server_status::ServerStatus;
pub use update_banner::UpdateBanner;
