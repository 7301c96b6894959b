//! Bytes on the wire for training, against the real server on a fresh SQLite database with the
//! demo courses: what "download for offline" fetches for each demo course (manifest, every
//! lesson, every picture), and what a phone holding a course fetches after one lesson of it is
//! edited and published again (the new manifest and that lesson). Answers are asked for as
//! gzip, as a plain HTTP client would; browsers get brotli, a little smaller. A report, not a
//! test: nothing here is asserted.
//!
//!     cargo run --release -p kopdes-server --example bench_training

mod support;

use std::collections::HashSet;

use kopdes_domain::course::{AuthoredCourse, CourseManifest, CourseSummary};
use serde_json::json;

/// A member of Cangkuang Wetan, and the ministry's demo admin who published the courses.
const MEMBER: &str = "0813-2004-1201";
const MINISTRY: &str = "0811-0000-0001";

/// One GET as it crosses the link: response headers and (compressed) body.
async fn fetch(
    client: &reqwest::Client,
    url: &str,
    cookie: &str,
) -> anyhow::Result<(usize, Vec<u8>)> {
    let response = client
        .get(url)
        .header("cookie", cookie)
        .header("accept-encoding", "gzip")
        .send()
        .await?;
    let headers: usize = response
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum::<usize>()
        + 17;
    let compressed = response.headers().contains_key("content-encoding");
    let body = response.bytes().await?.to_vec();
    let plain = if compressed {
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut text)?;
        text
    } else {
        body.clone()
    };
    Ok((headers + body.len(), plain))
}

/// Fetches what a phone lacks of a manifest, skipping lessons and pictures it holds; returns
/// `(requests, bytes)` and adds what it fetched to `held`.
async fn download(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    id: &str,
    held: &mut HashSet<String>,
) -> anyhow::Result<(usize, usize, CourseManifest)> {
    let (mut bytes, body) = fetch(client, &format!("{base}/api/courses/{id}"), cookie).await?;
    let manifest: CourseManifest = serde_json::from_slice(&body)?;
    let mut requests = 1;
    let mut urls = Vec::new();
    for lesson in &manifest.lessons {
        urls.push(format!("/api/lessons/{}", lesson.hash));
        for picture in &lesson.media {
            urls.push(format!("/media/{}", picture.hash));
        }
    }
    if let Some(cover) = &manifest.summary.cover {
        urls.push(format!("/media/{}", cover.hash));
    }
    for url in urls {
        if held.insert(url.clone()) {
            bytes += fetch(client, &format!("{base}{url}"), cookie).await?.0;
            requests += 1;
        }
    }
    Ok((requests, bytes, manifest))
}

#[allow(clippy::print_stdout)] // the report is the output
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let base = support::demo_server(&dir).await?;
    let client = reqwest::Client::new();
    let member = support::sign_in(&client, &base, MEMBER).await?;

    let (catalogue_bytes, body) = fetch(&client, &format!("{base}/api/courses"), &member).await?;
    let catalogue: Vec<CourseSummary> = serde_json::from_slice(&body)?;
    println!(
        "catalogue: {catalogue_bytes} bytes for {} courses",
        catalogue.len()
    );
    let mut held = HashSet::new();
    let mut first = None;
    for course in &catalogue {
        let (requests, bytes, manifest) =
            download(&client, &base, &member, &course.id, &mut HashSet::new()).await?;
        println!(
            "{}: {requests} requests, {bytes} bytes on the wire (the app says {} bytes before downloading)",
            course.title.id, manifest.summary.download_bytes
        );
        if first.is_none() {
            let _ = download(&client, &base, &member, &course.id, &mut held).await?;
            first = Some(course.id.clone());
        }
    }

    // One lesson edited and published again by its author.
    let id = first.ok_or_else(|| anyhow::anyhow!("no demo course"))?;
    let ministry = support::sign_in(&client, &base, MINISTRY).await?;
    let authored: AuthoredCourse = client
        .get(format!("{base}/api/courses/{id}/draft"))
        .header("cookie", &ministry)
        .send()
        .await?
        .json()
        .await?;
    let mut draft = authored.draft.clone();
    draft.lessons[1]
        .body
        .id
        .push_str("\n\nCatatan: contoh ini diperbarui.");
    client
        .put(format!("{base}/api/courses/{id}/draft"))
        .header("cookie", &ministry)
        .json(&json!({"draft": draft, "saved_at": authored.saved_at}))
        .send()
        .await?
        .error_for_status()?;
    client
        .post(format!("{base}/api/courses/{id}/publish"))
        .header("cookie", &ministry)
        .json(&json!({}))
        .send()
        .await?
        .error_for_status()?;
    let (requests, bytes, manifest) = download(&client, &base, &member, &id, &mut held).await?;
    println!(
        "after a one-lesson edit of {}: {requests} requests, {bytes} bytes on the wire (version {})",
        manifest.summary.title.id, manifest.summary.version
    );
    Ok(())
}
