//! The registry as staff search it: every cooperative in an admin's regions, one page at a time,
//! found by name, village or number, filtered and sorted on the server, with the total always
//! known. The verification queue is the registry filtered to submitted records, oldest first.

use serde::{Deserialize, Serialize};

use crate::cooperative::{CooperativeStatus, Scheme};
use crate::region::RegionCode;

/// The most rows one page may hold; a page asked for more gets this many.
pub const PAGE_MAX: i64 = 100;
/// Rows per page when the caller does not say.
pub const PAGE_DEFAULT: i64 = 25;
/// Longer searches are cut to this many characters (a name is at most 200, and nobody types
/// more than a few words to find one).
pub const SEARCH_MAX_CHARS: usize = 100;

/// The orders a registry page can be read in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegistrySort {
    /// By name, A to Z.
    #[default]
    Name,
    /// By village code, so a region's records sit together.
    Village,
    /// The verification queue's order: submitted longest ago first, never submitted last.
    OldestSubmitted,
    /// Most recently changed first.
    RecentlyChanged,
}

impl RegistrySort {
    pub const ALL: [RegistrySort; 4] = [
        RegistrySort::Name,
        RegistrySort::Village,
        RegistrySort::OldestSubmitted,
        RegistrySort::RecentlyChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RegistrySort::Name => "name",
            RegistrySort::Village => "village",
            RegistrySort::OldestSubmitted => "oldest_submitted",
            RegistrySort::RecentlyChanged => "recently_changed",
        }
    }

    pub fn parse(s: &str) -> Option<RegistrySort> {
        RegistrySort::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// What a registry page asks for, as the query string carries it. Every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RegistryQuery {
    /// Words in the name, the village or its regency, or a number: a region code (or its
    /// start, `32.04.12`), the NIK koperasi or the legal entity number.
    pub q: Option<String>,
    /// `draft`, `submitted`, `verified` or `returned`.
    pub status: Option<String>,
    /// `baru`, `mengembangkan` or `revitalisasi`.
    pub scheme: Option<String>,
    /// A region inside the caller's, as `32.04`; absent: all of the caller's.
    pub region: Option<String>,
    /// `name` (default), `village`, `oldest_submitted` or `recently_changed`.
    pub sort: Option<String>,
    /// Rows to skip (default 0).
    pub offset: Option<i64>,
    /// Rows per page (default 25, at most 100).
    pub limit: Option<i64>,
}

/// A [`RegistryQuery`] that passed the rules: what the server runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryFilter {
    /// Lower-cased, spaces collapsed, at most [`SEARCH_MAX_CHARS`]; none when blank.
    pub search: Option<String>,
    pub status: Option<CooperativeStatus>,
    pub scheme: Option<Scheme>,
    pub region: Option<RegionCode>,
    pub sort: RegistrySort,
    pub offset: i64,
    pub limit: i64,
}

/// Why a query was refused: which parameter, in the words of the error body's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRegistryQuery(pub &'static str);

impl std::fmt::Display for BadRegistryQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// A parameter's value, trimmed; none when absent or blank.
fn blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl RegistryQuery {
    pub fn parse(&self) -> Result<RegistryFilter, BadRegistryQuery> {
        let search = blank(&self.q).map(|q| {
            q.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
                .chars()
                .take(SEARCH_MAX_CHARS)
                .collect::<String>()
        });
        let status = blank(&self.status)
            .map(|s| {
                CooperativeStatus::parse(s).ok_or(BadRegistryQuery(
                    "status is one of draft, submitted, verified, returned",
                ))
            })
            .transpose()?;
        let scheme = blank(&self.scheme)
            .map(|s| {
                Scheme::parse(s).ok_or(BadRegistryQuery(
                    "scheme is one of baru, mengembangkan, revitalisasi",
                ))
            })
            .transpose()?;
        let region = blank(&self.region)
            .map(|r| {
                RegionCode::parse(r).map_err(|_| BadRegistryQuery("region is a code such as 32.04"))
            })
            .transpose()?;
        let sort = blank(&self.sort)
            .map(|s| {
                RegistrySort::parse(s).ok_or(BadRegistryQuery(
                    "sort is one of name, village, oldest_submitted, recently_changed",
                ))
            })
            .transpose()?
            .unwrap_or_default();
        let offset = self.offset.unwrap_or(0);
        if offset < 0 {
            return Err(BadRegistryQuery("offset is 0 or more"));
        }
        let limit = self.limit.unwrap_or(PAGE_DEFAULT);
        if limit < 1 {
            return Err(BadRegistryQuery("limit is 1 or more"));
        }
        Ok(RegistryFilter {
            search,
            status,
            scheme,
            region,
            sort,
            offset,
            limit: limit.min(PAGE_MAX),
        })
    }
}

