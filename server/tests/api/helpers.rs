use std::path::Path;

use kopdes_server::config::Config;
use kopdes_server::db::Db;
use kopdes_server::startup::Application;
use sqlx::Connection;
use tempfile::TempDir;

/// Every developer and CI machine runs PostgreSQL here; an unreachable server fails the suite
/// rather than silently skipping half of it.
const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn(Backend)` as two tests: `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() {
                super::$name($crate::helpers::Backend::Postgres).await
            }
        }
    )*};
}

/// A database of its own for one test: a file in a temporary directory, or a fresh PostgreSQL
/// database that is dropped when the test ends.
pub struct TestDatabase {
    pub url: String,
    _dir: Option<TempDir>,
    postgres_name: Option<String>,
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let url = format!("sqlite://{}", dir.path().join("kopdes.db").display());
                TestDatabase {
                    url,
                    _dir: Some(dir),
                    postgres_name: None,
                }
            }
            Backend::Postgres => {
                let name = format!("kopdes_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = admin_connection().await;
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!(r#"CREATE DATABASE "{name}""#)))
                    .execute(&mut admin)
                    .await
                    .expect("create test database");
                let url = format!("{}/{name}", server_url());
                TestDatabase {
                    url,
                    _dir: None,
                    postgres_name: Some(name),
                }
            }
        }
    }

    /// A database already migrated and holding the region tree, copied from a template built
    /// once: loading 91,599 regions for every test would cost seconds each.
    pub async fn prepared(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let template = sqlite_template().await;
                let dir = tempfile::tempdir().expect("temporary directory");
                let file = dir.path().join("kopdes.db");
                std::fs::copy(template, &file).expect("copy template database");
                TestDatabase {
                    url: format!("sqlite://{}", file.display()),
                    _dir: Some(dir),
                    postgres_name: None,
                }
            }
            Backend::Postgres => {
                let template = postgres_template().await;
                let name = format!("kopdes_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = admin_connection().await;
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    r#"CREATE DATABASE "{name}" TEMPLATE "{template}""#
                )))
                .execute(&mut admin)
                .await
                .expect("create test database from template");
                TestDatabase {
                    url: format!("{}/{name}", server_url()),
                    _dir: None,
                    postgres_name: Some(name),
                }
            }
        }
    }

    /// Makes the database unreachable under a running server, the way an outage would.
    pub async fn make_unreachable(&self, db: &Db) {
        match &self.postgres_name {
            Some(name) => drop_postgres_database(name).await,
            None => db.close().await,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = self.postgres_name.take() {
            // Drop runs outside async context: a short-lived runtime on its own thread does it.
            let _ = std::thread::spawn(move || {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime")
                    .block_on(drop_postgres_database(&name));
            })
            .join();
        }
    }
}

fn postgres_admin_url() -> String {
    std::env::var("KOPDES_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

fn server_url() -> String {
    let url = postgres_admin_url();
    url.rsplit_once('/')
        .map(|(server, _)| server.to_owned())
        .unwrap_or(url)
}

async fn admin_connection() -> sqlx::PgConnection {
    let url = postgres_admin_url();
    sqlx::PgConnection::connect(&url).await.unwrap_or_else(|e| {
        panic!("PostgreSQL must be reachable at {url} for the test suite (set KOPDES_TEST_POSTGRES_URL): {e}")
    })
}

async fn drop_postgres_database(name: &str) {
    let mut admin = admin_connection().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#
    )))
    .execute(&mut admin)
    .await
    .expect("drop test database");
}

/// The key every test server uses for personal data, so two processes on one database agree.
pub const TEST_DATA_KEY: &str = "6b6f706465732d746573742d6b65792d6e6f742d666f722d70726f6475637421";

pub fn test_config(database_url: &str) -> Config {
    let mut config = Config::for_database(database_url);
    config.data_key = Some(TEST_DATA_KEY.to_owned());
    // Every dashboard read sees what the test just did.
    config.stats_max_age_secs = 0;
    config
}

/// Names templates after what they contain, so a new migration or data set builds a new one.
fn template_fingerprint(backend: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("migrations directory")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let mut hasher = std::hash::DefaultHasher::new();
    for file in files {
        std::hash::Hash::hash(&std::fs::read(file).expect("migration"), &mut hasher);
    }
    std::hash::Hash::hash(backend, &mut hasher);
    std::hash::Hash::hash(kopdes_server::regions::DATA_SET, &mut hasher);
    format!("{:016x}", std::hash::Hasher::finish(&hasher))
}

