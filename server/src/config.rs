use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};

/// Server settings, from flags or the environment (flags win).
#[derive(Debug, Clone, Parser)]
#[command(
    name = "kopdes-server",
    version,
    about = "Si Kopdes API and app server"
)]
pub struct Config {
    /// Address to listen on. Behind a reverse proxy keep the loopback default.
    #[arg(long, env = "KOPDES_BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,

    /// Port to listen on; 0 picks a free one (tests use this).
    #[arg(long, env = "KOPDES_PORT", default_value_t = 3000)]
    pub port: u16,

    /// `sqlite://path/to/file.db` (created on first run) or `postgres://user@host/db`.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://data/kopdes.db"
    )]
    pub database_url: String,

    /// Most connections the pool keeps open to the database. On SQLite: the readers; writes
    /// have one connection of their own besides (see db.rs).
    #[arg(long, env = "KOPDES_DB_MAX_CONNECTIONS", default_value_t = 10)]
    pub db_max_connections: u32,

    /// Directory holding the built app (index.html, sw.js, assets/).
    #[arg(long, env = "KOPDES_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// `text` for people at a terminal, `json` for log collectors.
    #[arg(long, global = true, env = "KOPDES_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Load the demo data set (idempotent) after migrating. Never use on a production database.
    #[arg(long, env = "KOPDES_SEED_DEMO", default_value_t = false)]
    pub seed_demo: bool,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "KOPDES_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,

    /// The 32-byte key protecting personal data at rest (NIK), as 64 hex digits. Every server
    /// process of one deployment needs the same key; losing it makes stored NIKs unreadable.
    #[arg(long, global = true, env = "KOPDES_DATA_KEY", hide_env_values = true)]
    pub data_key: Option<String>,

    /// Where to keep the data key when `--data-key` is not given. Defaults to `kopdes.key`
    /// next to the SQLite file, created on first run; PostgreSQL deployments must give a key.
    #[arg(long, global = true, env = "KOPDES_DATA_KEY_FILE")]
    pub data_key_file: Option<PathBuf>,

    /// Keys being rotated away from (64 hex digits each, comma-separated): what they sealed
    /// is re-sealed under the current key at start, then they are no longer needed.
    #[arg(
        long,
        global = true,
        env = "KOPDES_OLD_DATA_KEYS",
        value_delimiter = ','
    )]
    pub old_data_keys: Vec<String>,

    /// Days a session survives without use. Generous: members may be offline for weeks.
    #[arg(long, env = "KOPDES_SESSION_IDLE_DAYS", default_value_t = 30)]
    pub session_idle_days: u64,

    /// Days a session lives at most, however often it is used.
    #[arg(long, env = "KOPDES_SESSION_MAX_DAYS", default_value_t = 90)]
    pub session_max_days: u64,

    /// Seconds the dashboards' figures may age before a read has them computed again (in the
    /// background; the read answers with the figures it has and their time). 0: every read
    /// computes them first, for tests and small deployments.
    #[arg(long, env = "KOPDES_STATS_MAX_AGE_SECS", default_value_t = 600)]
    pub stats_max_age_secs: u64,

    /// Seconds a request may take before the server gives up on it.
    #[arg(long, env = "KOPDES_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// API requests one process works on at once; more wait for a place (see admission.rs).
    #[arg(long, env = "KOPDES_MAX_IN_FLIGHT", default_value_t = 64)]
    pub max_in_flight: usize,

    /// Seconds a client may take to send a request's headers (and an idle kept-alive
    /// connection may wait for the next), before the connection is closed.
    #[arg(long, env = "KOPDES_HEADER_READ_TIMEOUT_SECS", default_value_t = 15)]
    pub header_read_timeout_secs: u64,

    /// How long a request waits for a place before it is answered `429 busy`.
    #[arg(long, env = "KOPDES_ADMISSION_WAIT_MS", default_value_t = 3000)]
    pub admission_wait_ms: u64,

    /// Password hashes (argon2id, 19 MiB each) one process computes at once; more sign-ins
    /// wait up to 2 s, then are answered `429 busy`. 0: one per core.
    #[arg(long, env = "KOPDES_PASSWORD_HASHES_AT_ONCE", default_value_t = 0)]
    pub password_hashes_at_once: usize,

    /// Proxies and load balancers (addresses or networks, comma-separated) whose
    /// `X-Forwarded-For` names the client; from anyone else the header is ignored.
    #[arg(long, env = "KOPDES_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// Where to serve Prometheus metrics (`GET /metrics`), e.g. `127.0.0.1:9464`: a listener
    /// of its own, never the public one. None: no metrics listener.
    #[arg(long, env = "KOPDES_METRICS_BIND")]
    pub metrics_bind: Option<std::net::SocketAddr>,
}

impl Config {
    pub fn session_lifetimes(&self) -> crate::sessions::Lifetimes {
        const DAY: u64 = 24 * 3600;
        crate::sessions::Lifetimes {
            idle: Duration::from_secs(self.session_idle_days * DAY),
            absolute: Duration::from_secs(self.session_max_days * DAY),
        }
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// Settings for tests and embedding: loopback, a free port, everything else at its default.
    pub fn for_database(database_url: impl Into<String>) -> Self {
        let mut config = Config::parse_from(["kopdes-server"]);
        config.port = 0;
        config.database_url = database_url.into();
        config
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}
