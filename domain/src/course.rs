//! Training (pelatihan): courses written by the ministry and the dinas, read and taken offline.
//!
//! An admin edits a [`CourseDraft`]; publishing it makes a new version whose lessons are rendered
//! to sanitised HTML on the server and named by a hash of what they hold, so a phone that has a
//! version fetches only the lessons whose hash changed. Quizzes are scored by [`Quiz::score`] on
//! the phone, for immediate feedback, and again on the server, whose result counts.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::form::Text;
use crate::region::RegionCode;

pub const TITLE_MAX_CHARS: usize = 160;
pub const SUMMARY_MAX_CHARS: usize = 600;
/// A lesson is read on a phone in a few minutes; longer material is split into lessons.
pub const LESSON_MAX_CHARS: usize = 20_000;
pub const MAX_LESSONS: usize = 40;
pub const MAX_QUESTIONS: usize = 30;
pub const MAX_OPTIONS: usize = 6;
pub const MAX_MINUTES: u16 = 600;

/// What a course is about, for the catalogue's grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Using Si Kopdes and keeping the cooperative's data current.
    #[default]
    App,
    /// Passwords, OTP codes, scams: digital literacy.
    DigitalSafety,
    /// Savings, the annual members' meeting, the officers' roles.
    Cooperative,
    /// Running the cooperative's business units.
    Business,
    /// Bookkeeping and reports.
    Finance,
}

impl Topic {
    pub const ALL: [Topic; 5] = [
        Topic::App,
        Topic::DigitalSafety,
        Topic::Cooperative,
        Topic::Business,
        Topic::Finance,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    #[default]
    Basic,
    Intermediate,
    Advanced,
}

/// One lesson as written: Markdown in Indonesian, and in English where there is a translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonDraft {
    /// Made when the lesson is first written and kept through every version: progress is kept
    /// per lesson id, so an edited lesson stays done.
    pub id: String,
    pub title: Text,
    pub body: Text,
}

/// One question. Options are chosen by their position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    pub id: String,
    pub prompt: Text,
    /// More than one option may be right: the person ticks all that are.
    #[serde(default)]
    pub multiple: bool,
    pub options: Vec<Text>,
    /// Positions of the right options, in order.
    pub correct: Vec<u8>,
    /// Shown after answering, right or wrong: the quiz teaches too.
    #[serde(default)]
    pub explanation: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quiz {
    /// The share of questions answered exactly right that passes, in percent.
    pub pass_percent: u8,
    pub questions: Vec<Question>,
}

impl Default for Quiz {
    fn default() -> Quiz {
        Quiz {
            pass_percent: 70,
            questions: Vec::new(),
        }
    }
}

/// What a person chose for one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizAnswer {
    pub question: String,
    pub chosen: Vec<u8>,
}

/// The result of one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Score {
    pub correct: u16,
    pub total: u16,
    pub percent: u8,
    pub passed: bool,
}

impl Question {
    /// Right when exactly the right options are chosen, in any order, each once.
    pub fn is_right(&self, chosen: &[u8]) -> bool {
        let mut chosen = chosen.to_vec();
        chosen.sort_unstable();
        chosen.dedup();
        let mut correct = self.correct.clone();
        correct.sort_unstable();
        chosen == correct
    }
}

impl Quiz {
    /// Scores answers against this quiz. An unanswered question counts as wrong; answers to
    /// questions the quiz does not have are ignored.
    pub fn score(&self, answers: &[QuizAnswer]) -> Score {
        let total = self.questions.len() as u16;
        let correct = self
            .questions
            .iter()
            .filter(|q| {
                answers
                    .iter()
                    .find(|a| a.question == q.id)
                    .is_some_and(|a| q.is_right(&a.chosen))
            })
            .count() as u16;
        let percent = if total == 0 {
            100
        } else {
            ((u32::from(correct) * 100) / u32::from(total)) as u8
        };
        Score {
            correct,
            total,
            percent,
            passed: percent >= self.pass_percent,
        }
    }
}

/// What an admin edits, saved as it is (`PUT /api/courses/{id}/draft`) and checked in full by
/// [`CourseDraft::check`] when published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseDraft {
    pub title: Text,
    pub summary: Text,
    pub topic: Topic,
    pub level: Level,
    /// About how long it takes, in minutes.
    pub minutes: u16,
    /// A picture's content hash (`/media/{hash}`), from `PUT /api/media`.
    #[serde(default)]
    pub cover: Option<String>,
    /// A province or regency the course is for; absent for the whole country.
    #[serde(default)]
    pub region: Option<String>,
    pub lessons: Vec<LessonDraft>,
    #[serde(default)]
    pub quiz: Quiz,
}

