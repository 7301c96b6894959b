//! Interface text in Bahasa Indonesia and English.
//!
//! Every string lives in [`Texts`]; a field missing from one language is a compile error, so no
//! screen can ship in one language only. A struct of `&'static str` costs far fewer bytes over a
//! satellite link than a runtime translation library.

use kopdes_domain::Lang;
use kopdes_domain::api::ErrorCode;
use leptos::prelude::*;

pub struct Texts {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub nav_home: &'static str,
    pub nav_about: &'static str,
    pub nav_cooperatives: &'static str,
    pub nav_announcements: &'static str,
    pub my_data: &'static str,
    pub change_password: &'static str,
    pub language: &'static str,
    pub online: &'static str,
    pub offline: &'static str,
    pub update_available: &'static str,
    pub update_reload: &'static str,
    pub install_title: &'static str,
    pub install_body: &'static str,
    pub install_button: &'static str,
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub home_offline_title: &'static str,
    pub home_offline_body: &'static str,
    pub home_server_title: &'static str,
    pub server_checking: &'static str,
    pub server_ok: &'static str,
    pub server_unreachable: &'static str,
    pub server_unreachable_hint: &'static str,
    pub home_details_link: &'static str,
    pub about_title: &'static str,
    pub about_intro: &'static str,
    pub about_app_version: &'static str,
    pub about_build: &'static str,
    pub about_connection: &'static str,
    pub about_sw: &'static str,
    pub about_storage_used: &'static str,
    pub about_storage_unknown: &'static str,
    pub about_persisted: &'static str,
    pub about_persisted_yes: &'static str,
    pub about_persisted_no: &'static str,
    pub about_persist_button: &'static str,
    pub about_persist_denied: &'static str,
    pub about_server: &'static str,
    pub about_database: &'static str,
    pub about_migration: &'static str,
    pub sw_unsupported: &'static str,
    pub sw_registering: &'static str,
    pub sw_active: &'static str,
    pub sw_waiting: &'static str,
    pub sw_failed: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub not_found_home: &'static str,
    pub of: &'static str,
    pub error_not_found: &'static str,
    pub error_bad_request: &'static str,
    pub error_too_large: &'static str,
    pub error_timeout: &'static str,
    pub error_unavailable: &'static str,
    pub error_internal: &'static str,
    pub error_unauthenticated: &'static str,
    pub error_invalid_credentials: &'static str,
    pub error_forbidden: &'static str,
    pub error_too_many_attempts: &'static str,
    pub error_conflict: &'static str,
    pub nav_sign_in: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub field_phone: &'static str,
    pub field_phone_hint: &'static str,
    pub field_password: &'static str,
    pub field_code: &'static str,
    pub field_code_hint: &'static str,
    pub field_new_password: &'static str,
    pub field_new_password_hint: &'static str,
    pub sign_in_button: &'static str,
    pub working: &'static str,
    pub activate_title: &'static str,
    pub activate_intro: &'static str,
    pub activate_button: &'static str,
    pub activate_link: &'static str,
    pub needs_network: &'static str,
    pub retry_in_minutes: &'static str,
    pub greeting: &'static str,
    pub your_roles: &'static str,
    pub role_member: &'static str,
    pub role_pengurus: &'static str,
    pub role_pengawas: &'static str,
    pub role_dinas_admin: &'static str,
    pub role_ministry_admin: &'static str,
    pub sign_out: &'static str,
    pub send_queue: &'static str,
    pub session_expired: &'static str,
    pub err_required: &'static str,
    pub err_phone_format: &'static str,
    pub err_phone_length: &'static str,
    pub err_password_too_short: &'static str,
    pub err_password_too_long: &'static str,
    pub err_code_format: &'static str,
    pub err_password_wrong: &'static str,
    pub err_invalid: &'static str,
    pub kept_since: &'static str,
    pub not_filled: &'static str,
    pub err_date_format: &'static str,
    pub err_date_future: &'static str,
    pub err_too_long: &'static str,
    pub err_email_format: &'static str,
    pub err_before_established: &'static str,
}

