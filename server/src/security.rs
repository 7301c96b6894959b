//! Headers every response carries, whatever produced it (API, static file or error).

use axum::extract::Request;
use axum::http::header::{self, HeaderName};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Scripts only from this origin; `'wasm-unsafe-eval'` lets the browser compile the app's
/// WebAssembly without allowing `eval` of JavaScript. No inline script or style anywhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; \
     img-src 'self' data: blob:; \
     connect-src 'self'; \
     worker-src 'self'; \
     manifest-src 'self'; \
     object-src 'none'; \
     base-uri 'none'; \
     form-action 'self'; \
     frame-ancestors 'none'";

/// For API answers: JSON is never a document, so nothing in it may load or run, and the policies
/// that only documents use are left out. Every API answer crosses the satellite link with these
/// headers, so they are kept short (about 400 bytes less per answer than the app's).
pub const API_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// API answers carry personal data (a member's NIK, a ledger): no cache, the browser's disk
/// cache included, may keep them past sign-out on a shared phone. An answer that is public or
/// content-addressed says so itself (regions, training media), and keeps its own.
const API_HEADERS: [(HeaderName, &str); 5] = [
    (header::CACHE_CONTROL, "no-store"),
    (header::CONTENT_SECURITY_POLICY, API_CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "no-referrer"),
];

const HEADERS: [(HeaderName, &str); 6] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "no-referrer"),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
    (
        HeaderName::from_static("permissions-policy"),
        "geolocation=(), microphone=(), camera=(), payment=(), usb=()",
    ),
];

pub async fn set_security_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_api = path == "/api" || path.starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set: &[(HeaderName, &str)] = if is_api { &API_HEADERS } else { &HEADERS };
    for (name, value) in set.iter().cloned() {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}

/// Refuses a state-changing API request that a page of another site made the browser send.
///
/// The session cookie is already `SameSite=Strict`; this is the second lock, for browsers or
/// proxies that get that wrong. Browsers say where a request comes from in `Sec-Fetch-Site`
/// (all current ones) or `Origin` (older ones, on every cross-origin request). A request with
/// neither did not come from a web page (the phone's own sync, scripts, tests) and a page
/// cannot make a browser leave both out, so it passes.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    if !request.method().is_safe() && is_cross_site(request.headers()) {
        tracing::warn!(
            method = %request.method(),
            path = request.uri().path(),
            "cross-site request refused"
        );
        return crate::error::ApiError::CrossSite.into_response();
    }
    next.run(request).await
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        // "none" is a person typing the address or opening a bookmark: not another site.
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let host = headers.get(header::HOST).map(HeaderValue::as_bytes);
    let origin_host = origin.to_str().ok().and_then(|o| {
        o.strip_prefix("https://")
            .or_else(|| o.strip_prefix("http://"))
    });
    // "null" (a sandboxed frame or a file) and any other origin are not this site.
    origin_host.map(str::as_bytes) != host || host.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn fetch_metadata_decides_when_the_browser_sends_it() {
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "none")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        // A matching Origin does not rescue a request the browser calls cross-site.
        assert!(is_cross_site(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://kopdes.example"),
            ("host", "kopdes.example"),
        ])));
    }

    #[test]
    fn otherwise_the_origin_must_name_this_host() {
        let host = ("host", "kopdes.example");
        assert!(!is_cross_site(&headers(&[host])));
        assert!(!is_cross_site(&headers(&[
            host,
            ("origin", "https://kopdes.example")
        ])));
        assert!(!is_cross_site(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ])));
        assert!(is_cross_site(&headers(&[
            host,
            ("origin", "https://evil.example")
        ])));
        assert!(is_cross_site(&headers(&[
            host,
            ("origin", "https://kopdes.example.evil")
        ])));
        assert!(is_cross_site(&headers(&[host, ("origin", "null")])));
        assert!(is_cross_site(&headers(&[(
            "origin",
            "https://kopdes.example"
        )])));
    }
}