/// A text in both languages within `max` characters and free of control or reordering
/// characters ([`crate::text`]); lesson bodies may hold line breaks.
fn too_long(errors: &mut Vec<FieldError>, field: &str, value: &Text, max: usize) {
    for (lang, typed) in [("id", &value.id), ("en", &value.en)] {
        if typed.chars().count() > max {
            errors.push(FieldError::new(&format!("{field}.{lang}"), "text.too_long"));
        } else if !crate::text::is_plain(typed) {
            errors.push(FieldError::new(
                &format!("{field}.{lang}"),
                crate::text::CONTROL,
            ));
        }
    }
}

/// Indonesian is required everywhere; English is optional (its readers then read Indonesian).
fn required(errors: &mut Vec<FieldError>, field: &str, value: &Text) {
    if value.id.trim().is_empty() {
        errors.push(FieldError::new(&format!("{field}.id"), "required"));
    }
}

/// A media hash as `PUT /api/media` names it: 64 lower-case hex digits.
pub fn is_media_hash(hash: &str) -> bool {
    hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl CourseDraft {
    /// Whether a draft may be kept at all: bounded in size, so a draft cannot grow without
    /// limit; anything else may still be unfinished.
    pub fn check_bounds(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.lessons.len() > MAX_LESSONS {
            errors.push(FieldError::new("lessons", "course.too_many_lessons"));
        }
        if self.quiz.questions.len() > MAX_QUESTIONS {
            errors.push(FieldError::new("quiz", "course.too_many_questions"));
        }
        too_long(&mut errors, "title", &self.title, TITLE_MAX_CHARS);
        too_long(&mut errors, "summary", &self.summary, SUMMARY_MAX_CHARS);
        for (i, lesson) in self.lessons.iter().enumerate() {
            let at = format!("lessons.{i}");
            too_long(
                &mut errors,
                &format!("{at}.title"),
                &lesson.title,
                TITLE_MAX_CHARS,
            );
            too_long(
                &mut errors,
                &format!("{at}.body"),
                &lesson.body,
                LESSON_MAX_CHARS,
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Every problem that stops publishing, each under its field (`lessons.2.body.id`,
    /// `quiz.questions.0.correct`).
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        required(&mut errors, "title", &self.title);
        required(&mut errors, "summary", &self.summary);
        if self.minutes == 0 || self.minutes > MAX_MINUTES {
            errors.push(FieldError::new("minutes", "course.minutes"));
        }
        if let Some(cover) = &self.cover
            && !is_media_hash(cover)
        {
            errors.push(FieldError::new("cover", "media.unknown"));
        }
        if let Some(region) = self.region.as_deref().filter(|r| !r.trim().is_empty()) {
            match RegionCode::parse(region.trim()) {
                Ok(code) if code.level().depth() <= 2 => {}
                Ok(_) => errors.push(FieldError::new("region", "announcement.region_level")),
                Err(_) => errors.push(FieldError::new("region", "region.format")),
            }
        }
        if self.lessons.is_empty() {
            errors.push(FieldError::new("lessons", "course.no_lessons"));
        }
        let mut seen = Vec::new();
        for (i, lesson) in self.lessons.iter().enumerate() {
            let at = format!("lessons.{i}");
            if lesson.id.trim().is_empty() || seen.contains(&&lesson.id) {
                errors.push(FieldError::new(&format!("{at}.id"), "course.lesson_id"));
            }
            seen.push(&lesson.id);
            required(&mut errors, &format!("{at}.title"), &lesson.title);
            required(&mut errors, &format!("{at}.body"), &lesson.body);
        }
        self.check_quiz(&mut errors);
        if let Err(bounds) = self.check_bounds() {
            errors.extend(bounds);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn check_quiz(&self, errors: &mut Vec<FieldError>) {
        let quiz = &self.quiz;
        if quiz.questions.is_empty() {
            errors.push(FieldError::new("quiz", "course.no_questions"));
        }
        if !(1..=100).contains(&quiz.pass_percent) {
            errors.push(FieldError::new("quiz.pass_percent", "course.pass_percent"));
        }
        let mut seen = Vec::new();
        for (i, q) in quiz.questions.iter().enumerate() {
            let at = format!("quiz.questions.{i}");
            if q.id.trim().is_empty() || seen.contains(&&q.id) {
                errors.push(FieldError::new(&format!("{at}.id"), "course.question_id"));
            }
            seen.push(&q.id);
            required(errors, &format!("{at}.prompt"), &q.prompt);
            too_long(
                errors,
                &format!("{at}.prompt"),
                &q.prompt,
                SUMMARY_MAX_CHARS,
            );
            too_long(
                errors,
                &format!("{at}.explanation"),
                &q.explanation,
                SUMMARY_MAX_CHARS,
            );
            if !(2..=MAX_OPTIONS).contains(&q.options.len()) {
                errors.push(FieldError::new(&format!("{at}.options"), "course.options"));
            }
            for (j, option) in q.options.iter().enumerate() {
                required(errors, &format!("{at}.options.{j}"), option);
                too_long(
                    errors,
                    &format!("{at}.options.{j}"),
                    option,
                    TITLE_MAX_CHARS,
                );
            }
            let in_range = q.correct.iter().all(|&c| usize::from(c) < q.options.len());
            let mut distinct = q.correct.clone();
            distinct.sort_unstable();
            distinct.dedup();
            let count_ok = if q.multiple {
                !q.correct.is_empty()
            } else {
                q.correct.len() == 1
            };
            if !in_range || !count_ok || distinct.len() != q.correct.len() {
                errors.push(FieldError::new(&format!("{at}.correct"), "course.correct"));
            }
        }
    }
}

/// A course in the catalogue: its newest published version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseSummary {
    pub id: String,
    pub version: u32,
    pub title: Text,
    pub summary: Text,
    pub topic: Topic,
    pub level: Level,
    pub minutes: u16,
    pub cover: Option<MediaRef>,
    pub region: Option<RegionCode>,
    pub lesson_count: u16,
    /// Whether the English texts are there (else readers of English read Indonesian).
    pub has_english: bool,
    /// Everything "download for offline" fetches, about as it crosses the link (compressed,
    /// headers included): this manifest, every lesson and every picture.
    pub download_bytes: u64,
    /// Of that, the manifest itself (which carries the quiz).
    pub manifest_bytes: u64,
    /// What each answer's headers were counted as, for a client adding up a partial download.
    pub header_bytes: u64,
    pub published_by: String,
    /// Unix seconds.
    pub published_at: i64,
}

/// A picture by its content hash: served at `/media/{hash}`, never changing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MediaRef {
    pub hash: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
}

/// One lesson in a published version's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonRef {
    pub id: String,
    pub title: Text,
    /// Of the lesson as `GET /api/lessons/{hash}` sends it: a phone holding this hash holds the
    /// lesson, whatever the version.
    pub hash: String,
    pub bytes: u64,
    /// The pictures the lesson shows.
    pub media: Vec<MediaRef>,
}

/// `GET /api/courses/{id}`: a published version, all a phone needs to fetch it for offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseManifest {
    #[serde(flatten)]
    pub summary: CourseSummary,
    pub lessons: Vec<LessonRef>,
    pub quiz: Quiz,
}

/// `GET /api/lessons/{hash}`: a lesson's sanitised HTML in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonBody {
    pub id: String,
    pub hash: String,
    pub title: Text,
    pub html: Text,
}

/// Sync operation `lesson_done`: the person finished reading a lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonDone {
    pub course_id: String,
    pub lesson_id: String,
}

