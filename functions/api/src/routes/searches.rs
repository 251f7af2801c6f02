//! Saved searches: CRUD, run now, results and the latest run (docs/behaviour.md#saved-searches).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use vinyldigger::domain::ids::SearchId;
use vinyldigger::domain::platform::SearchPlatform;
use vinyldigger::domain::quota::QuotaKind;
use vinyldigger::domain::search::{NewSearch, SavedSearch, SearchSource};
use vinyldigger::domain::search_filters::SearchFilters;
use vinyldigger::pipeline::{RunNow, StartRunError, run_now};

use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, FieldError, ValidationError};
use crate::extract::{AuthUser, Body, Path, QueryParams, Validate, path_param};
use crate::limits;
use crate::routes::amounts::user_pricer;
use crate::validate::{Checks, LenientInt, MAX_SHORT_TEXT, nullable, present};
use crate::views::{Message, RunQueued, RunResponse, SavedSearchResponse, SearchResultResponse};

const MAX_NAME: usize = 255;
const MAX_QUERY: usize = 500;
/// Searches per page of the list unless the client asks for another number, and at most.
const PAGE_DEFAULT: usize = 50;
const PAGE_MAX: usize = 100;
/// A name or query must have something besides these (the pattern `NOT_BLANK` says the same).
const BLANK: [char; 6] = ['\t', '\n', '\x0b', '\x0c', '\r', ' '];

fn default_interval() -> LenientInt {
    LenientInt(24)
}

#[derive(Deserialize, ToSchema)]
pub struct CreateSearch {
    /// Not only spaces, tabs or line breaks.
    #[schema(min_length = 1, max_length = 255, pattern = r"[^\t\n\x0b\x0c\r ]")]
    pub name: String,
    /// Required (not only spaces) for a query search; optional, and may be empty, for a want-list
    /// search.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub query: String,
    /// Any case is accepted.
    pub platform: SearchPlatform,
    /// What the search watches: its query (the default) or the user's synced want list.
    #[serde(default)]
    pub source: SearchSource,
    /// Want-list searches: any pressing (release of the same master) satisfies a want.
    #[serde(default)]
    pub any_pressing: bool,
    #[serde(default)]
    pub filters: SearchFilters,
    #[serde(default = "default_interval")]
    #[schema(value_type = i64, default = 24, minimum = 1, maximum = 8760)]
    pub check_interval_hours: LenientInt,
    #[serde(default)]
    #[schema(max_length = 10)]
    pub min_record_condition: Option<String>,
    #[serde(default)]
    #[schema(max_length = 10)]
    pub min_sleeve_condition: Option<String>,
    #[serde(default)]
    #[schema(max_length = 10)]
    pub seller_location_preference: Option<String>,
}

impl Validate for CreateSearch {
    fn validate(&self) -> Vec<FieldError> {
        let mut checks = Checks::default();
        check_text(&mut checks, "name", Some(&self.name), MAX_NAME);
        check_query(&mut checks, self.source, Some(&self.query));
        check_filters(&mut checks, Some(&self.filters));
        checks.interval("check_interval_hours", Some(self.check_interval_hours), 1);
        check_short(
            &mut checks,
            self.min_record_condition.as_deref(),
            self.min_sleeve_condition.as_deref(),
            self.seller_location_preference.as_deref(),
        );
        checks.0
    }
}

/// A partial update: only the fields present are applied; `null` is refused for the fields that
/// cannot be empty.
#[derive(Deserialize, ToSchema)]
pub struct UpdateSearch {
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false, min_length = 1, max_length = 255, pattern = r"[^\t\n\x0b\x0c\r ]")]
    pub name: Option<String>,
    /// Not only spaces for a query search; anything up to 500 characters for a want-list search.
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false, max_length = 500)]
    pub query: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false)]
    pub platform: Option<SearchPlatform>,
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false)]
    pub source: Option<SearchSource>,
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false)]
    pub any_pressing: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false)]
    pub filters: Option<SearchFilters>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>, nullable = false, minimum = 1, maximum = 8760)]
    pub check_interval_hours: Option<LenientInt>,
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false)]
    pub is_active: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 10)]
    pub min_record_condition: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 10)]
    pub min_sleeve_condition: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 10)]
    pub seller_location_preference: Option<Option<String>>,
}

