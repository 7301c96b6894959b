//! Members' savings: products per cooperative (pengurus), and the ledger, written through the
//! sync outbox (`savings_entry`) so the bendahara records payments offline. Savings are
//! personal financial data (UU PDP): a member sees their own; the cooperative's pengurus and
//! pengawas see its members'; admins get aggregates only, never a member's ledger.

use axum::Json;
use axum::extract::{Path, State};
use kopdes_domain::account::Role;
use kopdes_domain::api::FieldError;
use kopdes_domain::savings::{self, EntryInput, Kind, Product, ProductInput};
use sqlx::AnyConnection;

use crate::caller::Caller;
use crate::change_requests::member_owner;
use crate::clock::today;
use crate::error::ApiError;
use crate::routes::cooperatives::visible;
use crate::savings as store;
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(products))
        .routes(routes!(set_product))
        .routes(routes!(overview))
        .routes(routes!(bills))
        .routes(routes!(member_savings))
}

/// The cooperative's officers: pengurus, and pengawas (who read everything, change nothing).
fn officer(caller: &Caller, cooperative: &str) -> bool {
    caller.has_role_in(cooperative, Role::Pengurus)
        || caller.has_role_in(cooperative, Role::Pengawas)
}

/// The cooperative's savings products (its people, admins over it).
#[utoipa::path(get, path = "/cooperatives/{id}/savings-products", tag = "savings",
    params(("id" = String, Path, description = "The cooperative")),
    responses(
        (status = 200, description = "Its products: `amount` in whole rupiah (null for \
            sukarela), `period` for wajib.", body = Vec<Product>),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's \
            to see."),
    ))]
async fn products(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Product>>, ApiError> {
    let cooperative = visible(&state, &caller, &id).await?;
    if !caller.belongs_to(&cooperative.id) && !caller.administers(&cooperative.village) {
        return Err(ApiError::NotFound);
    }
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(store::products(&mut conn, &cooperative.id).await?))
}

/// Sets the amount (and, for wajib, the period) of a savings product (its pengurus).
#[utoipa::path(put, path = "/cooperatives/{id}/savings-products/{kind}", tag = "savings",
    params(
        ("id" = String, Path, description = "The cooperative"),
        ("kind" = String, Path, description = "`pokok`, `wajib` or `sukarela`"),
    ),
    responses(
        (status = 200, description = "Set; the product as stored.", body = Product),
        (status = 403, description = "`forbidden`: not a pengurus of this cooperative (its \
            pengawas and admins read only)."),
        (status = 404, description = "`not_found`: no such cooperative, not the caller's to \
            see, or no such kind."),
        (status = 422, description = "`invalid_input`: `amount` (`required`, \
            `money.format`, `savings.amount`: not from Rp 1 to Rp 1,000,000,000), `period` \
            (`required` for wajib)."),
    ))]
#[tracing::instrument(name = "savings.set_product", skip_all)]
async fn set_product(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, kind)): Path<(String, String)>,
    Json(input): Json<ProductInput>,
) -> Result<Json<Product>, ApiError> {
    let cooperative = visible(&state, &caller, &id).await?;
    if !caller.has_role_in(&cooperative.id, Role::Pengurus) {
        return Err(ApiError::Forbidden);
    }
    let product = input
        .parse(Kind::parse(&kind).ok_or(ApiError::NotFound)?)
        .map_err(ApiError::InvalidInput)?;
    let mut conn = state.db.writer.acquire().await?;
    store::set_product(&mut conn, &cooperative.id, &product, caller.id()).await?;
    Ok(Json(product))
}

/// A member's savings balances and ledger (the member, their cooperative's officers).
///
/// Personal financial data: anyone else, admins included, is told it does not exist.
#[utoipa::path(get, path = "/members/{member}/savings", tag = "savings",
    params(("member" = String, Path, description = "The member")),
    responses(
        (status = 200, description = "Balances per kind and the entries, oldest first \
            (withdrawals and reversals negative).", body = savings::MemberSavings),
        (status = 404, description = "`not_found`: no such member, or neither the member nor \
            a pengurus or pengawas of their cooperative."),
    ))]
async fn member_savings(
    State(state): State<AppState>,
    caller: Caller,
    Path(member): Path<String>,
) -> Result<Json<savings::MemberSavings>, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let (cooperative, user, _) = member_owner(&mut conn, &member)
        .await?
        .ok_or(ApiError::NotFound)?;
    // Personal financial data: the member, and their cooperative's officers; 404 to anyone
    // else, admins included.
    if user.as_deref() != Some(caller.id()) && !officer(&caller, &cooperative) {
        return Err(ApiError::NotFound);
    }
    let entries = store::ledger(&mut conn, &member).await?;
    Ok(Json(savings::MemberSavings::of(member, entries)))
}

fn invalid(field: &str, code: &str) -> ApiError {
    ApiError::InvalidInput(vec![FieldError::new(field, code)])
}

