//! Announcements: published by admins inside their regions, read by whoever they reach while
//! they are live, pinned first; read marks once per person.

use kopdes_domain::announcement::Announcement;
use serde_json::{Value, json};

use crate::cooperatives::{in_central_java, registered};
use crate::helpers::{Backend, TestApp, first_field_error};
use crate::on_both_backends;

on_both_backends!(
    admins_publish_inside_their_regions_only,
    each_person_reads_what_reaches_them_while_live_pinned_first,
    a_read_mark_is_kept_once_per_person,
    an_announcement_carries_a_picture_the_server_holds,
);

fn body(title: &str, extra: Value) -> Value {
    let mut body = json!({
        "title": {"id": title, "en": ""},
        "body": {"id": format!("Isi {title}."), "en": ""},
    });
    for (key, value) in extra.as_object().expect("object") {
        body[key] = value.clone();
    }
    body
}

async fn publish(app: &TestApp, session: &str, title: &str, extra: Value) -> reqwest::Response {
    app.post_json("/api/announcements", Some(session), body(title, extra))
        .await
}

async fn published(app: &TestApp, session: &str, title: &str, extra: Value) -> Announcement {
    let response = publish(app, session, title, extra).await;
    assert_eq!(response.status(), 201, "{title} is published");
    response.json().await.expect("announcement")
}

async fn feed(app: &TestApp, session: &str) -> Vec<String> {
    let response = app.get_as(session, "/api/announcements").await;
    assert_eq!(response.status(), 200);
    let list: Vec<Announcement> = response.json().await.expect("feed");
    list.into_iter().map(|a| a.title.id).collect()
}

async fn admins_publish_inside_their_regions_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let (_, _, elsewhere) = in_central_java(&app).await;
    let ministry = app.staff("0811 0000 0001", None).await;

    published(&app, &dinas, "Untuk Jawa Barat", json!({"region": "32"})).await;
    published(
        &app,
        &dinas,
        "Untuk satu koperasi",
        json!({"cooperative_id": coop.id}),
    )
    .await;
    published(&app, &ministry, "Untuk semua", json!({})).await;
    for (session, extra) in [
        (&dinas, json!({"region": "33"})),
        (&dinas, json!({})),
        (&ketua, json!({"cooperative_id": coop.id})),
    ] {
        assert_eq!(
            publish(&app, session, "Tidak boleh", extra).await.status(),
            403
        );
    }
    // Another region's cooperative answers like one that does not exist (existence.rs).
    let elsewhere = publish(
        &app,
        &dinas,
        "Tidak boleh",
        json!({"cooperative_id": elsewhere}),
    )
    .await;
    assert_eq!(
        first_field_error(&elsewhere.json().await.expect("error")),
        (
            "cooperative_id".to_owned(),
            "announcement.unknown_cooperative".to_owned()
        )
    );
    let refused = publish(&app, &dinas, "", json!({"region": "32"})).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        first_field_error(&refused.json().await.expect("error")),
        ("title.id".to_owned(), "required".to_owned())
    );
    let refused = publish(&app, &dinas, "Kecamatan", json!({"region": "32.04.12"})).await;
    assert_eq!(
        first_field_error(&refused.json().await.expect("error")),
        ("region".to_owned(), "announcement.region_level".to_owned())
    );
    let refused = publish(&app, &ministry, "Tidak ada", json!({"region": "99"})).await;
    assert_eq!(
        first_field_error(&refused.json().await.expect("error")),
        ("region".to_owned(), "region.unknown".to_owned())
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM announcements")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(count, 3);
}

async fn each_person_reads_what_reaches_them_while_live_pinned_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let (other_dinas, other_ketua, _) = in_central_java(&app).await;
    let ministry = app.staff("0811 0000 0001", None).await;

    published(
        &app,
        &ministry,
        "Nasional",
        json!({"publish_on": "2026-01-05"}),
    )
    .await;
    published(
        &app,
        &dinas,
        "Jawa Barat",
        json!({"region": "32", "pinned": true, "publish_on": "2026-01-01"}),
    )
    .await;
    published(
        &app,
        &other_dinas,
        "Jawa Tengah",
        json!({"region": "33", "publish_on": "2026-01-02"}),
    )
    .await;
    published(
        &app,
        &dinas,
        "Koperasi ini",
        json!({"cooperative_id": coop.id, "publish_on": "2026-01-03"}),
    )
    .await;
    published(
        &app,
        &dinas,
        "Nanti",
        json!({"region": "32.04", "publish_on": "2099-01-01"}),
    )
    .await;
    published(
        &app,
        &dinas,
        "Lewat",
        json!({"region": "32", "publish_on": "2026-01-01", "expires_on": "2026-01-31"}),
    )
    .await;

    // Pinned first, then the newest; nothing scheduled, expired or meant for others.
    assert_eq!(
        feed(&app, &ketua).await,
        ["Jawa Barat", "Nasional", "Koperasi ini"]
    );
    assert_eq!(feed(&app, &other_ketua).await, ["Nasional", "Jawa Tengah"]);
    // An admin also sees what they may publish to, scheduled or expired.
    assert_eq!(
        feed(&app, &dinas).await,
        ["Jawa Barat", "Nanti", "Nasional", "Koperasi ini", "Lewat"]
    );
    assert_eq!(feed(&app, &ministry).await.len(), 6);
    let plain = app.signed_in("0857 0000 0001", "warga-biasa-2026").await;
    assert_eq!(feed(&app, &plain).await, ["Nasional"]);
    assert_eq!(app.get("/api/announcements").await.status(), 401);
}

async fn a_read_mark_is_kept_once_per_person(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let (_, other_ketua, _) = in_central_java(&app).await;
    let mine = published(
        &app,
        &dinas,
        "Koperasi ini",
        json!({"cooperative_id": coop.id}),
    )
    .await;
    assert!(!mine.read);

    let path = format!("/api/announcements/{}/read", mine.id);
    for _ in 0..2 {
        let marked = app
            .client
            .put(app.url(&path))
            .header("cookie", &ketua)
            .send()
            .await;
        assert_eq!(marked.expect("sent").status(), 204);
    }
    let marked = app
        .client
        .put(app.url(&path))
        .header("cookie", &other_ketua)
        .send()
        .await;
    assert_eq!(marked.expect("sent").status(), 404);

    let list: Vec<Announcement> = app
        .get_as(&ketua, "/api/announcements")
        .await
        .json()
        .await
        .expect("feed");
    assert!(list[0].read);
    let marks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM announcement_reads")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(marks, 1);
}

async fn an_announcement_carries_a_picture_the_server_holds(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, _) = registered(&app).await;
    let refused = publish(
        &app,
        &dinas,
        "Tanpa gambar",
        json!({"region": "32", "image": "ab".repeat(32)}),
    )
    .await;
    assert_eq!(
        first_field_error(&refused.json().await.expect("error")),
        ("image".to_owned(), "media.unknown".to_owned())
    );
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(320, 200, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    }))
    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
    .expect("encodes");
    let uploaded: kopdes_domain::course::MediaRef = app
        .client
        .put(app.url("/api/media"))
        .header("cookie", &dinas)
        .body(png)
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("media");
    published(
        &app,
        &dinas,
        "Dengan gambar",
        json!({"region": "32", "image": uploaded.hash}),
    )
    .await;
    let feed: Vec<Announcement> = app
        .get_as(&ketua, "/api/announcements")
        .await
        .json()
        .await
        .expect("feed");
    let with = feed
        .iter()
        .find(|a| a.title.id == "Dengan gambar")
        .expect("published");
    assert_eq!(with.image.as_ref(), Some(&uploaded));
}
