//! The typed client of the server's JSON API. Bodies are the shared crate's types, so the app
//! and the server cannot disagree on a field.

use gloo_net::http::{Request, Response};
use kopdes_domain::account::{ActivationRequest, IssuedCode, LoginRequest, Me, PasswordChange};
use kopdes_domain::api::{ErrorBody, ErrorCode, FieldError, Health};
use kopdes_domain::cooperative::{
    Cooperative, CooperativeRegistration, RegisteredCooperative, ReturnRequest,
};
use kopdes_domain::member::{ChangeRequest, Leaving, Member, MemberRegistration, RegisteredMember};
use kopdes_domain::officer::{Appointed, Appointment, Officer, TermEnd};
use kopdes_domain::unit::{Unit, UnitDetails, UnitUpdate};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::json;

/// Why a call did not return what was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// No answer at all: offline, DNS, the link dropped. The usual case in a village.
    Network,
    /// The server answered with one of its documented errors; `retry_after` (seconds) comes
    /// with `too_many_attempts`.
    Server {
        code: ErrorCode,
        fields: Vec<FieldError>,
        retry_after: Option<u64>,
    },
    /// The server answered something this version of the app cannot read.
    UnexpectedResponse,
}

impl ApiFailure {
    pub fn code(code: ErrorCode) -> ApiFailure {
        ApiFailure::Server {
            code,
            fields: Vec::new(),
            retry_after: None,
        }
    }
}

pub async fn health() -> Result<Health, ApiFailure> {
    let response = Request::get("/api/health")
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    // 503 still carries a health body: the server is up, its database is not.
    if response.ok() || response.status() == 503 {
        json::body::<Health>(&response)
            .await
            .ok_or(ApiFailure::UnexpectedResponse)
    } else {
        Err(failure_of(response).await)
    }
}

/// The body of a successful GET as text, for callers that keep it on the device as it came.
pub async fn get_text(path: &str) -> Result<String, ApiFailure> {
    let response = Request::get(path)
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    if response.ok() {
        // A body cut off by a dropped link is a network failure, not a server one.
        response.text().await.map_err(|_| ApiFailure::Network)
    } else {
        Err(failure_of(response).await)
    }
}

pub async fn me() -> Result<Me, ApiFailure> {
    read(Request::get("/api/me").send().await).await
}

pub async fn sign_in(request: &LoginRequest) -> Result<Me, ApiFailure> {
    post("/api/session", request).await
}

pub async fn activate(request: &ActivationRequest) -> Result<Me, ApiFailure> {
    post("/api/activation", request).await
}

pub async fn register_cooperative(
    registration: &CooperativeRegistration,
) -> Result<RegisteredCooperative, ApiFailure> {
    post("/api/cooperatives", registration).await
}

pub async fn publish_form(
    publication: &kopdes_domain::form::Publication,
) -> Result<kopdes_domain::form::PublishedForm, ApiFailure> {
    post("/api/forms", publication).await
}

pub async fn units(cooperative_id: &str) -> Result<Vec<Unit>, ApiFailure> {
    read(
        Request::get(&format!("/api/cooperatives/{cooperative_id}/units"))
            .send()
            .await,
    )
    .await
}

/// A status step without a body: `submit` (pengurus) or `verify` (dinas).
pub async fn cooperative_step(id: &str, step: &str) -> Result<Cooperative, ApiFailure> {
    post_empty(&format!("/api/cooperatives/{id}/{step}")).await
}

pub async fn appoint(
    cooperative_id: &str,
    appointment: &Appointment,
) -> Result<Appointed, ApiFailure> {
    post(
        &format!("/api/cooperatives/{cooperative_id}/officers"),
        appointment,
    )
    .await
}

pub async fn end_term(officer_id: &str, end: &TermEnd) -> Result<Officer, ApiFailure> {
    post(&format!("/api/officers/{officer_id}/end"), end).await
}

/// A new one-time activation code for an officer's or a member's account (`kind` is
/// `officers` or `members`), replacing any earlier one.
pub async fn new_activation_code(kind: &str, id: &str) -> Result<IssuedCode, ApiFailure> {
    post_empty(&format!("/api/{kind}/{id}/activation-code")).await
}