pub const ID: Texts = Texts {
    app_name: "Si Kopdes",
    tagline: "Koperasi Desa Merah Putih",
    nav_home: "Beranda",
    nav_about: "Tentang aplikasi",
    nav_cooperatives: "Koperasi",
    nav_announcements: "Pengumuman",
    my_data: "Data saya",
    change_password: "Ganti kata sandi",
    language: "Bahasa",
    online: "Daring",
    offline: "Luring",
    update_available: "Versi baru tersedia.",
    update_reload: "Muat ulang",
    install_title: "Pasang di ponsel",
    install_body: "Pasang Si Kopdes agar bisa dibuka dari layar utama, juga tanpa internet.",
    install_button: "Pasang aplikasi",
    home_title: "Selamat datang di Si Kopdes",
    home_intro: "Aplikasi koperasi desa untuk pengurus dan anggota: data koperasi, anggota, formulir, pelatihan, dan pengumuman.",
    home_offline_title: "Tetap jalan tanpa internet",
    home_offline_body: "Setelah dibuka sekali, aplikasi ini bisa dipakai walau sinyal hilang. Yang Anda isi disimpan di ponsel dan dikirim saat tersambung lagi.",
    home_server_title: "Sambungan ke server",
    server_checking: "Memeriksa sambungan…",
    server_ok: "Server bisa dihubungi.",
    server_unreachable: "Server belum bisa dihubungi.",
    server_unreachable_hint: "Anda tetap bisa memakai aplikasi. Coba lagi saat ada sinyal.",
    home_details_link: "Lihat rincian aplikasi",
    about_title: "Tentang aplikasi",
    about_intro: "Rincian ini membantu petugas jika ada masalah.",
    about_app_version: "Versi aplikasi",
    about_build: "Kode rilis",
    about_connection: "Sambungan",
    about_sw: "Mode luring",
    about_storage_used: "Ruang penyimpanan terpakai",
    about_storage_unknown: "Tidak diketahui",
    about_persisted: "Penyimpanan tetap",
    about_persisted_yes: "Ya, data tidak akan dihapus otomatis",
    about_persisted_no: "Belum, browser bisa menghapus data jika ruang penuh",
    about_persist_button: "Minta penyimpanan tetap",
    about_persist_denied: "Browser belum mengizinkan. Pasang aplikasi ke layar utama lalu coba lagi.",
    about_server: "Versi server",
    about_database: "Basis data",
    about_migration: "Versi skema",
    sw_unsupported: "Tidak didukung browser ini",
    sw_registering: "Sedang disiapkan…",
    sw_active: "Siap dipakai tanpa internet",
    sw_waiting: "Versi baru menunggu dimuat",
    sw_failed: "Gagal disiapkan",
    not_found_title: "Halaman tidak ditemukan",
    not_found_body: "Alamat ini tidak ada di Si Kopdes. Periksa alamatnya atau kembali ke beranda.",
    not_found_home: "Kembali ke beranda",
    of: "dari",
    error_not_found: "Data tidak ditemukan.",
    error_bad_request: "Isian belum benar. Periksa lalu kirim lagi.",
    error_too_large: "Data terlalu besar untuk dikirim.",
    error_timeout: "Server terlalu lama menjawab. Coba lagi sebentar lagi.",
    error_unavailable: "Server sedang tidak bisa dipakai. Coba lagi nanti.",
    error_internal: "Terjadi kesalahan di server. Coba lagi nanti.",
    error_unauthenticated: "Silakan masuk lagi. Data yang belum terkirim tetap tersimpan.",
    error_invalid_credentials: "Nomor HP, kata sandi, atau kode tidak cocok. Periksa lalu coba lagi.",
    error_forbidden: "Anda tidak punya akses ke data ini.",
    error_too_many_attempts: "Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.",
    error_conflict: "Data ini sudah ada atau baru saja diubah orang lain.",
    nav_sign_in: "Masuk",
    sign_in_title: "Masuk ke Si Kopdes",
    sign_in_intro: "Pakai nomor HP dan kata sandi Anda.",
    field_phone: "Nomor HP",
    field_phone_hint: "Contoh: 0812 3456 7890",
    field_password: "Kata sandi",
    field_code: "Kode aktivasi",
    field_code_hint: "8 angka dari pengurus koperasi atau petugas dinas.",
    field_new_password: "Kata sandi baru",
    field_new_password_hint: "Paling sedikit 8 huruf atau angka. Jangan beri tahu siapa pun.",
    sign_in_button: "Masuk",
    working: "Sedang diproses…",
    activate_title: "Aktifkan akun",
    activate_intro: "Punya kode aktivasi? Buat kata sandi Anda sendiri di sini.",
    activate_button: "Aktifkan dan masuk",
    activate_link: "Punya kode aktivasi? Aktifkan akun",
    needs_network: "Perlu sambungan internet. Coba lagi saat ada sinyal.",
    retry_in_minutes: "Coba lagi dalam {} menit.",
    greeting: "Halo,",
    your_roles: "Peran Anda",
    role_member: "Anggota",
    role_pengurus: "Pengurus",
    role_pengawas: "Pengawas",
    role_dinas_admin: "Admin dinas",
    role_ministry_admin: "Admin kementerian",
    sign_out: "Keluar",
    send_queue: "Antrean kirim",
    session_expired: "Sesi Anda berakhir. Masuk lagi untuk mengirim data; yang tersimpan di ponsel tetap aman.",
    err_required: "Wajib diisi.",
    err_phone_format: "Tulis nomor HP seperti 0812 3456 7890.",
    err_phone_length: "Nomor HP terdiri dari 10 sampai 13 angka.",
    err_password_too_short: "Kata sandi paling sedikit 8 huruf atau angka.",
    err_password_too_long: "Kata sandi paling banyak 128 huruf.",
    err_code_format: "Kode aktivasi terdiri dari 8 angka.",
    err_password_wrong: "Kata sandi lama tidak cocok.",
    err_invalid: "Isian ini belum benar.",
    kept_since: "Data tersimpan di ponsel per {}; belum bisa diperbarui dari server.",
    not_filled: "Belum diisi",
    err_date_format: "Tulis tanggal yang benar.",
    err_date_future: "Tanggal ini belum lewat.",
    err_too_long: "Isian ini terlalu panjang.",
    err_email_format: "Tulis alamat email seperti nama@contoh.id.",
    err_before_established: "Tanggal badan hukum tidak boleh sebelum koperasi berdiri.",
};

