//! Who content meant for a place reaches: announcements and courses go to the whole country, a
//! province or regency, or one cooperative, and reach the people of the cooperatives there and
//! the admins whose region overlaps it.

use kopdes_domain::region::RegionCode;

use crate::caller::Caller;
use crate::cooperatives;
use crate::error::ApiError;
use crate::startup::AppState;

/// What decides whom content reaches: the caller's cooperatives (with their villages) and the
/// regions they administer.
pub struct Reach {
    cooperatives: Vec<(String, RegionCode)>,
    administered: Vec<Option<RegionCode>>,
}

impl Reach {
    pub async fn of(state: &AppState, caller: &Caller) -> Result<Reach, ApiError> {
        let mut cooperatives = Vec::new();
        for id in caller.cooperative_ids() {
            if let Some(c) = cooperatives::find(&state.db, id).await? {
                cooperatives.push((c.id, c.village));
            }
        }
        Ok(Reach {
            cooperatives,
            administered: caller.administered_regions(),
        })
    }

    pub fn is_admin(&self) -> bool {
        !self.administered.is_empty()
    }

    /// Whether content for `region` or `cooperative` (neither: the country) is meant for this
    /// person: a region holding one of their cooperatives or overlapping a region they
    /// administer; or one of their cooperatives.
    pub fn reaches(&self, region: Option<&RegionCode>, cooperative: Option<&str>) -> bool {
        match (region, cooperative) {
            (_, Some(id)) => self.cooperatives.iter().any(|(c, _)| c == id),
            (Some(region), None) => {
                self.cooperatives.iter().any(|(_, v)| region.contains(v))
                    || self.administered.iter().any(|r| match r {
                        None => true,
                        Some(mine) => mine.contains(region) || region.contains(mine),
                    })
            }
            (None, None) => true,
        }
    }
}