impl Validate for UpdateSearch {
    fn validate(&self) -> Vec<FieldError> {
        let mut checks = Checks::default();
        check_text(&mut checks, "name", self.name.as_deref(), MAX_NAME);
        // Whether a blank query is allowed depends on the stored source too: checked on update.
        checks.max_len("query", self.query.as_deref(), MAX_QUERY);
        check_filters(&mut checks, self.filters.as_ref());
        checks.interval("check_interval_hours", self.check_interval_hours, 1);
        check_short(
            &mut checks,
            self.min_record_condition.as_ref().and_then(|v| v.as_deref()),
            self.min_sleeve_condition.as_ref().and_then(|v| v.as_deref()),
            self.seller_location_preference.as_ref().and_then(|v| v.as_deref()),
        );
        checks.0
    }
}

fn check_text(checks: &mut Checks, field: &str, value: Option<&str>, max: usize) {
    if value.is_some_and(|v| v.chars().all(|c| BLANK.contains(&c))) {
        checks.push(FieldError::body(
            field,
            "string_too_short",
            "String should have at least 1 character besides spaces",
            json!(value.map(crate::validate::truncated)),
        ));
    }
    checks.max_len(field, value, max);
}

/// A query search needs a query with something besides spaces; a want-list search's may be empty.
fn check_query(checks: &mut Checks, source: SearchSource, query: Option<&str>) {
    match source {
        SearchSource::Query => check_text(checks, "query", query, MAX_QUERY),
        SearchSource::Wantlist => checks.max_len("query", query, MAX_QUERY),
    }
}

fn check_filters(checks: &mut Checks, filters: Option<&SearchFilters>) {
    for (field, msg) in filters.map(SearchFilters::problems).unwrap_or_default() {
        let loc = std::iter::once("body").chain(field.split('.')).map(|part| json!(part)).collect();
        checks.push(FieldError { kind: "value_error", loc, msg, input: Value::Null });
    }
}

fn check_short(checks: &mut Checks, record: Option<&str>, sleeve: Option<&str>, location: Option<&str>) {
    checks.max_len("min_record_condition", record, MAX_SHORT_TEXT);
    checks.max_len("min_sleeve_condition", sleeve, MAX_SHORT_TEXT);
    checks.max_len("seller_location_preference", location, MAX_SHORT_TEXT);
}

/// Validation already ran, so this conversion cannot fail; the fallback is never used.
fn hours(value: LenientInt) -> u32 {
    u32::try_from(value.0).unwrap_or(24)
}

pub(crate) fn search_id(raw: &str) -> ApiResult<SearchId> {
    path_param("search_id", raw, "uuid_parsing")
}

pub(crate) fn not_found() -> ApiError {
    ApiError::not_found("Search not found")
}

/// The caller's search, or 404 (someone else's search is indistinguishable from none).
pub(crate) async fn owned_search(
    deps: &Deps,
    user: &vinyldigger::domain::user::User,
    raw: &str,
) -> ApiResult<SavedSearch> {
    let id = search_id(raw)?;
    deps.store.get_search(user.id, id).await?.ok_or_else(not_found)
}

#[utoipa::path(post, path = "/api/v1/searches", tag = "searches", operation_id = "create_search",
    security(("bearer" = [])), request_body = CreateSearch,
    responses(
        (status = 200, body = SavedSearchResponse, links(
            ("get_search" = (operation_id = "get_search", parameters(("search_id" = "$response.body#/id")))),
            ("update_search" = (operation_id = "update_search", parameters(("search_id" = "$response.body#/id")))),
            ("delete_search" = (operation_id = "delete_search", parameters(("search_id" = "$response.body#/id")))),
            ("run_search" = (operation_id = "run_search", parameters(("search_id" = "$response.body#/id")))),
            ("list_results" = (operation_id = "list_results", parameters(("search_id" = "$response.body#/id")))),
            ("get_analysis" = (operation_id = "get_analysis", parameters(("search_id" = "$response.body#/id")))),
            ("get_multi_item_deals" = (operation_id = "get_multi_item_deals", parameters(("search_id" = "$response.body#/id")))),
            ("get_price_comparison" = (operation_id = "get_price_comparison", parameters(("search_id" = "$response.body#/id")))),
        )),
        (status = 429, description = "The user has the most saved searches allowed", body = Detail,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    ))]
pub async fn create(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Body(req): Body<CreateSearch>,
) -> ApiResult<Json<SavedSearchResponse>> {
    limits::room_for_search(&deps, &user).await?;
    let new = NewSearch {
        name: req.name,
        query: req.query,
        platform: req.platform,
        filters: req.filters,
        check_interval_hours: hours(req.check_interval_hours),
        min_record_condition: req.min_record_condition,
        min_sleeve_condition: req.min_sleeve_condition,
        seller_location_preference: req.seller_location_preference,
    };
    let search = SavedSearch::create(user.id, new, Utc::now()).with_source(req.source, req.any_pressing);
    deps.store.create_search(&search).await?;
    Ok(Json(SavedSearchResponse::from(&search)))
}

