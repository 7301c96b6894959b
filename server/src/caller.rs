//! What the signed-in caller may do. Deny by default: every check answers "no" unless a role
//! with the right scope says yes.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use kopdes_domain::account::{Role, RoleGrant};
use kopdes_domain::region::RegionCode;

use crate::accounts;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Clone)]
pub struct Caller {
    pub user: CurrentUser,
    pub roles: Vec<RoleGrant>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let roles = accounts::roles(&state.db, &user.account.id).await?;
        Ok(Caller { user, roles })
    }
}

impl Caller {
    pub fn id(&self) -> &str {
        &self.user.account.id
    }

    /// Ministry admins administer every region; dinas admins theirs and everything inside it.
    pub fn administers(&self, region: &RegionCode) -> bool {
        self.roles.iter().any(|grant| match grant.role {
            Role::MinistryAdmin => true,
            Role::DinasAdmin => grant.region.as_ref().is_some_and(|r| r.contains(region)),
            _ => false,
        })
    }

    /// The regions this caller administers (`None` inside: the whole country).
    pub fn administered_regions(&self) -> Vec<Option<RegionCode>> {
        self.roles
            .iter()
            .filter_map(|grant| match grant.role {
                Role::MinistryAdmin => Some(None),
                Role::DinasAdmin => grant.region.clone().map(Some),
                _ => None,
            })
            .collect()
    }

    pub fn has_role_in(&self, cooperative_id: &str, role: Role) -> bool {
        self.roles
            .iter()
            .any(|g| g.role == role && g.cooperative_id.as_deref() == Some(cooperative_id))
    }

    /// Any role at all in the cooperative: member, pengurus or pengawas.
    pub fn belongs_to(&self, cooperative_id: &str) -> bool {
        self.roles
            .iter()
            .any(|g| g.cooperative_id.as_deref() == Some(cooperative_id))
    }

    pub fn cooperative_ids(&self) -> Vec<&str> {
        self.roles
            .iter()
            .filter_map(|g| g.cooperative_id.as_deref())
            .collect()
    }
}
