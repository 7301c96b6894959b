//! The region tree in memory for the length of an import, so a file naming 83,000 villages asks
//! the database once, not once per row and level.

use std::collections::HashMap;

use kopdes_domain::api::FieldError;
use kopdes_domain::import::{
    PLACE_NAME_COLUMNS, PlaceInput, PlaceMatch, PlaceSuggestion, match_place,
};
use kopdes_domain::region::RegionCode;

use crate::db::Db;

/// Every region: the children of each (the provinces under `None`) and each one's name.
pub struct Places {
    children: HashMap<Option<RegionCode>, Vec<(RegionCode, String)>>,
    names: HashMap<RegionCode, String>,
}

/// Why a row's place could not be settled: the error under its column, and near matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsettled {
    pub problem: FieldError,
    pub suggestions: Vec<PlaceSuggestion>,
}

impl Places {
    #[tracing::instrument(name = "import.places", skip_all)]
    pub async fn load(db: &Db) -> Result<Places, sqlx::Error> {
        let rows: Vec<(String, Option<String>, String)> =
            sqlx::query_as("SELECT code, parent_code, name FROM regions ORDER BY code")
                .fetch_all(&db.pool)
                .await?;
        let mut places = Places {
            children: HashMap::new(),
            names: HashMap::with_capacity(rows.len()),
        };
        for (code, parent, name) in rows {
            // The table only holds codes the loader parsed.
            let (Ok(code), parent) = (
                RegionCode::parse(&code),
                parent.and_then(|p| RegionCode::parse(&p).ok()),
            ) else {
                continue;
            };
            places
                .children
                .entry(parent)
                .or_default()
                .push((code.clone(), name.clone()));
            places.names.insert(code, name);
        }
        Ok(places)
    }

    pub fn name(&self, code: &RegionCode) -> Option<&str> {
        self.names.get(code).map(String::as_str)
    }

    /// The name people use for the regency or city a code lies in.
    pub fn regency_name(&self, code: &RegionCode) -> &str {
        code.ancestor(kopdes_domain::region::RegionLevel::Regency)
            .and_then(|r| self.name(&r))
            .unwrap_or("")
    }

    /// The village a row means, found by its code or walked down by its names.
    pub fn settle(&self, place: &PlaceInput) -> Result<RegionCode, Unsettled> {
        match place {
            PlaceInput::Code(code) => {
                if self.names.contains_key(code) {
                    Ok(code.clone())
                } else {
                    Err(Unsettled {
                        problem: FieldError::new("kode_desa", "region.unknown"),
                        suggestions: Vec::new(),
                    })
                }
            }
            PlaceInput::Names(names) => {
                let mut parent: Option<RegionCode> = None;
                for (column, typed) in PLACE_NAME_COLUMNS.iter().zip(names) {
                    let candidates = self
                        .children
                        .get(&parent)
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    let suggest = |codes: Vec<RegionCode>| {
                        codes
                            .into_iter()
                            .map(|code| PlaceSuggestion {
                                column: (*column).to_owned(),
                                name: self.name(&code).unwrap_or_default().to_owned(),
                                code,
                            })
                            .collect()
                    };
                    match match_place(typed, candidates) {
                        PlaceMatch::Found(code) => parent = Some(code),
                        PlaceMatch::Ambiguous(codes) => {
                            return Err(Unsettled {
                                problem: FieldError::new(column, "region.ambiguous"),
                                suggestions: suggest(codes),
                            });
                        }
                        PlaceMatch::NotFound(codes) => {
                            return Err(Unsettled {
                                problem: FieldError::new(column, "region.not_found"),
                                suggestions: suggest(codes),
                            });
                        }
                    }
                }
                Ok(parent.expect("four levels walked"))
            }
        }
    }
}
