//! Training: admins write and publish courses to their region; learners fetch them by version
//! and lesson hash; progress and quiz attempts arrive through the sync outbox, once, scored by
//! the server.

use image::{DynamicImage, Rgb, RgbImage};
use kopdes_domain::course::{
    AuthoredCourse, CourseManifest, CourseSummary, Learner, LessonBody, MediaRef, Progress,
};
use kopdes_domain::sync::Outcome;
use serde_json::{Value, json};

use crate::cooperatives::{in_central_java, registered};
use crate::helpers::{Backend, TestApp, first_field_error, header};
use crate::on_both_backends;
use crate::sync::push;

on_both_backends!(
    an_admin_publishes_a_course_to_their_region_with_pictures_made_phone_sized,
    a_one_lesson_edit_changes_one_lesson_hash,
    progress_and_attempts_arrive_once_and_the_server_keeps_the_score,
    a_draft_saved_meanwhile_by_someone_else_is_not_overwritten,
);

/// A picture straight from a camera: large, and a JPEG of high quality.
fn camera_picture(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, y| {
        let ring = ((x as i64 - 1200).pow(2) + (y as i64 - 900).pow(2)) / 9_000;
        Rgb([
            (x / 10 % 256) as u8,
            (y / 8 % 256) as u8,
            (ring % 256) as u8,
        ])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 92)
        .encode_image(&DynamicImage::ImageRgb8(picture))
        .expect("encodes");
    jpeg
}

async fn upload_picture(app: &TestApp, session: &str, bytes: Vec<u8>) -> reqwest::Response {
    app.client
        .put(app.url("/api/media"))
        .header("cookie", session)
        .header("content-type", "image/jpeg")
        .body(bytes)
        .send()
        .await
        .expect("request sent")
}

fn lesson(id: &str, title: &str, body: &str) -> Value {
    json!({"id": id, "title": {"id": title, "en": ""}, "body": {"id": body, "en": ""}})
}

fn draft(region: Option<&str>, lessons: Vec<Value>) -> Value {
    json!({
        "title": {"id": "Dasar-dasar koperasi", "en": "Cooperative basics"},
        "summary": {"id": "Simpanan, RAT, pengurus dan pengawas.", "en": ""},
        "topic": "cooperative",
        "level": "basic",
        "minutes": 25,
        "region": region,
        "lessons": lessons,
        "quiz": {
            "pass_percent": 50,
            "questions": [
                {"id": "q1", "prompt": {"id": "Simpanan pokok dibayar…", "en": ""},
                 "options": [{"id": "sekali", "en": ""}, {"id": "tiap bulan", "en": ""}],
                 "correct": [0], "explanation": {"id": "Sekali saat masuk.", "en": ""}},
                {"id": "q2", "prompt": {"id": "Siapa mengawasi pengurus?", "en": ""}, "multiple": true,
                 "options": [{"id": "pengawas", "en": ""}, {"id": "RAT", "en": ""}, {"id": "bank", "en": ""}],
                 "correct": [0, 1], "explanation": {"id": "Pengawas, dan RAT.", "en": ""}}
            ]
        }
    })
}

async fn created(app: &TestApp, session: &str, body: Value) -> AuthoredCourse {
    let response = app.post_json("/api/courses", Some(session), body).await;
    assert_eq!(response.status(), 201);
    response.json().await.expect("course")
}

async fn publish(app: &TestApp, session: &str, id: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/courses/{id}/publish"),
        Some(session),
        json!({}),
    )
    .await
}

async fn published(app: &TestApp, session: &str, id: &str) -> CourseManifest {
    let response = publish(app, session, id).await;
    assert_eq!(response.status(), 201);
    response.json().await.expect("manifest")
}

async fn catalogue(app: &TestApp, session: &str) -> Vec<CourseSummary> {
    let response = app.get_as(session, "/api/courses").await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("catalogue")
}

