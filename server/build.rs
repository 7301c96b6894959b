// `sqlx::migrate!` embeds the migrations at compile time; a newly added file must trigger a
// rebuild even when no Rust source changed.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
