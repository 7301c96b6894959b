//! Serves the built app: hashed assets forever-cached, everything else revalidated, brotli and
//! gzip siblings made at build time, and index.html for the app's own routes.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, VARY};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Asset names carry a hash of their content, so a cached copy can never be stale.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// index.html, sw.js and the manifest name the current assets: always ask the server first
/// (a 304 costs a few hundred bytes).
const REVALIDATE: &str = "no-cache";

pub fn router(dir: &Path) -> Router {
    let assets = ServeDir::new(dir.join("assets"))
        .precompressed_br()
        .precompressed_gzip();
    let root = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();

    let spa = move |request: Request| {
        let root = root.clone();
        let index = index.clone();
        async move {
            // A path with a file extension names a file: missing means 404, not the app
            // (a browser must never receive HTML where it asked for a script or an icon).
            let response = if names_a_file(request.uri().path()) {
                root.oneshot(request).await
            } else {
                index.oneshot(request).await
            };
            response.map(|r| r.map(axum::body::Body::new))
        }
    };

    Router::new()
        .nest_service("/assets", assets)
        .layer(middleware::from_fn(cache_forever))
        .fallback_service(tower::service_fn(spa))
        .layer(middleware::from_fn(add_vary))
}

fn names_a_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

async fn cache_forever(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let value = if response.status().is_success() || response.status().as_u16() == 304 {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Responses differ by Accept-Encoding (precompressed siblings), and non-asset files must be
/// revalidated; assets already carry their own Cache-Control.
async fn add_vary(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    headers
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(REVALIDATE));
    response
}

#[cfg(test)]
mod tests {
    use super::names_a_file;

    #[test]
    fn app_routes_are_not_files() {
        assert!(!names_a_file("/"));
        assert!(!names_a_file("/tentang"));
        assert!(!names_a_file("/koperasi/123"));
        assert!(names_a_file("/sw.js"));
        assert!(names_a_file("/icons/icon-192.png"));
    }
}
