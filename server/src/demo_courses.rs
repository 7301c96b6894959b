//! The demo's training: three courses written for the project (server/demo/courses), with
//! their hand-drawn SVG pictures, published nationally by the ministry's demo account. Each
//! course directory holds `course.json` (the draft without lesson texts), each lesson as
//! `<file>.id.md` and `<file>.en.md` (first line `# title`), and its pictures, which lessons
//! name as `picture:<file>.svg`.

use kopdes_domain::course::{CourseDraft, LessonDraft, Level, Quiz, Topic};
use kopdes_domain::form::Text;
use kopdes_domain::phone::Phone;
use serde::Deserialize;

use crate::courses;
use crate::db::Db;
use crate::media;
use crate::seed;

pub const DATA_SET: &str = "demo:v5-courses";

/// Who publishes the demo courses: the ministry's demo admin.
const PUBLISHER: &str = "0811-0000-0001";

struct DemoCourse {
    spec: &'static str,
    /// `(file, Indonesian, English)`.
    lessons: &'static [(&'static str, &'static str, &'static str)],
    /// `(file name, SVG)`.
    pictures: &'static [(&'static str, &'static str)],
}

const COURSES: &[DemoCourse] = &[
    DemoCourse {
        spec: include_str!("../demo/courses/memakai-si-kopdes/course.json"),
        lessons: &[
            (
                "01-pasang-dan-masuk",
                include_str!("../demo/courses/memakai-si-kopdes/01-pasang-dan-masuk.id.md"),
                include_str!("../demo/courses/memakai-si-kopdes/01-pasang-dan-masuk.en.md"),
            ),
            (
                "02-tanpa-sinyal",
                include_str!("../demo/courses/memakai-si-kopdes/02-tanpa-sinyal.id.md"),
                include_str!("../demo/courses/memakai-si-kopdes/02-tanpa-sinyal.en.md"),
            ),
            (
                "03-data-koperasi",
                include_str!("../demo/courses/memakai-si-kopdes/03-data-koperasi.id.md"),
                include_str!("../demo/courses/memakai-si-kopdes/03-data-koperasi.en.md"),
            ),
            (
                "04-anggota-dan-laporan",
                include_str!("../demo/courses/memakai-si-kopdes/04-anggota-dan-laporan.id.md"),
                include_str!("../demo/courses/memakai-si-kopdes/04-anggota-dan-laporan.en.md"),
            ),
        ],
        pictures: &[
            (
                "antrean.svg",
                include_str!("../demo/courses/memakai-si-kopdes/antrean.svg"),
            ),
            (
                "cover.svg",
                include_str!("../demo/courses/memakai-si-kopdes/cover.svg"),
            ),
            (
                "laporan.svg",
                include_str!("../demo/courses/memakai-si-kopdes/laporan.svg"),
            ),
            (
                "pasang.svg",
                include_str!("../demo/courses/memakai-si-kopdes/pasang.svg"),
            ),
        ],
    },
    DemoCourse {
        spec: include_str!("../demo/courses/aman-di-internet/course.json"),
        lessons: &[
            (
                "01-kata-sandi-dan-otp",
                include_str!("../demo/courses/aman-di-internet/01-kata-sandi-dan-otp.id.md"),
                include_str!("../demo/courses/aman-di-internet/01-kata-sandi-dan-otp.en.md"),
            ),
            (
                "02-modus-penipuan",
                include_str!("../demo/courses/aman-di-internet/02-modus-penipuan.id.md"),
                include_str!("../demo/courses/aman-di-internet/02-modus-penipuan.en.md"),
            ),
            (
                "03-memeriksa-dan-melapor",
                include_str!("../demo/courses/aman-di-internet/03-memeriksa-dan-melapor.id.md"),
                include_str!("../demo/courses/aman-di-internet/03-memeriksa-dan-melapor.en.md"),
            ),
            (
                "04-data-pribadi-anggota",
                include_str!("../demo/courses/aman-di-internet/04-data-pribadi-anggota.id.md"),
                include_str!("../demo/courses/aman-di-internet/04-data-pribadi-anggota.en.md"),
            ),
        ],
        pictures: &[
            (
                "cover.svg",
                include_str!("../demo/courses/aman-di-internet/cover.svg"),
            ),
            (
                "data-nik.svg",
                include_str!("../demo/courses/aman-di-internet/data-nik.svg"),
            ),
            (
                "gembok.svg",
                include_str!("../demo/courses/aman-di-internet/gembok.svg"),
            ),
            (
                "periksa.svg",
                include_str!("../demo/courses/aman-di-internet/periksa.svg"),
            ),
            (
                "pesan-palsu.svg",
                include_str!("../demo/courses/aman-di-internet/pesan-palsu.svg"),
            ),
        ],
    },
    DemoCourse {
        spec: include_str!("../demo/courses/dasar-koperasi/course.json"),
        lessons: &[
            (
                "01-apa-itu-koperasi",
                include_str!("../demo/courses/dasar-koperasi/01-apa-itu-koperasi.id.md"),
                include_str!("../demo/courses/dasar-koperasi/01-apa-itu-koperasi.en.md"),
            ),
            (
                "02-simpanan",
                include_str!("../demo/courses/dasar-koperasi/02-simpanan.id.md"),
                include_str!("../demo/courses/dasar-koperasi/02-simpanan.en.md"),
            ),
            (
                "03-rat-pengurus-pengawas",
                include_str!("../demo/courses/dasar-koperasi/03-rat-pengurus-pengawas.id.md"),
                include_str!("../demo/courses/dasar-koperasi/03-rat-pengurus-pengawas.en.md"),
            ),
            (
                "04-shu",
                include_str!("../demo/courses/dasar-koperasi/04-shu.id.md"),
                include_str!("../demo/courses/dasar-koperasi/04-shu.en.md"),
            ),
        ],
        pictures: &[
            (
                "cover.svg",
                include_str!("../demo/courses/dasar-koperasi/cover.svg"),
            ),
            (
                "rat.svg",
                include_str!("../demo/courses/dasar-koperasi/rat.svg"),
            ),
            (
                "satu-suara.svg",
                include_str!("../demo/courses/dasar-koperasi/satu-suara.svg"),
            ),
            (
                "shu.svg",
                include_str!("../demo/courses/dasar-koperasi/shu.svg"),
            ),
            (
                "simpanan.svg",
                include_str!("../demo/courses/dasar-koperasi/simpanan.svg"),
            ),
        ],
    },
];