/// A page size and the id after which the page starts, from the query string.
fn page_params(query: &QueryParams) -> ApiResult<(usize, Option<SearchId>)> {
    let mut errors = Vec::new();
    let limit = match query.0.get("limit") {
        None => PAGE_DEFAULT,
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if (1..=PAGE_MAX).contains(&n) && raw.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => {
                errors.push(FieldError::new(
                    "int_range",
                    "query",
                    "limit",
                    format!("Input should be a whole number from 1 to {PAGE_MAX}"),
                    json!(crate::validate::truncated(raw)),
                ));
                PAGE_DEFAULT
            }
        },
    };
    let after = match query.0.get("cursor").map(|raw| (raw, raw.parse::<SearchId>())) {
        None => None,
        Some((_, Ok(id))) => Some(id),
        Some((raw, Err(_))) => {
            errors.push(FieldError::new(
                "uuid_parsing",
                "query",
                "cursor",
                "Input should be the cursor of a `Link: rel=\"next\"` header (a UUID)",
                json!(crate::validate::truncated(raw)),
            ));
            None
        }
    };
    if errors.is_empty() { Ok((limit, after)) } else { Err(ApiError::Validation(errors)) }
}

/// The user's searches, oldest first, a page at a time. When more follow, the `Link` header
/// (RFC 8288) gives the next page's address.
#[utoipa::path(get, path = "/api/v1/searches", tag = "searches", operation_id = "list_searches",
    security(("bearer" = [])),
    params(
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 100, description = "Searches per page (default 50)."),
        ("cursor" = Option<String>, Query, format = Uuid,
            description = "Where the page starts: the `cursor` of the previous page's `Link` header."),
    ),
    responses(
        (status = 200, body = [SavedSearchResponse], headers(
            ("Link" = String, description = "`</api/v1/searches?limit=…&cursor=…>; rel=\"next\"` when more searches follow"),
        )),
        (status = 422, body = ValidationError),
    ))]
pub async fn list(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    query: QueryParams,
) -> ApiResult<(HeaderMap, Json<Vec<SavedSearchResponse>>)> {
    let (limit, after) = page_params(&query)?;
    let (searches, more) = deps.store.list_searches(user.id, after, limit).await?;
    let mut headers = HeaderMap::new();
    if let Some(last) = searches.last().filter(|_| more) {
        let link = format!("</api/v1/searches?limit={limit}&cursor={}>; rel=\"next\"", last.id);
        // Ids and numbers are ASCII, so the value is always a valid header.
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert(header::LINK, value);
        }
    }
    Ok((headers, Json(searches.iter().map(SavedSearchResponse::from).collect())))
}

#[utoipa::path(get, path = "/api/v1/searches/{search_id}", tag = "searches", operation_id = "get_search",
    security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = SavedSearchResponse), (status = 404, body = Detail), (status = 422, body = ValidationError)))]
pub async fn get(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<SavedSearchResponse>> {
    Ok(Json(SavedSearchResponse::from(&owned_search(&deps, &user, &raw).await?)))
}

#[utoipa::path(put, path = "/api/v1/searches/{search_id}", tag = "searches", operation_id = "update_search",
    security(("bearer" = [])),
    params(("search_id" = Uuid, Path)), request_body = UpdateSearch,
    responses((status = 200, body = SavedSearchResponse), (status = 404, body = Detail)))]
pub async fn update(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
    Body(req): Body<UpdateSearch>,
) -> ApiResult<Json<SavedSearchResponse>> {
    let id = search_id(&raw)?;
    let now = Utc::now();
    if req.query.is_some() || req.source.is_some() {
        let stored = deps.store.get_search(user.id, id).await?.ok_or_else(not_found)?;
        let mut checks = Checks::default();
        let query = req.query.as_deref().unwrap_or(&stored.query);
        check_query(&mut checks, req.source.unwrap_or(stored.source), Some(query));
        if !checks.0.is_empty() {
            return Err(ApiError::Validation(checks.0));
        }
    }
    let updated = deps
        .store
        .update_search(user.id, id, |s| {
            if let Some(v) = &req.name {
                s.name.clone_from(v);
            }
            if let Some(v) = &req.query {
                s.query.clone_from(v);
            }
            if let Some(v) = req.platform {
                s.platform = v;
            }
            if let Some(v) = req.source {
                s.source = v;
            }
            if let Some(v) = req.any_pressing {
                s.any_pressing = v;
            }
            if let Some(v) = &req.filters {
                s.filters.clone_from(v);
            }
            if let Some(v) = &req.min_record_condition {
                s.min_record_condition.clone_from(v);
            }
            if let Some(v) = &req.min_sleeve_condition {
                s.min_sleeve_condition.clone_from(v);
            }
            if let Some(v) = &req.seller_location_preference {
                s.seller_location_preference.clone_from(v);
            }
            if let Some(v) = req.is_active {
                s.is_active = v;
            }
            if let Some(v) = req.check_interval_hours.map(hours).filter(|h| *h != s.check_interval_hours) {
                s.check_interval_hours = v;
                s.reschedule(now);
            }
            s.updated_at = now;
        })
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(SavedSearchResponse::from(&updated)))
}