/// One cooperative as a registry row: enough to recognise it and see where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistryEntry {
    pub id: String,
    pub name: String,
    pub village: RegionCode,
    pub village_name: String,
    /// The regency or city, since many villages share a name ("Sukamaju").
    pub regency_name: String,
    pub scheme: Scheme,
    pub status: CooperativeStatus,
    /// When it was last submitted (milliseconds since the Unix epoch); none if never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<i64>,
    /// When anything in it last changed (milliseconds since the Unix epoch).
    pub updated_at: i64,
}

/// `GET /api/registry`: one page of the cooperatives in the caller's regions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistryPage {
    pub items: Vec<RegistryEntry>,
    /// Every cooperative matching the filter, across all pages.
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_query_is_the_first_page_by_name() {
        let filter = RegistryQuery::default().parse().unwrap();
        assert_eq!(filter.search, None);
        assert_eq!(filter.sort, RegistrySort::Name);
        assert_eq!((filter.offset, filter.limit), (0, PAGE_DEFAULT));
    }

    #[test]
    fn a_search_is_folded_and_cut_and_a_page_is_capped() {
        let filter = RegistryQuery {
            q: Some("  Koperasi   SUKAMAJU ".into()),
            limit: Some(10_000),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(filter.search.as_deref(), Some("koperasi sukamaju"));
        assert_eq!(filter.limit, PAGE_MAX);
        let long = RegistryQuery {
            q: Some("a".repeat(1_000)),
            ..Default::default()
        };
        assert_eq!(
            long.parse().unwrap().search.unwrap().len(),
            SEARCH_MAX_CHARS
        );
        let blank = RegistryQuery {
            q: Some("   ".into()),
            status: Some(String::new()),
            ..Default::default()
        };
        assert_eq!(blank.parse().unwrap().search, None);
    }

    #[test]
    fn unknown_values_are_refused_by_name() {
        let bad = |query: RegistryQuery| query.parse().unwrap_err().0;
        assert!(
            bad(RegistryQuery {
                status: Some("approved".into()),
                ..Default::default()
            })
            .starts_with("status")
        );
        assert!(
            bad(RegistryQuery {
                scheme: Some("x".into()),
                ..Default::default()
            })
            .starts_with("scheme")
        );
        assert!(
            bad(RegistryQuery {
                region: Some("Jawa Barat".into()),
                ..Default::default()
            })
            .starts_with("region")
        );
        assert!(
            bad(RegistryQuery {
                sort: Some("random".into()),
                ..Default::default()
            })
            .starts_with("sort")
        );
        assert!(
            bad(RegistryQuery {
                offset: Some(-1),
                ..Default::default()
            })
            .starts_with("offset")
        );
        assert!(
            bad(RegistryQuery {
                limit: Some(0),
                ..Default::default()
            })
            .starts_with("limit")
        );
    }
    #[test]
    fn every_sort_parses_back_from_its_name() {
        for sort in RegistrySort::ALL {
            assert_eq!(RegistrySort::parse(sort.as_str()), Some(sort));
        }
    }
}