/// `course.json`: a draft whose lessons name their files.
#[derive(Deserialize)]
struct Spec {
    title: Text,
    summary: Text,
    topic: Topic,
    level: Level,
    minutes: u16,
    cover: String,
    lessons: Vec<SpecLesson>,
    quiz: Quiz,
}

#[derive(Deserialize)]
struct SpecLesson {
    id: String,
    file: String,
}

/// A lesson file: its `# title` line and the Markdown after it, with picture names replaced
/// by their media hashes.
fn lesson_text(text: &str, pictures: &[(&str, String)]) -> anyhow::Result<(String, String)> {
    let (first, body) = text.split_once('\n').unwrap_or((text, ""));
    let title = first
        .strip_prefix("# ")
        .ok_or_else(|| anyhow::anyhow!("a lesson starts with its # title"))?;
    let mut body = body.trim().to_owned();
    for (name, hash) in pictures {
        body = body.replace(&format!("picture:{name}"), &format!("media:{hash}"));
    }
    Ok((title.trim().to_owned(), body))
}

/// Loads the demo courses once; returns whether it did.
pub async fn load(db: &Db) -> anyhow::Result<bool> {
    let mut tx = db.writer.begin().await?;
    if !seed::claim(&mut tx, DATA_SET).await? {
        return Ok(false);
    }
    let (publisher, office): (String, String) =
        sqlx::query_as("SELECT id, name FROM users WHERE phone = $1")
            .bind(Phone::parse(PUBLISHER)?.as_str())
            .fetch_one(&mut *tx)
            .await?;
    for demo in COURSES {
        let spec: Spec = serde_json::from_str(demo.spec)?;
        let mut pictures = Vec::new();
        for (name, svg) in demo.pictures {
            let stored =
                media::insert(&mut tx, "image/svg+xml", svg.as_bytes(), 640, 360, None).await?;
            pictures.push((*name, stored.hash));
        }
        let hash_of = |name: &str| {
            pictures
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, h)| h.clone())
                .ok_or_else(|| anyhow::anyhow!("no picture {name}"))
        };
        let mut lessons = Vec::new();
        for lesson in &spec.lessons {
            let (_, id_text, en_text) = demo
                .lessons
                .iter()
                .find(|(file, _, _)| *file == lesson.file)
                .ok_or_else(|| anyhow::anyhow!("no lesson file {}", lesson.file))?;
            let (title_id, body_id) = lesson_text(id_text, &pictures)?;
            let (title_en, body_en) = lesson_text(en_text, &pictures)?;
            lessons.push(LessonDraft {
                id: lesson.id.clone(),
                title: Text {
                    id: title_id,
                    en: title_en,
                },
                body: Text {
                    id: body_id,
                    en: body_en,
                },
            });
        }
        let draft = CourseDraft {
            title: spec.title,
            summary: spec.summary,
            topic: spec.topic,
            level: spec.level,
            minutes: spec.minutes,
            cover: Some(hash_of(&spec.cover)?),
            region: None,
            lessons,
            quiz: spec.quiz,
        };
        draft
            .check()
            .map_err(|e| anyhow::anyhow!("demo course {:?} is invalid: {e:?}", draft.title.id))?;
        let id = uuid::Uuid::now_v7().to_string();
        courses::create(&mut tx, &id, None, &draft, &publisher).await?;
        let course = courses::find(&mut tx, &id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("course {id} not stored"))?;
        courses::publish(&mut tx, &course, None, (&publisher, &office))
            .await
            .map_err(|e| anyhow::anyhow!("demo course not published: {e:?}"))?;
    }
    tx.commit().await?;
    tracing::info!(set = DATA_SET, "loaded demo courses");
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_course_is_complete_and_names_only_its_own_pictures() {
        for demo in COURSES {
            let spec: Spec = serde_json::from_str(demo.spec).expect("course.json");
            let pictures: Vec<(&str, String)> = demo
                .pictures
                .iter()
                .map(|(n, _)| (*n, "a".repeat(64)))
                .collect();
            assert!(demo.pictures.iter().any(|(n, _)| *n == spec.cover));
            for lesson in &spec.lessons {
                let (_, id, en) = demo
                    .lessons
                    .iter()
                    .find(|(f, _, _)| *f == lesson.file)
                    .expect("lesson file");
                for text in [id, en] {
                    let (title, body) = lesson_text(text, &pictures).expect("title line");
                    assert!(!title.is_empty() && !body.is_empty());
                    assert!(
                        !body.contains("picture:"),
                        "{}: a picture not found",
                        lesson.file
                    );
                }
            }
        }
    }
}
