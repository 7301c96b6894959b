//! Where the programme stands, for dinas and ministry staff: counts for a region and each region
//! inside it, down to the village, from figures the server refreshes in the background (their
//! "as of" time travels with them); and a cooperative's own figures for its pengurus.

use serde::{Deserialize, Serialize};

use crate::form::Text;
use crate::region::RegionLevel;

/// Counts of one region (or the whole country).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    pub cooperatives: u64,
    pub draft: u64,
    pub submitted: u64,
    pub verified: u64,
    pub returned: u64,
    pub baru: u64,
    pub mengembangkan: u64,
    pub revitalisasi: u64,
    /// With a legal entity number (berbadan hukum).
    pub legal_entity: u64,
    /// Active members.
    pub members: u64,
    /// Officers serving a term.
    pub officers: u64,
    pub units: u64,
    pub units_operating: u64,
    /// Cooperatives that changed anything (their profile, members, units, form answers or
    /// savings) in the 30 days before the figures' time.
    pub fresh: u64,
    /// Cooperatives that changed none of those after registering.
    pub never_updated: u64,
    /// People of these cooperatives who opened a lesson, and who finished a course (every
    /// lesson read and the quiz passed), counted once per course.
    pub enrolled: u64,
    pub completed: u64,
    /// Event seats taken by people of these cooperatives, and attendances recorded.
    pub registered: u64,
    pub attended: u64,
    /// Members' savings held, in rupiah (the sum of the ledgers): the only savings figure
    /// admins see.
    #[serde(default)]
    pub savings: i64,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        let Counts {
            cooperatives,
            draft,
            submitted,
            verified,
            returned,
            baru,
            mengembangkan,
            revitalisasi,
            legal_entity,
            members,
            officers,
            units,
            units_operating,
            fresh,
            never_updated,
            enrolled,
            completed,
            registered,
            attended,
            savings,
        } = *other;
        self.cooperatives += cooperatives;
        self.draft += draft;
        self.submitted += submitted;
        self.verified += verified;
        self.returned += returned;
        self.baru += baru;
        self.mengembangkan += mengembangkan;
        self.revitalisasi += revitalisasi;
        self.legal_entity += legal_entity;
        self.members += members;
        self.officers += officers;
        self.units += units;
        self.units_operating += units_operating;
        self.fresh += fresh;
        self.never_updated += never_updated;
        self.enrolled += enrolled;
        self.completed += completed;
        self.registered += registered;
        self.attended += attended;
        self.savings += savings;
    }
}

/// A region inside the one shown, with its counts. At the village level the row is the
/// village's cooperative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Row {
    pub code: String,
    pub name: String,
    /// The cooperative, on rows of villages.
    #[serde(default)]
    pub cooperative_id: Option<String>,
    pub counts: Counts,
}

/// Business units of one kind in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitCount {
    pub kind: crate::unit::UnitKind,
    pub status: crate::unit::UnitStatus,
    pub count: u64,
}

/// Cooperatives registered and verified by the end of a month (running totals).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub registered: u64,
    pub verified: u64,
}

/// A published form: how many cooperatives it asks, and how many answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormRate {
    pub form_id: String,
    pub title: Text,
    pub asked: u64,
    pub answered: u64,
}

/// A published course: people who opened it, and who finished it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseRate {
    pub course_id: String,
    pub title: Text,
    pub enrolled: u64,
    pub completed: u64,
}

/// One region on the way down from the country, for the breadcrumb.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Place {
    pub code: String,
    pub name: String,
    pub level: RegionLevel,
}

/// `GET /api/dashboard[?region=]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    /// From the province down to the region shown; empty for the whole country.
    pub path: Vec<Place>,
    /// Whether the caller may go up from here (a dinas admin stops at their own region).
    pub can_go_up: bool,
    /// Unix milliseconds the figures were computed at.
    pub as_of: i64,
    pub totals: Counts,
    pub rows: Vec<Row>,
    pub units: Vec<UnitCount>,
    /// The last twelve months, oldest first.
    pub trend: Vec<Month>,
    pub forms: Vec<FormRate>,
    pub courses: Vec<CourseRate>,
}

/// `GET /api/cooperatives/{id}/dashboard`: a cooperative's own figures, for its pengurus and
/// pengawas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CooperativeDashboard {
    pub members_active: u64,
    pub members_left: u64,
    /// Members' requests to change their data, waiting for a pengurus.
    pub pending_requests: u64,
    /// Published forms for this cooperative it has not answered yet.
    pub forms_due: Vec<FormDue>,
    /// Deposits recorded this month (WIB), in rupiah, net of corrections made this month.
    pub savings_this_month: i64,
    /// Members with an account, and how many of them finished at least one course.
    pub members_with_account: u64,
    pub members_trained: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormDue {
    pub form_id: String,
    pub title: Text,
}

/// The percentage `part` is of `whole`, rounded down; 0 of nothing.
pub fn percent(part: u64, whole: u64) -> u64 {
    (part * 100).checked_div(whole).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_field_by_field() {
        let mut total = Counts::default();
        let one = Counts {
            cooperatives: 1,
            verified: 1,
            members: 100,
            fresh: 1,
            ..Counts::default()
        };
        total.add(&one);
        total.add(&one);
        assert_eq!(total.cooperatives, 2);
        assert_eq!(total.members, 200);
        assert_eq!(total.verified + total.draft, 2);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(5, 0), 0);
    }
}
