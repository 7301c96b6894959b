//! What every form needs: errors next to their fields, one message for the whole form, and
//! a "working" state so a slow link does not invite a second tap.

use kopdes_domain::api::{ErrorCode, FieldError};
use kopdes_domain::cooperative::ReturnRequest;
use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::I18n;

#[derive(Clone, Copy)]
pub struct FormState {
    fields: RwSignal<Vec<FieldError>>,
    pub message: RwSignal<Option<String>>,
    pub pending: RwSignal<bool>,
    i18n: I18n,
}

impl FormState {
    pub fn new(i18n: I18n) -> FormState {
        FormState {
            fields: RwSignal::new(Vec::new()),
            message: RwSignal::new(None),
            pending: RwSignal::new(false),
            i18n,
        }
    }

    /// The error of one field, in the current language.
    pub fn error(&self, field: &'static str) -> Signal<Option<&'static str>> {
        let (fields, i18n) = (self.fields, self.i18n);
        Signal::derive(move || {
            fields.with(|all| {
                all.iter()
                    .find(|e| e.field == field)
                    .map(|e| i18n.t().field_error(&e.code))
            })
        })
    }

    /// The error of one field in the page's own words where it has them (`words`), else in
    /// the words every form shares.
    pub fn error_in(
        &self,
        field: &'static str,
        words: fn(kopdes_domain::Lang, &str) -> Option<&'static str>,
    ) -> Signal<Option<&'static str>> {
        let this = *self;
        Signal::derive(move || this.worded(field, words))
    }

    /// As [`FormState::error_in`], read now (tracked), for pages that show it themselves.
    pub fn worded(
        &self,
        field: &'static str,
        words: fn(kopdes_domain::Lang, &str) -> Option<&'static str>,
    ) -> Option<&'static str> {
        let i18n = self.i18n;
        self.fields.with(|all| {
            all.iter().find(|e| e.field == field).map(|e| {
                words(i18n.lang.get(), &e.code).unwrap_or_else(|| i18n.t().field_error(&e.code))
            })
        })
    }

    /// The stable code of a field's error, for pages that word some codes themselves.
    pub fn code_of(&self, field: &'static str) -> Option<String> {
        self.fields.with(|all| {
            all.iter()
                .find(|e| e.field == field)
                .map(|e| e.code.clone())
        })
    }

    /// Starts a submission: clears old errors. `false` when one is already under way.
    pub fn begin(&self) -> bool {
        if self.pending.get_untracked() {
            return false;
        }
        self.fields.set(Vec::new());
        self.message.set(None);
        true
    }

    /// The person changed a field: its old error no longer describes what is there.
    pub fn edited(&self, field: &str) {
        if self
            .fields
            .with_untracked(|all| all.iter().any(|e| e.field == field))
        {
            self.fields.update(|all| all.retain(|e| e.field != field));
        }
    }

    /// Shows problems found before sending (the shared rules, run in the browser).
    pub fn invalid(&self, fields: Vec<FieldError>) {
        self.fields.set(fields);
    }

    /// The reasons typed for a decision (a cooperative returned, a request rejected), checked by
    /// the shared rule; `None` once the problem is shown under the field.
    pub fn reasons(&self, typed: RwSignal<String>) -> Option<ReturnRequest> {
        let request = ReturnRequest {
            reasons: typed.get_untracked(),
        };
        match request.parse() {
            Ok(_) => Some(request),
            Err(error) => {
                self.invalid(vec![error]);
                None
            }
        }
    }

    pub fn sending(&self) {
        self.pending.set(true);
    }

    pub fn done(&self) {
        self.pending.set(false);
    }

    /// Explains a refused activation code: the account holds a role beyond the caller's scope,
    /// so say whom to ask rather than "no access"; any other failure as [`FormState::failed`].
    pub fn code_failed(&self, failure: ApiFailure) {
        match failure {
            ApiFailure::Server {
                code: ErrorCode::Forbidden,
                ..
            } => {
                self.pending.set(false);
                let words =
                    crate::i18n::texts(self.i18n.lang.get_untracked()).error_code_out_of_scope;
                self.message.set(Some(words.to_owned()));
            }
            other => self.failed(other),
        }
    }

    /// Explains a failed call: field errors next to their fields, anything else above the
    /// button, always with what to do next.
    pub fn failed(&self, failure: ApiFailure) {
        self.pending.set(false);
        let t = self.i18n.t();
        let message = match failure {
            ApiFailure::Network => t.needs_network.to_owned(),
            ApiFailure::Server {
                code: ErrorCode::InvalidInput,
                fields,
                ..
            } if !fields.is_empty() => {
                self.fields.set(fields);
                return;
            }
            ApiFailure::Server {
                code: ErrorCode::TooManyAttempts,
                retry_after,
                ..
            } => format!(
                "{} {}",
                t.error_too_many_attempts,
                t.retry_in(retry_after.unwrap_or(60))
            ),
            ApiFailure::Server { code, .. } => t.error(code).to_owned(),
            ApiFailure::UnexpectedResponse => t.error(ErrorCode::Internal).to_owned(),
        };
        self.message.set(Some(message));
    }
}