pub async fn add_unit(cooperative_id: &str, details: &UnitDetails) -> Result<Unit, ApiFailure> {
    post(
        &format!("/api/cooperatives/{cooperative_id}/units"),
        details,
    )
    .await
}

pub async fn update_unit(unit_id: &str, update: &UnitUpdate) -> Result<Unit, ApiFailure> {
    put(&format!("/api/units/{unit_id}"), update).await
}

/// Sets one of the cooperative's savings products (`pokok`, `wajib`, `sukarela`).
pub async fn set_savings_product(
    cooperative_id: &str,
    kind: kopdes_domain::savings::Kind,
    input: &kopdes_domain::savings::ProductInput,
) -> Result<kopdes_domain::savings::Product, ApiFailure> {
    put(
        &format!(
            "/api/cooperatives/{cooperative_id}/savings-products/{}",
            kind.as_str()
        ),
        input,
    )
    .await
}

pub async fn member_leaves(member_id: &str, leaving: &Leaving) -> Result<Member, ApiFailure> {
    post(&format!("/api/members/{member_id}/leave"), leaving).await
}

pub async fn return_cooperative(
    id: &str,
    request: &ReturnRequest,
) -> Result<Cooperative, ApiFailure> {
    post(&format!("/api/cooperatives/{id}/return"), request).await
}

/// A pengurus decides a member's own-data change request: `approve`, or `reject` with reasons.
pub async fn approve_change_request(id: &str) -> Result<ChangeRequest, ApiFailure> {
    post_empty(&format!("/api/change-requests/{id}/approve")).await
}

pub async fn reject_change_request(
    id: &str,
    request: &ReturnRequest,
) -> Result<ChangeRequest, ApiFailure> {
    post(&format!("/api/change-requests/{id}/reject"), request).await
}

pub async fn register_member(
    cooperative_id: &str,
    registration: &MemberRegistration,
) -> Result<RegisteredMember, ApiFailure> {
    post(
        &format!("/api/cooperatives/{cooperative_id}/members"),
        registration,
    )
    .await
}

pub async fn change_password(change: &PasswordChange) -> Result<(), ApiFailure> {
    let request = Request::post("/api/me/password")
        .json(change)
        .map_err(|_| ApiFailure::UnexpectedResponse)?;
    nothing(request.send().await).await
}

/// Publishes an announcement (dinas and ministry admins, within their region).
pub async fn publish_announcement(
    input: &kopdes_domain::announcement::AnnouncementInput,
) -> Result<kopdes_domain::announcement::Announcement, ApiFailure> {
    post("/api/announcements", input).await
}

/// Starts a course (admins) from a first draft.
pub async fn create_course(
    draft: &kopdes_domain::course::CourseDraft,
) -> Result<kopdes_domain::course::AuthoredCourse, ApiFailure> {
    post("/api/courses", draft).await
}

/// Saves a course draft made from the copy saved at `saved_at`; a conflict when someone saved
/// it since.
pub async fn save_course_draft(
    id: &str,
    save: &kopdes_domain::course::DraftSave,
) -> Result<kopdes_domain::course::AuthoredCourse, ApiFailure> {
    put(&format!("/api/courses/{id}/draft"), save).await
}

pub async fn publish_course(id: &str) -> Result<kopdes_domain::course::CourseManifest, ApiFailure> {
    post_empty(&format!("/api/courses/{id}/publish")).await
}

/// Uploads a picture (a `File` or `Blob`) for training or announcements; the server makes it
/// phone-sized and answers how to refer to it.
pub async fn upload_media(
    picture: &wasm_bindgen::JsValue,
) -> Result<kopdes_domain::course::MediaRef, ApiFailure> {
    let request = Request::put("/api/media")
        .body(picture.clone())
        .map_err(|_| ApiFailure::UnexpectedResponse)?;
    read(request.send().await).await
}

/// Sends a spreadsheet (a `File`) to check or import, `query` as `POST /api/registry/imports`
/// documents it.
pub async fn import_registry(
    query: &str,
    file: &wasm_bindgen::JsValue,
) -> Result<kopdes_domain::import::ImportSummary, ApiFailure> {
    let request = Request::post(&format!("/api/registry/imports?{query}"))
        .body(file.clone())
        .map_err(|_| ApiFailure::UnexpectedResponse)?;
    read(request.send().await).await
}