async fn migrate_and_load(url: &str) {
    let db = Db::connect(url, 2).await.expect("template database");
    kopdes_server::regions::load(&db).await.expect("regions");
    if url.starts_with("sqlite") {
        // Fold the WAL into the main file, which is what gets copied.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&db.writer)
            .await
            .expect("checkpoint");
    }
    db.close().await;
}

/// A template file shared by test runs, built once per migration set and data set: written
/// under a private name, then renamed into place, so a reader never sees half of one.
async fn sqlite_template() -> &'static Path {
    static TEMPLATE: tokio::sync::OnceCell<std::path::PathBuf> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("kopdes-template-{}.db", template_fingerprint("sqlite"));
            let path = std::env::temp_dir().join(name);
            if !path.exists() {
                let building = path.with_extension(format!("{}.building", std::process::id()));
                migrate_and_load(&format!("sqlite://{}", building.display())).await;
                for suffix in ["-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", building.display()));
                }
                std::fs::rename(&building, &path).expect("template into place");
            }
            path
        })
        .await
}

/// A template database kept on the server between runs; built under an advisory lock so
/// parallel test processes build it once, and renamed into place only when complete.
async fn postgres_template() -> String {
    let name = format!("kopdes_template_{}", template_fingerprint("postgres"));
    let mut admin = admin_connection().await;
    sqlx::query("SELECT pg_advisory_lock(4242)")
        .execute(&mut admin)
        .await
        .expect("lock");
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&name)
        .fetch_optional(&mut admin)
        .await
        .expect("look up template");
    if exists.is_none() {
        let building = format!("{name}_building");
        for sql in [
            format!(r#"DROP DATABASE IF EXISTS "{building}" WITH (FORCE)"#),
            format!(r#"CREATE DATABASE "{building}""#),
        ] {
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut admin)
                .await
                .expect("template");
        }
        migrate_and_load(&format!("{}/{building}", server_url())).await;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            r#"ALTER DATABASE "{building}" RENAME TO "{name}""#
        )))
        .execute(&mut admin)
        .await
        .expect("rename template");
        // Templates of older migration sets are never used again: drop them rather than
        // leave a database per schema change on every developer's server.
        let stale: Vec<String> = sqlx::query_scalar(
            "SELECT datname FROM pg_database WHERE datname LIKE 'kopdes_template_%' AND datname <> $1",
        )
        .bind(&name)
        .fetch_all(&mut admin)
        .await
        .expect("list templates");
        for old in stale {
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                r#"DROP DATABASE IF EXISTS "{old}" WITH (FORCE)"#
            )))
            .execute(&mut admin)
            .await
            .expect("drop stale template");
        }
    }
    sqlx::query("SELECT pg_advisory_unlock(4242)")
        .execute(&mut admin)
        .await
        .expect("unlock");
    name
}