#[utoipa::path(delete, path = "/api/v1/searches/{search_id}", tag = "searches", operation_id = "delete_search",
    security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = Message), (status = 404, body = Detail), (status = 422, body = ValidationError)))]
pub async fn delete(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Message>> {
    let id = search_id(&raw)?;
    if deps.store.delete_search(user.id, id).await? {
        Ok(Json(Message::new("Search deleted successfully")))
    } else {
        Err(not_found())
    }
}

/// Starts a run now, unless one is queued or running: then that run is the answer and nothing
/// new starts. A new run moves the search's schedule one interval on.
#[utoipa::path(post, path = "/api/v1/searches/{search_id}/run", tag = "searches", operation_id = "run_search",
    security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses(
        (status = 200, body = RunQueued, links(
            ("get_latest_run" = (operation_id = "get_latest_run", parameters(("search_id" = "$request.path.search_id")))),
        )),
        (status = 404, body = Detail),
        (status = 422, body = ValidationError),
        (status = 429, description = "The user's manual runs of this hour are spent", body = Detail,
            headers(("Retry-After" = u64, description = "Seconds until the hour's quota renews"))),
        (status = 503, description = "Storage busy, or the run could not be queued", body = Detail),
    ))]
pub async fn run(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<RunQueued>> {
    let search = owned_search(&deps, &user, &raw).await?;
    let now = Utc::now();
    let admit = limits::take(&deps, &user, QuotaKind::ManualRun, now);
    match run_now(&deps.store, &deps.queues, &search, now, admit).await {
        Ok(RunNow::Started(run)) => {
            tracing::info!(search_id = %search.id, user_id = %user.id, run_id = %run, "run queued");
            Ok(Json(RunQueued { message: "Search queued successfully", run_id: run.as_uuid() }))
        }
        Ok(RunNow::InFlight(run)) => {
            tracing::info!(search_id = %search.id, user_id = %user.id, run_id = %run, "run already in flight");
            Ok(Json(RunQueued { message: "This search is already running", run_id: run.as_uuid() }))
        }
        Ok(RunNow::Refused) => Err(limits::spent(&deps, QuotaKind::ManualRun, now)),
        Err(StartRunError::Store(e)) => Err(e.into()),
        Err(StartRunError::Queue(e)) => {
            tracing::error!(search_id = %search.id, error = %e, "cannot queue run");
            Err(ApiError::status(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "The search could not be queued. Please try again.",
            ))
        }
    }
}

#[utoipa::path(get, path = "/api/v1/searches/{search_id}/results", tag = "searches", operation_id = "list_results",
    security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = [SearchResultResponse]), (status = 404, body = Detail), (status = 422, body = ValidationError)))]
pub async fn results(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<SearchResultResponse>>> {
    let search = owned_search(&deps, &user, &raw).await?;
    let (page, pricer) = tokio::try_join!(deps.store.results_page(search.id), user_pricer(&deps, &user))?;
    Ok(Json(page.iter().map(|r| SearchResultResponse::new(r, &pricer)).collect()))
}

#[utoipa::path(get, path = "/api/v1/searches/{search_id}/runs/latest", tag = "searches", operation_id = "get_latest_run",
    security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses(
        (status = 200, body = RunResponse),
        (status = 404, description = "No such search, or it has not run yet", body = Detail),
        (status = 422, body = ValidationError),
    ))]
pub async fn latest_run(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<RunResponse>> {
    let search = owned_search(&deps, &user, &raw).await?;
    let run = deps.store.latest_run(search.id).await?.ok_or_else(|| ApiError::not_found("Search has not run yet"))?;
    Ok(Json(RunResponse::from(&run)))
}