/// `savings_entry`: a pengurus of the member's cooperative records it; the fields are checked
/// here, the ledger in the transaction.
pub(crate) async fn check_entry(
    state: &AppState,
    caller: &Caller,
    input: &EntryInput,
) -> Result<(), ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let (cooperative, _, _) = member_owner(&mut conn, &input.member_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // First who may see the member: to anyone else, another's member answers like one that
    // does not exist, whichever cooperative the entry names.
    if !caller.has_role_in(&cooperative, Role::Pengurus) {
        return Err(if officer(caller, &cooperative) {
            ApiError::Forbidden
        } else {
            ApiError::NotFound
        });
    }
    if cooperative != input.cooperative_id {
        return Err(invalid("member_id", "savings.other_cooperative"));
    }
    input
        .parse(today())
        .map(|_| ())
        .map_err(ApiError::InvalidInput)
}

/// Records a checked entry, against the member's ledger as it stands now: the account is
/// taken first, so entries for it are judged one at a time.
pub(crate) async fn write_entry(
    caller: &Caller,
    tx: &mut AnyConnection,
    id: &str,
    input: &EntryInput,
) -> Result<(), ApiError> {
    let entry = input.parse(today()).map_err(ApiError::InvalidInput)?;
    // Checked first: on PostgreSQL a refused insert would end the whole transaction.
    if store::exists(tx, id).await? {
        return Err(ApiError::Conflict);
    }
    store::take_account(tx, &input.member_id, input.kind).await?;
    let ledger = store::ledger(tx, &input.member_id).await?;
    let admitted = savings::admit(&entry, &ledger, &input.member_id, input.kind)
        .map_err(|error| ApiError::InvalidInput(vec![error]))?;
    store::record(
        tx,
        id,
        &input.cooperative_id,
        &input.member_id,
        input.kind,
        &entry,
        &admitted,
        caller.id(),
    )
    .await?;
    Ok(())
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct MonthQuery {
    /// `YYYY-MM`, at most a year ahead; absent: this month (WIB).
    month: Option<String>,
}

impl MonthQuery {
    fn month(self) -> String {
        self.month
            .unwrap_or_else(|| savings::period_of(today(), savings::Period::Monthly))
    }
}

/// Who owes what this month (or the month asked): for the cooperative's pengurus and pengawas.
///
/// Active members' unpaid pokok, and every wajib period from joining to the month's end not
/// paid net of reversals (arrears included), oldest first per member.
#[utoipa::path(get, path = "/cooperatives/{id}/savings/bills", tag = "savings",
    params(("id" = String, Path, description = "The cooperative"), MonthQuery),
    responses(
        (status = 200, description = "What members owe at the end of the month.",
            body = Vec<savings::Bill>),
        (status = 404, description = "`not_found`: no such cooperative, or the caller is \
            neither its pengurus nor its pengawas."),
        (status = 422, description = "`invalid_input`: `month` (`savings.period`: not \
            `YYYY-MM`, or more than a year ahead)."),
    ))]
async fn bills(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    axum::extract::Query(query): axum::extract::Query<MonthQuery>,
) -> Result<Json<Vec<savings::Bill>>, ApiError> {
    Ok(Json(
        read_overview(&state, &caller, &id, query).await?.bills,
    ))
}

/// The month's savings of the whole cooperative (its pengurus and pengawas).
///
/// Balances per member, totals that reconcile, the month's movement and its bills. Its
/// pengurus and pengawas only: admins get aggregates.
#[utoipa::path(get, path = "/cooperatives/{id}/savings", tag = "savings",
    params(("id" = String, Path, description = "The cooperative"), MonthQuery),
    responses(
        (status = 200, description = "The month's overview: balances per member, totals, \
            opening balances, movement and bills.", body = savings::Overview),
        (status = 404, description = "`not_found`: no such cooperative, or the caller is \
            neither its pengurus nor its pengawas."),
        (status = 422, description = "`invalid_input`: `month` (`savings.period`: not \
            `YYYY-MM`, or more than a year ahead)."),
    ))]
async fn overview(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    axum::extract::Query(query): axum::extract::Query<MonthQuery>,
) -> Result<Json<savings::Overview>, ApiError> {
    Ok(Json(read_overview(&state, &caller, &id, query).await?))
}

#[tracing::instrument(name = "savings.overview", skip_all)]
async fn read_overview(
    state: &AppState,
    caller: &Caller,
    id: &str,
    query: MonthQuery,
) -> Result<savings::Overview, ApiError> {
    let cooperative = visible(state, caller, id).await?;
    if !officer(caller, &cooperative.id) {
        return Err(ApiError::NotFound);
    }
    let month = query.month();
    if savings::askable_month_end(&month, today()).is_none() {
        return Err(invalid("month", "savings.period"));
    }
    let mut conn = state.db.pool.acquire().await?;
    let products = store::products(&mut conn, &cooperative.id).await?;
    let members = store::members(&mut conn, &cooperative.id).await?;
    let ledger = store::cooperative_ledger(&mut conn, &cooperative.id).await?;
    savings::overview(&month, products, &members, &ledger)
        .ok_or_else(|| invalid("month", "savings.period"))
}
