//! Power over another person's account: who may hand out a code that sets its password.
//!
//! The rule: power over an account comes only from its own holder or from a scope that strictly
//! contains every role the account holds. A pengurus resets their own cooperative's members, a
//! regency admin the officers and members of their regency, a province admin also the regency
//! admins inside it, the ministry every dinas admin. Nobody resets a peer or a wider account,
//! so naming someone's phone as a chair or officer never gives the caller their account.

use crate::account::Role;
use crate::region::RegionCode;

/// One role an account holds, with the place it covers. Cooperative roles carry the
/// cooperative's village, so a regional admin's scope can be compared with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holding {
    Ministry,
    Dinas(RegionCode),
    Cooperative {
        id: String,
        village: RegionCode,
        role: Role,
    },
}

impl Holding {
    /// Whether this holding's scope contains `other` and is wider than it.
    pub fn outranks(&self, other: &Holding) -> bool {
        match (self, other) {
            (Holding::Ministry, other) => *other != Holding::Ministry,
            (Holding::Dinas(mine), Holding::Dinas(theirs)) => {
                mine != theirs && mine.contains(theirs)
            }
            (Holding::Dinas(mine), Holding::Cooperative { village, .. }) => mine.contains(village),
            (
                Holding::Cooperative {
                    id: mine,
                    role: Role::Pengurus,
                    ..
                },
                Holding::Cooperative {
                    id: theirs,
                    role: Role::Member,
                    ..
                },
            ) => mine == theirs,
            _ => false,
        }
    }

    /// Whether this holding's scope contains `other`, peers included: the pengurus cover the
    /// officers they appoint, an admin the other admins of the same place.
    pub fn covers(&self, other: &Holding) -> bool {
        self.outranks(other)
            || match (self, other) {
                (Holding::Ministry, Holding::Ministry) => true,
                (Holding::Dinas(mine), Holding::Dinas(theirs)) => mine == theirs,
                (
                    Holding::Cooperative {
                        id: mine,
                        role: Role::Pengurus,
                        ..
                    },
                    Holding::Cooperative {
                        id: theirs,
                        role: Role::Pengurus | Role::Pengawas,
                        ..
                    },
                ) => mine == theirs,
                _ => false,
            }
    }
}

/// Whether someone holding `issuer` may issue a code that sets the password of an account
/// holding `target` (current roles and terms not yet started alike).
///
/// An account that has set a password is reset only by a strictly wider scope. One that never
/// set one (its first code lost or expired) may get a new code from anyone covering all its
/// roles, such as the pengurus who appointed it: nobody is locked out of anything by that. An
/// account holding no role at all is left to the ministry, since no place answers for it.
pub fn may_issue_code(issuer: &[Holding], target: &[Holding], target_has_password: bool) -> bool {
    if target.is_empty() {
        return issuer.contains(&Holding::Ministry);
    }
    target.iter().all(|held| {
        issuer.iter().any(|mine| {
            if target_has_password {
                mine.outranks(held)
            } else {
                mine.covers(held)
            }
        })
    })
}