pub const EN: Texts = Texts {
    app_name: "Si Kopdes",
    tagline: "Merah Putih Village Cooperatives",
    nav_home: "Home",
    nav_about: "About this app",
    nav_cooperatives: "Cooperatives",
    nav_announcements: "News",
    my_data: "My data",
    change_password: "Change password",
    language: "Language",
    online: "Online",
    offline: "Offline",
    update_available: "A new version is available.",
    update_reload: "Reload",
    install_title: "Install on your phone",
    install_body: "Install Si Kopdes to open it from your home screen, even without internet.",
    install_button: "Install app",
    home_title: "Welcome to Si Kopdes",
    home_intro: "The village cooperative app for officers and members: cooperative data, members, forms, training and announcements.",
    home_offline_title: "Works without internet",
    home_offline_body: "Once opened, this app keeps working when the signal drops. What you enter is kept on the phone and sent when you are connected again.",
    home_server_title: "Connection to the server",
    server_checking: "Checking the connection…",
    server_ok: "The server can be reached.",
    server_unreachable: "The server cannot be reached yet.",
    server_unreachable_hint: "You can keep using the app. Try again when you have a signal.",
    home_details_link: "See app details",
    about_title: "About this app",
    about_intro: "These details help support staff when something goes wrong.",
    about_app_version: "App version",
    about_build: "Release code",
    about_connection: "Connection",
    about_sw: "Offline mode",
    about_storage_used: "Storage used",
    about_storage_unknown: "Unknown",
    about_persisted: "Persistent storage",
    about_persisted_yes: "Yes, data will not be cleared automatically",
    about_persisted_no: "Not yet, the browser may clear data when space runs out",
    about_persist_button: "Ask for persistent storage",
    about_persist_denied: "The browser has not allowed it yet. Install the app to your home screen and try again.",
    about_server: "Server version",
    about_database: "Database",
    about_migration: "Schema version",
    sw_unsupported: "Not supported by this browser",
    sw_registering: "Getting ready…",
    sw_active: "Ready to use without internet",
    sw_waiting: "A new version is waiting to load",
    sw_failed: "Could not be set up",
    not_found_title: "Page not found",
    not_found_body: "This address does not exist in Si Kopdes. Check the address or go back home.",
    not_found_home: "Back to home",
    of: "of",
    error_not_found: "Not found.",
    error_bad_request: "Some entries are not right. Check them and send again.",
    error_too_large: "The data is too large to send.",
    error_timeout: "The server took too long. Try again shortly.",
    error_unavailable: "The server is not available right now. Try again later.",
    error_internal: "Something went wrong on the server. Try again later.",
    error_unauthenticated: "Please sign in again. Anything not yet sent is kept.",
    error_invalid_credentials: "The phone number, password or code does not match. Check and try again.",
    error_forbidden: "You do not have access to this.",
    error_too_many_attempts: "Too many attempts. Wait a moment and try again.",
    error_conflict: "This already exists or was just changed by someone else.",
    nav_sign_in: "Sign in",
    sign_in_title: "Sign in to Si Kopdes",
    sign_in_intro: "Use your mobile number and password.",
    field_phone: "Mobile number",
    field_phone_hint: "For example: 0812 3456 7890",
    field_password: "Password",
    field_code: "Activation code",
    field_code_hint: "The 8 digits you got from your cooperative's officers or the district office.",
    field_new_password: "New password",
    field_new_password_hint: "At least 8 characters. Do not tell anyone.",
    sign_in_button: "Sign in",
    working: "Working…",
    activate_title: "Activate your account",
    activate_intro: "Have an activation code? Choose your own password here.",
    activate_button: "Activate and sign in",
    activate_link: "Have an activation code? Activate your account",
    needs_network: "This needs an internet connection. Try again when you have a signal.",
    retry_in_minutes: "Try again in {} minutes.",
    greeting: "Hello,",
    your_roles: "Your roles",
    role_member: "Member",
    role_pengurus: "Board member (pengurus)",
    role_pengawas: "Supervisor (pengawas)",
    role_dinas_admin: "District office admin",
    role_ministry_admin: "Ministry admin",
    sign_out: "Sign out",
    send_queue: "Send queue",
    session_expired: "Your session has ended. Sign in again to send data; what is kept on the phone stays safe.",
    err_required: "Required.",
    err_phone_format: "Write the mobile number like 0812 3456 7890.",
    err_phone_length: "A mobile number has 10 to 13 digits.",
    err_password_too_short: "The password needs at least 8 characters.",
    err_password_too_long: "The password can have at most 128 characters.",
    err_code_format: "The activation code has 8 digits.",
    err_password_wrong: "The current password does not match.",
    err_invalid: "This entry is not right.",
    kept_since: "The copy kept on the phone as of {}; it could not be refreshed from the server.",
    not_filled: "Not filled in yet",
    err_date_format: "Write a real date.",
    err_date_future: "This date has not come yet.",
    err_too_long: "This entry is too long.",
    err_email_format: "Write the e-mail address like name@example.id.",
    err_before_established: "The legal entity date cannot be before the founding date.",
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

impl Texts {
    /// What to tell a person about a field error, by its stable code.
    pub fn field_error(&self, code: &str) -> &'static str {
        match code {
            "required" => self.err_required,
            "phone.format" => self.err_phone_format,
            "phone.length" => self.err_phone_length,
            "password.too_short" => self.err_password_too_short,
            "password.too_long" => self.err_password_too_long,
            "password.wrong" => self.err_password_wrong,
            "code.format" => self.err_code_format,
            "date.format" => self.err_date_format,
            "date.future" => self.err_date_future,
            "text.too_long" => self.err_too_long,
            "email.format" => self.err_email_format,
            "date.before_established" => self.err_before_established,
            _ => self.err_invalid,
        }
    }

    pub fn role(&self, role: kopdes_domain::account::Role) -> &'static str {
        use kopdes_domain::account::Role;
        match role {
            Role::Member => self.role_member,
            Role::Pengurus => self.role_pengurus,
            Role::Pengawas => self.role_pengawas,
            Role::DinasAdmin => self.role_dinas_admin,
            Role::MinistryAdmin => self.role_ministry_admin,
        }
    }

    /// "Coba lagi dalam 15 menit." for a wait given in seconds (rounded up to minutes).
    pub fn retry_in(&self, seconds: u64) -> String {
        self.retry_in_minutes
            .replace("{}", &seconds.div_ceil(60).max(1).to_string())
    }

    /// What to tell a person about an API error, by its stable code.
    pub fn error(&self, code: ErrorCode) -> &'static str {
        match code {
            ErrorCode::NotFound => self.error_not_found,
            ErrorCode::BadRequest | ErrorCode::MethodNotAllowed | ErrorCode::InvalidInput => {
                self.error_bad_request
            }
            ErrorCode::Unauthenticated => self.error_unauthenticated,
            ErrorCode::InvalidCredentials => self.error_invalid_credentials,
            ErrorCode::Forbidden => self.error_forbidden,
            ErrorCode::TooManyAttempts => self.error_too_many_attempts,
            ErrorCode::Conflict => self.error_conflict,
            ErrorCode::PayloadTooLarge => self.error_too_large,
            ErrorCode::Timeout => self.error_timeout,
            ErrorCode::Unavailable => self.error_unavailable,
            ErrorCode::Internal => self.error_internal,
        }
    }
}

/// The current language, shared through context. Changing it re-renders every text and is
/// remembered on the device.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    pub fn t(&self) -> &'static Texts {
        texts(self.lang.get())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// One text in the current language, as a signal the view follows.
///
/// It takes a plain `fn`, not a closure: every text then shares a single closure type and one
/// copy of the rendering code, where a closure per text would add a few hundred bytes of
/// WebAssembly each.
pub fn tr(pick: fn(&'static Texts) -> &'static str) -> Signal<&'static str> {
    let lang = use_i18n().lang;
    Signal::derive(move || pick(texts(lang.get())))
}

/// [`tr`] for a page's own text table, kept beside the page that uses it. (The splitter moves
/// code, not data: the strings still live in the main module.)
pub fn tr_in<T: 'static>(
    table: fn(Lang) -> &'static T,
    pick: fn(&'static T) -> &'static str,
) -> Signal<&'static str> {
    let lang = use_i18n().lang;
    Signal::derive(move || pick(table(lang.get())))
}