pub struct TestApp {
    pub address: String,
    /// `http://host:port` of the metrics listener, when the test asked for one.
    pub metrics_address: Option<String>,
    pub client: reqwest::Client,
    pub db: Db,
    pub database: TestDatabase,
    _static_dir: TempDir,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_with(backend, |_| {}).await
    }

    /// Starts the app with some settings changed, e.g. session lifetimes.
    pub async fn spawn_with(backend: Backend, configure: impl FnOnce(&mut Config)) -> TestApp {
        let database = TestDatabase::prepared(backend).await;
        TestApp::spawn_on(database, configure).await
    }

    /// A second server process on the same database, as behind a load balancer.
    pub async fn another_server(&self) -> TestApp {
        let database = TestDatabase {
            url: self.database.url.clone(),
            _dir: None,
            postgres_name: None,
        };
        TestApp::spawn_on(database, |_| {}).await
    }

    async fn spawn_on(database: TestDatabase, configure: impl FnOnce(&mut Config)) -> TestApp {
        let static_dir = built_app_fixture();
        let mut config = test_config(&database.url);
        config.static_dir = static_dir.path().to_owned();
        config.max_body_bytes = 64 * 1024;
        configure(&mut config);
        let app = Application::build(&config).await.expect("server starts");
        let address = format!("http://{}", app.local_addr());
        let metrics_address = app.metrics_addr().map(|a| format!("http://{a}"));
        let db = app.db().clone();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            metrics_address,
            client: reqwest::Client::new(),
            db,
            database,
            _static_dir: static_dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// A GET as the holder of `session` (a `kopdes_session=...` cookie pair).
    pub async fn get_as(&self, session: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", session)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post_json(
        &self,
        path: &str,
        session: Option<&str>,
        body: serde_json::Value,
    ) -> reqwest::Response {
        let mut request = self.client.post(self.url(path)).json(&body);
        if let Some(session) = session {
            request = request.header("cookie", session);
        }
        request.send().await.expect("request sent")
    }

    /// How many audit entries of one action a record has.
    pub async fn audit_count(&self, action: &str, entity_id: &str) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND entity_id = $2")
            .bind(action)
            .bind(entity_id)
            .fetch_one(&self.db.pool)
            .await
            .expect("count audit entries")
    }

    pub async fn delete_as(&self, session: &str, path: &str) -> reqwest::Response {
        self.client
            .delete(self.url(path))
            .header("cookie", session)
            .send()
            .await
            .expect("request sent")
    }

    /// Creates an account the way an officer would and returns it with its activation code.
    pub async fn account_with_code(&self, phone: &str, name: &str) -> (String, String) {
        let phone = kopdes_domain::phone::Phone::parse(phone).expect("test phone");
        kopdes_server::accounts::create(&self.db, &phone, name, None)
            .await
            .expect("account created")
    }

    /// An activated account, signed in: returns its session cookie pair.
    pub async fn signed_in(&self, phone: &str, password: &str) -> String {
        let (_, code) = self.account_with_code(phone, "Warga Desa").await;
        let response = self
            .post_json(
                "/api/activation",
                None,
                serde_json::json!({"phone": phone, "code": code, "password": password}),
            )
            .await;
        assert_eq!(response.status(), 200, "activation succeeds");
        session_cookie(&response)
    }

    /// A signed-in dinas admin (with `region`) or ministry admin (without).
    pub async fn staff(&self, phone: &str, region: Option<&str>) -> String {
        let session = self.signed_in(phone, "kantor-dinas-2026").await;
        let me: kopdes_domain::account::Me = self
            .get_as(&session, "/api/me")
            .await
            .json()
            .await
            .expect("me");
        let region = region.map(|r| kopdes_domain::region::RegionCode::parse(r).expect("region"));
        let role = if region.is_some() {
            kopdes_domain::account::Role::DinasAdmin
        } else {
            kopdes_domain::account::Role::MinistryAdmin
        };
        kopdes_server::accounts::grant_staff_role(&self.db, &me.id, role, region.as_ref(), None)
            .await
            .expect("role granted");
        session
    }

    pub async fn put_json(
        &self,
        path: &str,
        session: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.client
            .put(self.url(path))
            .header("cookie", session)
            .json(&body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn sign_in(&self, phone: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/api/session",
            None,
            serde_json::json!({"phone": phone, "password": password}),
        )
        .await
    }
}

/// The `kopdes_session=...` pair from a response's Set-Cookie, to send back as a Cookie.
pub fn session_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kopdes_session=") && !v.starts_with("kopdes_session=;"))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie is set")
        .to_owned()
}

/// The first field error of an error body: (field, code); empty when there is none.
pub fn first_field_error(body: &serde_json::Value) -> (String, String) {
    let text = |key: &str| {
        body["fields"][0][key]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    (text("field"), text("code"))
}

/// A response header as text; empty when absent.
pub fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

pub const INDEX_HTML: &str = "<!doctype html><html lang=\"id\"><title>Si Kopdes</title></html>";
pub const HASHED_WASM: &str = "/assets/k-0123456789abcdef.wasm";
pub const WASM_BYTES: &[u8] = b"\0asm\x01\0\0\0";
pub const WASM_BROTLI_SIBLING: &[u8] = b"brotli-compressed bytes made at build time";

/// A directory laid out like the build's output, small enough to reason about in assertions.
fn built_app_fixture() -> TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    let write = |relative: &str, bytes: &[u8]| {
        let path = dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).expect("mkdir");
        std::fs::write(path, bytes).expect("write fixture");
    };
    write("index.html", INDEX_HTML.as_bytes());
    write("sw.js", b"self.addEventListener('install', () => {});");
    write("manifest.webmanifest", b"{\"name\":\"Si Kopdes\"}");
    write(HASHED_WASM.trim_start_matches('/'), WASM_BYTES);
    write(
        &format!("{}.br", HASHED_WASM.trim_start_matches('/')),
        WASM_BROTLI_SIBLING,
    );
    dir
}