async fn an_admin_publishes_a_course_to_their_region_with_pictures_made_phone_sized(
    backend: Backend,
) {
    // The default body limit: a picture from a camera is larger than the tests' usual one.
    let app = TestApp::spawn_with(backend, |c| c.max_body_bytes = 1024 * 1024).await;
    let (dinas, ketua, _) = registered(&app).await;
    let (other_dinas, other_chair, _) = in_central_java(&app).await;

    let camera = camera_picture(2400, 1800);
    assert!(
        camera.len() > 3 * 60 * 1024,
        "{} bytes from the camera",
        camera.len()
    );
    let response = upload_picture(&app, &dinas, camera.clone()).await;
    assert_eq!(response.status(), 201);
    let picture: MediaRef = response.json().await.expect("media");
    assert!(picture.bytes <= 60 * 1024, "{} bytes", picture.bytes);
    assert_eq!((picture.width, picture.height), (960, 720));
    assert_eq!(
        upload_picture(&app, &ketua, camera).await.status(),
        403,
        "only admins upload training pictures"
    );
    let refused = upload_picture(&app, &dinas, b"<svg onload=alert(1)/>".to_vec()).await;
    assert_eq!(
        first_field_error(&refused.json().await.expect("error")),
        ("picture".to_owned(), "media.type".to_owned())
    );

    let course = created(
        &app,
        &dinas,
        draft(
            Some("32"),
            vec![
                lesson(
                    "l1",
                    "Simpanan",
                    &format!(
                        "Ada **tiga** simpanan.\n\n![Buku simpanan](media:{})\n\n<script>alert(1)</script>",
                        picture.hash
                    ),
                ),
                lesson("l2", "RAT", "Rapat Anggota Tahunan."),
            ],
        ),
    )
    .await;
    // Outside the author's own province: refused, and nothing is published.
    let mut elsewhere = course.draft.clone();
    elsewhere.region = Some("33".into());
    let saved = app
        .put_json(
            &format!("/api/courses/{}/draft", course.id),
            &dinas,
            json!({"draft": elsewhere, "saved_at": course.saved_at}),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let saved: AuthoredCourse = saved.json().await.expect("saved");
    let refused = publish(&app, &dinas, &course.id).await;
    assert_eq!(
        first_field_error(&refused.json().await.expect("error")),
        ("region".to_owned(), "course.region_scope".to_owned())
    );
    let mut unfinished = saved.draft.clone();
    unfinished.region = Some("32".into());
    unfinished.lessons[1].body.id = String::new();
    let saved: AuthoredCourse = app
        .put_json(
            &format!("/api/courses/{}/draft", course.id),
            &dinas,
            json!({"draft": unfinished, "saved_at": saved.saved_at}),
        )
        .await
        .json()
        .await
        .expect("saved");
    let refused = publish(&app, &dinas, &course.id).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        first_field_error(&refused.json().await.expect("error")),
        ("lessons.1.body.id".to_owned(), "required".to_owned())
    );
    assert!(catalogue(&app, &ketua).await.is_empty());

    let mut fixed = saved.draft.clone();
    fixed.lessons[1].body.id = "Rapat Anggota Tahunan.".into();
    app.put_json(
        &format!("/api/courses/{}/draft", course.id),
        &dinas,
        json!({"draft": fixed, "saved_at": saved.saved_at}),
    )
    .await;
    // Another province's dinas cannot even see the draft.
    assert_eq!(
        app.get_as(&other_dinas, &format!("/api/courses/{}/draft", course.id))
            .await
            .status(),
        404
    );
    assert_eq!(publish(&app, &other_dinas, &course.id).await.status(), 404);

    let manifest = published(&app, &dinas, &course.id).await;
    assert_eq!(manifest.summary.version, 1);
    assert_eq!(manifest.lessons.len(), 2);
    assert_eq!(manifest.lessons[0].media, vec![picture.clone()]);
    let lesson_bytes: u64 = manifest.lessons.iter().map(|l| l.bytes).sum();
    assert!(manifest.summary.download_bytes > lesson_bytes + picture.bytes);

    // The chair in Jawa Barat finds it; the one in Jawa Tengah does not.
    let seen = catalogue(&app, &ketua).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].title.id, "Dasar-dasar koperasi");
    assert!(catalogue(&app, &other_chair).await.is_empty());
    assert_eq!(
        app.get_as(&other_chair, &format!("/api/courses/{}", course.id))
            .await
            .status(),
        404
    );

    // A lesson by its hash: sanitised HTML, cached for good.
    let response = app
        .get_as(
            &ketua,
            &format!("/api/lessons/{}", manifest.lessons[0].hash),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "cache-control").contains("immutable"));
    let body: LessonBody = response.json().await.expect("lesson");
    assert!(
        body.html
            .id
            .contains(&format!("src=\"/media/{}\"", picture.hash))
    );
    assert!(body.html.id.contains("data-bytes="));
    assert!(!body.html.id.contains("<script"));
    assert!(body.html.id.contains("&lt;script&gt;"));

    // The picture itself is public, immutable, and a JPEG.
    let response = app.get(&format!("/media/{}", picture.hash)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type"), "image/jpeg");
    assert!(header(&response, "cache-control").contains("immutable"));
    assert_eq!(
        response.bytes().await.expect("bytes").len() as u64,
        picture.bytes
    );
}