/// Whether the operator (someone with the server's command line and its database) may issue a
/// code for an account holding `target`. The operator stands above the ministry, for staff only:
/// an account holding any cooperative role gets its code from its pengurus or dinas, in the
/// app, so the command line is never a quiet way into a member's or an officer's account.
pub fn operator_may_issue_code(target: &[Holding]) -> bool {
    target
        .iter()
        .all(|held| matches!(held, Holding::Ministry | Holding::Dinas(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str) -> RegionCode {
        RegionCode::parse(code).expect("region")
    }

    fn in_coop(id: &str, village: &str, role: Role) -> Holding {
        Holding::Cooperative {
            id: id.to_owned(),
            village: region(village),
            role,
        }
    }

    const GARUT_VILLAGE: &str = "32.05.01.2001";
    const BANDUNG_VILLAGE: &str = "32.04.12.2003";

    #[test]
    fn a_pengurus_resets_only_their_own_plain_members() {
        let ketua = [in_coop("a", BANDUNG_VILLAGE, Role::Pengurus)];
        let member = [in_coop("a", BANDUNG_VILLAGE, Role::Member)];
        assert!(may_issue_code(&ketua, &member, true));
        let elsewhere = [in_coop("b", BANDUNG_VILLAGE, Role::Member)];
        assert!(!may_issue_code(&ketua, &elsewhere, true));
        let member_and_treasurer = [
            in_coop("a", BANDUNG_VILLAGE, Role::Member),
            in_coop("a", BANDUNG_VILLAGE, Role::Pengurus),
        ];
        assert!(!may_issue_code(&ketua, &member_and_treasurer, true));
        let supervisor = [in_coop("a", BANDUNG_VILLAGE, Role::Pengawas)];
        assert!(!may_issue_code(&ketua, &supervisor, true));
    }

    #[test]
    fn an_account_that_never_set_a_password_can_get_a_new_code_from_whoever_covers_it() {
        let ketua = [in_coop("a", BANDUNG_VILLAGE, Role::Pengurus)];
        let new_treasurer = [in_coop("a", BANDUNG_VILLAGE, Role::Pengurus)];
        assert!(may_issue_code(&ketua, &new_treasurer, false));
        assert!(!may_issue_code(&ketua, &new_treasurer, true));
        let new_minister = [Holding::Ministry];
        assert!(!may_issue_code(&ketua, &new_minister, false));
    }

    #[test]
    fn regional_admins_reach_down_and_never_sideways_or_up() {
        let province = [Holding::Dinas(region("32"))];
        let regency = [Holding::Dinas(region("32.04"))];
        let garut_chair = [in_coop("g", GARUT_VILLAGE, Role::Pengurus)];
        assert!(may_issue_code(&province, &regency, true));
        assert!(!may_issue_code(&regency, &province, true));
        assert!(!may_issue_code(&regency, &regency, true));
        assert!(!may_issue_code(&regency, &garut_chair, true));
        assert!(may_issue_code(&province, &garut_chair, true));
        assert!(!may_issue_code(&province, &[Holding::Ministry], true));
        assert!(may_issue_code(&[Holding::Ministry], &province, true));
        assert!(!may_issue_code(
            &[Holding::Ministry],
            &[Holding::Ministry],
            true
        ));
    }

    #[test]
    fn every_role_of_a_two_place_account_must_be_inside_the_scope() {
        let two_places = [
            in_coop("a", BANDUNG_VILLAGE, Role::Member),
            in_coop("g", GARUT_VILLAGE, Role::Pengurus),
        ];
        assert!(!may_issue_code(
            &[Holding::Dinas(region("32.04"))],
            &two_places,
            true
        ));
        assert!(may_issue_code(
            &[Holding::Dinas(region("32"))],
            &two_places,
            true
        ));
    }

    #[test]
    fn an_account_without_roles_is_left_to_the_ministry() {
        let province = [Holding::Dinas(region("32"))];
        assert!(!may_issue_code(&province, &[], true));
        assert!(may_issue_code(&[Holding::Ministry], &[], true));
    }

    #[test]
    fn the_operator_issues_codes_for_staff_and_never_for_cooperative_roles() {
        assert!(operator_may_issue_code(&[Holding::Ministry]));
        assert!(operator_may_issue_code(&[Holding::Dinas(region("32"))]));
        assert!(operator_may_issue_code(&[]));
        let admin_and_member = [
            Holding::Dinas(region("32")),
            in_coop("a", BANDUNG_VILLAGE, Role::Member),
        ];
        assert!(!operator_may_issue_code(&admin_and_member));
        assert!(!operator_may_issue_code(&[in_coop(
            "a",
            BANDUNG_VILLAGE,
            Role::Pengurus
        )]));
    }
}