/// Sync operation `quiz_attempt`: the answers of one attempt, scored again by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizAttempt {
    pub course_id: String,
    /// The version whose quiz was answered.
    pub version: u32,
    pub answers: Vec<QuizAnswer>,
}

/// `GET /api/courses/{id}/progress`: the caller's own progress, as the server counts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    pub lessons_done: Vec<String>,
    /// The best attempt so far.
    pub best: Option<Score>,
    pub attempts: u32,
    /// Unix seconds of the first passing attempt with every lesson read: the certificate's date.
    pub completed_at: Option<i64>,
}

/// A course as its authors see it (`GET /api/courses/{id}/draft`, and the authoring list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthoredCourse {
    pub id: String,
    pub draft: CourseDraft,
    /// Unix milliseconds of the last save: sent back with the next save, so two authors never
    /// overwrite each other unknowingly (the second gets a conflict).
    pub saved_at: i64,
    pub published_version: Option<u32>,
}

/// `PUT /api/courses/{id}/draft`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftSave {
    pub draft: CourseDraft,
    /// The `saved_at` the author's copy was made from.
    pub saved_at: i64,
}

/// One learner of a course, for the admins of their region (`GET /api/courses/{id}/learners`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Learner {
    pub name: String,
    pub cooperative: String,
    pub lessons_done: u16,
    pub lessons: u16,
    pub attempts: u32,
    pub best_percent: Option<u8>,
    /// Unix seconds; present once completed.
    pub completed_at: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(id: &str) -> Text {
        Text {
            id: id.into(),
            en: String::new(),
        }
    }

    fn question(id: &str, multiple: bool, correct: &[u8]) -> Question {
        Question {
            id: id.into(),
            prompt: t("Pertanyaan?"),
            multiple,
            options: vec![t("A"), t("B"), t("C")],
            correct: correct.to_vec(),
            explanation: t("Karena."),
        }
    }

    fn draft() -> CourseDraft {
        CourseDraft {
            title: t("Dasar koperasi"),
            summary: t("Simpanan, RAT, pengurus dan pengawas."),
            minutes: 30,
            lessons: vec![LessonDraft {
                id: "l1".into(),
                title: t("Simpanan"),
                body: t("Simpanan pokok dibayar sekali."),
            }],
            quiz: Quiz {
                pass_percent: 70,
                questions: vec![question("q1", false, &[1]), question("q2", true, &[0, 2])],
            },
            ..CourseDraft::default()
        }
    }

    #[test]
    fn a_complete_draft_can_be_published() {
        assert_eq!(draft().check(), Ok(()));
    }

    #[test]
    fn each_problem_is_named_where_it_is() {
        let mut bad = draft();
        bad.title = Text::default();
        bad.minutes = 0;
        bad.lessons.push(LessonDraft {
            id: "l1".into(),
            title: t("Lagi"),
            body: Text::default(),
        });
        bad.quiz.questions[0].correct = vec![0, 1];
        bad.quiz.questions[1].options.truncate(1);
        let fields: Vec<String> = bad
            .check()
            .expect_err("invalid")
            .into_iter()
            .map(|e| format!("{} {}", e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                "title.id required",
                "minutes course.minutes",
                "lessons.1.id course.lesson_id",
                "lessons.1.body.id required",
                "quiz.questions.0.correct course.correct",
                "quiz.questions.1.options course.options",
                "quiz.questions.1.correct course.correct",
            ]
        );
    }

    #[test]
    fn a_lesson_too_long_is_named_once() {
        let mut long = draft();
        long.lessons[0].body.id = "a".repeat(LESSON_MAX_CHARS + 1);
        let errors = long.check().expect_err("too long");
        assert_eq!(
            errors,
            [FieldError::new("lessons.0.body.id", "text.too_long")]
        );
        assert!(long.check_bounds().is_err());
    }

    #[test]
    fn a_question_is_right_only_with_exactly_the_right_options() {
        let q = question("q", true, &[0, 2]);
        assert!(q.is_right(&[2, 0]));
        assert!(q.is_right(&[0, 2, 2]));
        assert!(!q.is_right(&[0]));
        assert!(!q.is_right(&[0, 1, 2]));
    }

    #[test]
    fn scores_count_unanswered_as_wrong_and_pass_at_the_mark() {
        let quiz = draft().quiz;
        let answer = |q: &str, chosen: &[u8]| QuizAnswer {
            question: q.into(),
            chosen: chosen.to_vec(),
        };
        let half = quiz.score(&[answer("q1", &[1])]);
        assert_eq!(
            (half.correct, half.total, half.percent, half.passed),
            (1, 2, 50, false)
        );
        let all = quiz.score(&[
            answer("q2", &[2, 0]),
            answer("q1", &[1]),
            answer("zz", &[0]),
        ]);
        assert_eq!((all.correct, all.percent, all.passed), (2, 100, true));
    }

    #[test]
    fn media_hashes_are_64_lower_case_hex_digits() {
        assert!(is_media_hash(&"ab".repeat(32)));
        assert!(!is_media_hash(&"AB".repeat(32)));
        assert!(!is_media_hash("../etc/passwd"));
    }
}