async fn a_one_lesson_edit_changes_one_lesson_hash(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, _) = registered(&app).await;
    let lessons = vec![
        lesson("l1", "Satu", "Pelajaran satu."),
        lesson("l2", "Dua", "Pelajaran dua."),
        lesson("l3", "Tiga", "Pelajaran tiga."),
    ];
    let course = created(&app, &dinas, draft(None, lessons)).await;
    // A dinas course for the whole country: only the ministry may publish that far.
    assert_eq!(
        first_field_error(
            &publish(&app, &dinas, &course.id)
                .await
                .json()
                .await
                .expect("error")
        ),
        ("region".to_owned(), "course.region_scope".to_owned())
    );
    let mut draft = course.draft.clone();
    draft.region = Some("32.04".into());
    let saved: AuthoredCourse = app
        .put_json(
            &format!("/api/courses/{}/draft", course.id),
            &dinas,
            json!({"draft": draft, "saved_at": course.saved_at}),
        )
        .await
        .json()
        .await
        .expect("saved");
    let first = published(&app, &dinas, &course.id).await;

    let mut edited = saved.draft.clone();
    edited.lessons[1].body.id = "Pelajaran dua, diperbaiki.".into();
    app.put_json(
        &format!("/api/courses/{}/draft", course.id),
        &dinas,
        json!({"draft": edited, "saved_at": saved.saved_at}),
    )
    .await;
    let second = published(&app, &dinas, &course.id).await;
    assert_eq!(second.summary.version, 2);
    let changed: Vec<&str> = first
        .lessons
        .iter()
        .zip(&second.lessons)
        .filter(|(a, b)| a.hash != b.hash)
        .map(|(a, _)| a.id.as_str())
        .collect();
    assert_eq!(changed, ["l2"]);
    let newest: CourseManifest = app
        .get_as(&ketua, &format!("/api/courses/{}", course.id))
        .await
        .json()
        .await
        .expect("manifest");
    assert_eq!(newest, second);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lessons")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(
        stored, 4,
        "three lessons, and one new version of one of them"
    );
}

fn attempt(id: &str, record: &str, course: &str, version: u32, answers: Value) -> Value {
    json!({
        "id": id, "record_id": record, "base_version": null, "kind": "quiz_attempt",
        "data": {"course_id": course, "version": version, "answers": answers}
    })
}

fn read(id: &str, record: &str, course: &str, lesson: &str) -> Value {
    json!({
        "id": id, "record_id": record, "base_version": null, "kind": "lesson_done",
        "data": {"course_id": course, "lesson_id": lesson}
    })
}

