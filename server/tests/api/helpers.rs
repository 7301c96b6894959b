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

    /// Makes the database unreachable under a running server, the way an outage would.
    pub async fn make_unreachable(&self, db: &Db) {
        match &self.postgres_name {
            Some(name) => drop_postgres_database(name).await,
            None => db.pool.close().await,
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

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub database: TestDatabase,
    _static_dir: TempDir,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        let database = TestDatabase::create(backend).await;
        let static_dir = built_app_fixture();
        let mut config = Config::for_database(&database.url);
        config.static_dir = static_dir.path().to_owned();
        config.max_body_bytes = 64 * 1024;
        let app = Application::build(&config).await.expect("server starts");
        let address = format!("http://{}", app.local_addr());
        let db = app.db().clone();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
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
