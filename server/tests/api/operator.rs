//! The operator's command line on a deployment without demo data: the first ministry admin,
//! and what the operator may (and may not) do with accounts, run as the real binary against
//! the database a running server uses.

use std::process::Output;

use serde_json::json;

use crate::cooperatives::{KETUA_PHONE, registered};
use crate::helpers::{Backend, TEST_DATA_KEY, TestApp, session_cookie};
use crate::on_both_backends;

on_both_backends!(
    the_first_ministry_admin_comes_from_the_command_line_and_signs_in,
    the_operator_disables_enables_and_resets_staff_but_never_cooperative_accounts,
);

/// Runs `kopdes-server <args>` on the app's database.
pub fn kopdes_server(app: &TestApp, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kopdes-server"))
        .args(args)
        .env("DATABASE_URL", &app.database.url)
        .env("KOPDES_DATA_KEY", TEST_DATA_KEY)
        .env("KOPDES_LOG_FORMAT", "json")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the server binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The eight digits after "code: " in the command's output.
pub fn printed_code(output: &Output) -> String {
    let text = stdout(output);
    let after = text
        .split("activation code: ")
        .nth(1)
        .unwrap_or_else(|| panic!("a code in {text:?}"));
    let code: String = after.chars().take_while(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 8, "an 8-digit code in {text:?}");
    code
}

const PHONE: &str = "0811 9000 0001";
const PASSWORD: &str = "menteri-koperasi-2026";

async fn first_admin(app: &TestApp) -> String {
    let created = kopdes_server(
        app,
        &[
            "admin",
            "create-ministry-admin",
            "--name",
            "Budi Santoso",
            "--phone",
            PHONE,
        ],
    );
    assert!(created.status.success(), "{created:?}");
    let code = printed_code(&created);
    let activated = app
        .post_json(
            "/api/activation",
            None,
            json!({"phone": PHONE, "code": code, "password": PASSWORD}),
        )
        .await;
    assert_eq!(activated.status(), 200);
    session_cookie(&activated)
}

async fn the_first_ministry_admin_comes_from_the_command_line_and_signs_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(users, 0, "a deployment without demo data has nobody");
    let session = first_admin(&app).await;
    let me: kopdes_domain::account::Me = app
        .get_as(&session, "/api/me")
        .await
        .json()
        .await
        .expect("me");
    assert_eq!(me.roles.len(), 1);
    assert_eq!(
        me.roles[0].role,
        kopdes_domain::account::Role::MinistryAdmin
    );
    // The same command again changes nothing and gives no code.
    let again = kopdes_server(
        &app,
        &[
            "admin",
            "create-ministry-admin",
            "--name",
            "Budi Santoso",
            "--phone",
            PHONE,
        ],
    );
    assert!(again.status.success());
    assert!(stdout(&again).contains("nothing changed"), "{again:?}");
    assert!(!stdout(&again).contains("activation code"));
    assert_eq!(app.sign_in(PHONE, PASSWORD).await.status(), 200);
    // An existing account is not made an admin without saying so.
    app.signed_in("0812 5555 0001", "sandi-warga-2026").await;
    let refused = kopdes_server(
        &app,
        &[
            "admin",
            "create-ministry-admin",
            "--name",
            "Siapa",
            "--phone",
            "0812 5555 0001",
        ],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--existing-account"));
    let listed = kopdes_server(&app, &["admin", "list-staff"]);
    assert!(stdout(&listed).contains("Budi Santoso"));
    assert!(stdout(&listed).contains("1 staff role(s)"));
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'staff.appointed' AND actor_id IS NULL",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(audited, 1, "the operator's appointment is audited once");
}

async fn the_operator_disables_enables_and_resets_staff_but_never_cooperative_accounts(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let session = first_admin(&app).await;
    let disabled = kopdes_server(&app, &["admin", "disable", "--phone", PHONE]);
    assert!(disabled.status.success());
    assert_eq!(app.get_as(&session, "/api/me").await.status(), 401);
    assert_eq!(app.sign_in(PHONE, PASSWORD).await.status(), 401);
    let enabled = kopdes_server(&app, &["admin", "enable", "--phone", PHONE]);
    assert!(enabled.status.success());
    assert_eq!(app.sign_in(PHONE, PASSWORD).await.status(), 200);
    // A forgotten password: a new code sets a new one.
    let reset = kopdes_server(&app, &["admin", "reset-code", "--phone", PHONE]);
    assert!(reset.status.success(), "{reset:?}");
    let activated = app
        .post_json(
            "/api/activation",
            None,
            json!({"phone": PHONE, "code": printed_code(&reset), "password": "sandi-baru-2026"}),
        )
        .await;
    assert_eq!(activated.status(), 200);
    // A cooperative's chair gets theirs from their dinas, never from the command line.
    registered(&app).await;
    let refused = kopdes_server(&app, &["admin", "reset-code", "--phone", KETUA_PHONE]);
    assert!(!refused.status.success());
    assert!(!stdout(&refused).contains("activation code"));
    let unknown = kopdes_server(&app, &["admin", "disable", "--phone", "0811 1234 9999"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no account"));
}