async fn progress_and_attempts_arrive_once_and_the_server_keeps_the_score(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, _) = registered(&app).await;
    let lessons = vec![lesson("l1", "Satu", "Satu."), lesson("l2", "Dua", "Dua.")];
    let course = created(&app, &dinas, draft(Some("32"), lessons)).await;
    published(&app, &dinas, &course.id).await;
    let id = course.id.as_str();
    let uuid = |n: u32| format!("0193a1b2-0000-7000-8000-{n:012}");

    let failing = json!([{"question": "q1", "chosen": [1]}, {"question": "q2", "chosen": [0]}]);
    let passing = json!([{"question": "q1", "chosen": [0]}, {"question": "q2", "chosen": [1, 0]}]);
    let batch = vec![
        read(&uuid(1), &uuid(101), id, "l1"),
        attempt(&uuid(2), &uuid(102), id, 1, failing),
        read(&uuid(3), &uuid(103), id, "l2"),
        attempt(&uuid(4), &uuid(104), id, 1, passing),
        read(&uuid(5), &uuid(105), id, "l9"),
        attempt(&uuid(6), &uuid(106), id, 7, json!([])),
    ];
    let first = push(&app, &ketua, batch.clone()).await;
    let outcomes: Vec<&Outcome> = first.results.iter().map(|r| &r.outcome).collect();
    assert!(matches!(outcomes[0], Outcome::Applied { version: 1 }));
    assert!(matches!(outcomes[3], Outcome::Applied { version: 1 }));
    assert!(
        matches!(outcomes[4], Outcome::Rejected { fields, .. } if fields[0].code == "course.unknown_lesson")
    );
    assert!(
        matches!(outcomes[5], Outcome::Rejected { fields, .. } if fields[0].code == "course.unknown_version")
    );
    // The whole batch again (a lost answer): nothing is counted twice.
    let again = push(&app, &ketua, batch).await;
    assert!(
        again
            .results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Duplicate { .. }))
    );

    let progress: Progress = app
        .get_as(&ketua, &format!("/api/courses/{id}/progress"))
        .await
        .json()
        .await
        .expect("progress");
    assert_eq!(progress.lessons_done, ["l1", "l2"]);
    assert_eq!(progress.attempts, 2);
    let best = progress.best.expect("scored");
    assert_eq!(
        (best.correct, best.total, best.percent, best.passed),
        (2, 2, 100, true)
    );
    assert!(progress.completed_at.is_some());

    // The admin of the region sees one learner, done.
    let learners: Vec<Learner> = app
        .get_as(&dinas, &format!("/api/courses/{id}/learners"))
        .await
        .json()
        .await
        .expect("learners");
    assert_eq!(learners.len(), 1);
    assert_eq!(
        (
            learners[0].lessons_done,
            learners[0].lessons,
            learners[0].attempts
        ),
        (2, 2, 2)
    );
    assert_eq!(learners[0].best_percent, Some(100));
    assert!(learners[0].completed_at.is_some());
    assert_eq!(
        app.get_as(&ketua, &format!("/api/courses/{id}/learners"))
            .await
            .status(),
        403
    );
}

async fn a_draft_saved_meanwhile_by_someone_else_is_not_overwritten(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, _, _) = registered(&app).await;
    let colleague = app.staff("0811 3200 0002", Some("32")).await;
    let course = created(&app, &dinas, draft(Some("32"), vec![])).await;
    let mut mine = course.draft.clone();
    mine.title.id = "Versi saya".into();
    let mut theirs = course.draft.clone();
    theirs.title.id = "Versi rekan".into();
    let first = app
        .put_json(
            &format!("/api/courses/{}/draft", course.id),
            &colleague,
            json!({"draft": theirs, "saved_at": course.saved_at}),
        )
        .await;
    assert_eq!(first.status(), 200);
    let second = app
        .put_json(
            &format!("/api/courses/{}/draft", course.id),
            &dinas,
            json!({"draft": mine, "saved_at": course.saved_at}),
        )
        .await;
    assert_eq!(second.status(), 409);
    let now: AuthoredCourse = app
        .get_as(&dinas, &format!("/api/courses/{}/draft", course.id))
        .await
        .json()
        .await
        .expect("draft");
    assert_eq!(now.draft.title.id, "Versi rekan");
}