/// The row-by-row report of a check of the same file, as the file's bytes.
pub async fn import_report(
    query: &str,
    file: &wasm_bindgen::JsValue,
) -> Result<Vec<u8>, ApiFailure> {
    let response = Request::post(&format!("/api/registry/imports?{query}"))
        .body(file.clone())
        .map_err(|_| ApiFailure::UnexpectedResponse)?
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    if response.ok() {
        response.binary().await.map_err(|_| ApiFailure::Network)
    } else {
        Err(failure_of(response).await)
    }
}

/// Announces a training event (admins, within their region).
pub async fn create_event(
    input: &kopdes_domain::event::EventInput,
) -> Result<kopdes_domain::event::Event, ApiFailure> {
    post("/api/events", input).await
}

/// Marks whether a registered person came (the organiser).
pub async fn mark_attendance(
    event: &str,
    mark: &kopdes_domain::event::Attendance,
) -> Result<(), ApiFailure> {
    let request = Request::put(&format!("/api/events/{event}/attendance"))
        .json(mark)
        .map_err(|_| ApiFailure::UnexpectedResponse)?;
    nothing(request.send().await).await
}

/// Marks an announcement read for the signed-in person (idempotent).
pub async fn mark_announcement_read(id: &str) -> Result<(), ApiFailure> {
    nothing(
        Request::put(&format!("/api/announcements/{id}/read"))
            .send()
            .await,
    )
    .await
}

pub async fn sign_out() -> Result<(), ApiFailure> {
    nothing(Request::delete("/api/session").send().await).await
}

pub async fn appoint_staff(
    appointment: &kopdes_domain::staff::StaffAppointment,
) -> Result<kopdes_domain::staff::StaffAppointed, ApiFailure> {
    post("/api/staff", appointment).await
}

/// A new one-time code for a dinas admin's account.
pub async fn staff_code(user_id: &str) -> Result<IssuedCode, ApiFailure> {
    post_empty(&format!("/api/staff/{user_id}/code")).await
}

/// Disables (ending every session at once) or enables a dinas admin's account.
pub async fn set_staff_disabled(user_id: &str, disabled: bool) -> Result<(), ApiFailure> {
    let step = if disabled { "disable" } else { "enable" };
    let request = Request::post(&format!("/api/staff/{user_id}/{step}"))
        .json(&serde_json::json!({}))
        .map_err(|_| ApiFailure::UnexpectedResponse)?;
    nothing(request.send().await).await
}

pub async fn remove_staff(user_id: &str) -> Result<(), ApiFailure> {
    nothing(
        Request::delete(&format!("/api/staff/{user_id}"))
            .send()
            .await,
    )
    .await
}

/// An answer with nothing to read in it: success, or why not.
async fn nothing(sent: Result<Response, gloo_net::Error>) -> Result<(), ApiFailure> {
    let response = sent.map_err(|_| ApiFailure::Network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(failure_of(response).await)
    }
}

async fn post<B: Serialize, R: DeserializeOwned>(path: &str, body: &B) -> Result<R, ApiFailure> {
    let request = Request::post(path)
        .json(body)
        .map_err(|_| ApiFailure::UnexpectedResponse)?;
    read(request.send().await).await
}

async fn put<B: Serialize, R: DeserializeOwned>(path: &str, body: &B) -> Result<R, ApiFailure> {
    let request = Request::put(path)
        .json(body)
        .map_err(|_| ApiFailure::UnexpectedResponse)?;
    read(request.send().await).await
}

async fn post_empty<R: DeserializeOwned>(path: &str) -> Result<R, ApiFailure> {
    read(Request::post(path).send().await).await
}

async fn read<R: DeserializeOwned>(
    sent: Result<Response, gloo_net::Error>,
) -> Result<R, ApiFailure> {
    let response = sent.map_err(|_| ApiFailure::Network)?;
    if response.ok() {
        json::body::<R>(&response)
            .await
            .ok_or(ApiFailure::UnexpectedResponse)
    } else {
        Err(failure_of(response).await)
    }
}

async fn failure_of(response: Response) -> ApiFailure {
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.parse().ok());
    match json::body::<ErrorBody>(&response).await {
        Some(body) => ApiFailure::Server {
            code: body.code,
            fields: body.fields,
            retry_after,
        },
        None => ApiFailure::UnexpectedResponse,
    }
}
