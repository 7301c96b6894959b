//! Everything under `/koperasi`: one chunk of the app, fetched the first time any of its pages
//! opens. The pages dispatch here, inside the chunk, rather than in the main route table: each
//! route there adds about 1.3 KB to the first download of every phone, even for people who never
//! open a cooperative.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::session::use_account;

use crate::pages::NotFoundPage;
use crate::pages::announcement_compose::AnnouncementComposePage;
use crate::pages::cooperative::CooperativePage;
use crate::pages::cooperative_register::CooperativeRegisterPage;
use crate::pages::cooperatives::CooperativesPage;
use crate::pages::course_authoring::CourseAuthoringPage;
use crate::pages::course_editor::CourseEditorPage;
use crate::pages::event_new::EventNewPage;
use crate::pages::form_admin::FormAdminPage;
use crate::pages::form_fill::FormFillPage;
use crate::pages::form_list::FormListPage;
use crate::pages::form_publish::FormPublishPage;
use crate::pages::form_results::FormResultsPage;
use crate::pages::member::MemberPage;
use crate::pages::member_form::MemberFormPage;
use crate::pages::members::MembersPage;
use crate::pages::officers::OfficersPage;
use crate::pages::units::UnitsPage;

/// The pages of the area, read from the path after `/koperasi`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Page {
    List,
    Register,
    Cooperative(String),
    Members(String),
    NewMember(String),
    Member(String, String),
    Officers(String),
    Units(String),
    Forms(String),
    FillForm(String, String),
    FormAdmin,
    PublishForm,
    FormResults(String),
    ComposeAnnouncement,
    Courses,
    EditCourse(String),
    NewEvent,
    NotFound,
}

impl Page {
    fn of(path: &str) -> Page {
        let rest = path.strip_prefix("/koperasi").unwrap_or(path);
        let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Page::List,
            ["baru"] => Page::Register,
            ["formulir"] => Page::FormAdmin,
            ["formulir", "baru"] => Page::PublishForm,
            ["formulir", form] => Page::FormResults(form.to_string()),
            ["pengumuman", "baru"] => Page::ComposeAnnouncement,
            ["pelatihan"] => Page::Courses,
            ["pelatihan", id] => Page::EditCourse(id.to_string()),
            ["acara", "baru"] => Page::NewEvent,
            [id] => Page::Cooperative(id.to_string()),
            [id, "anggota"] => Page::Members(id.to_string()),
            [id, "anggota", "baru"] => Page::NewMember(id.to_string()),
            [id, "anggota", member] => Page::Member(id.to_string(), member.to_string()),
            [id, "pengurus"] => Page::Officers(id.to_string()),
            [id, "gerai"] => Page::Units(id.to_string()),
            [id, "formulir"] => Page::Forms(id.to_string()),
            [id, "formulir", form] => Page::FillForm(id.to_string(), form.to_string()),
            _ => Page::NotFound,
        }
    }
}

#[component]
fn CooperativeArea() -> impl IntoView {
    let location = use_location();
    // A memo: a new query string (a search) re-renders nothing here, the page handles it.
    let page = Memo::new(move |_| Page::of(&location.pathname.get()));
    let account = use_account();
    // Pages read the account (roles, the partition of kept copies) when they are built: they
    // wait until it is known, and are built again for another account.
    move || match (account.get(), page.get()) {
        (None, _) => ().into_any(),
        (Some(_), page) => match page {
            Page::List => view! { <CooperativesPage/> }.into_any(),
            Page::Register => view! { <CooperativeRegisterPage/> }.into_any(),
            Page::Cooperative(id) => view! { <CooperativePage id/> }.into_any(),
            Page::Members(id) => view! { <MembersPage id/> }.into_any(),
            Page::NewMember(id) => view! { <MemberFormPage id/> }.into_any(),
            Page::Member(cooperative_id, member_id) => {
                view! { <MemberPage cooperative_id member_id/> }.into_any()
            }
            Page::Officers(id) => view! { <OfficersPage id/> }.into_any(),
            Page::Units(id) => view! { <UnitsPage id/> }.into_any(),
            Page::Forms(cooperative_id) => view! { <FormListPage cooperative_id/> }.into_any(),
            Page::FillForm(cooperative_id, form_id) => {
                view! { <FormFillPage cooperative_id form_id/> }.into_any()
            }
            Page::FormAdmin => view! { <FormAdminPage/> }.into_any(),
            Page::PublishForm => view! { <FormPublishPage/> }.into_any(),
            Page::ComposeAnnouncement => view! { <AnnouncementComposePage/> }.into_any(),
            Page::Courses => view! { <CourseAuthoringPage/> }.into_any(),
            Page::EditCourse(id) => view! { <CourseEditorPage id/> }.into_any(),
            Page::NewEvent => view! { <EventNewPage/> }.into_any(),
            Page::FormResults(form_id) => view! { <FormResultsPage form_id/> }.into_any(),
            Page::NotFound => view! { <NotFoundPage/> }.into_any(),
        },
    }
}

#[derive(Clone, Copy)]
pub struct CooperativeAreaRoute;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for CooperativeAreaRoute {
    fn data() -> Self {
        CooperativeAreaRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <CooperativeArea/> }.into_any()
    }
}
