//! Saved searches: CRUD, run now, results and the latest run (SPEC §2.6).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;
use uuid::Uuid;
use vinyldigger::domain::ids::SearchId;
use vinyldigger::domain::platform::SearchPlatform;
use vinyldigger::domain::run::{Run, RunStatus};
use vinyldigger::domain::search::{NewSearch, SavedSearch};
use vinyldigger::pipeline::{StartRunError, start_run};

use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, FieldError};
use crate::extract::{AuthUser, Body, Validate, path_param};
use crate::validate::{Checks, LenientInt, nullable, present};
use crate::views::{Message, SavedSearchResponse, SearchResultResponse};

const MAX_NAME: usize = 255;
const MAX_QUERY: usize = 500;
const MAX_SHORT: usize = 10;
/// A year: enough for any sensible cadence, and far from overflowing time arithmetic.
const MAX_INTERVAL_HOURS: i64 = 8760;

fn default_interval() -> LenientInt {
    LenientInt(24)
}

#[derive(Deserialize, ToSchema)]
pub struct CreateSearch {
    pub name: String,
    pub query: String,
    /// `ebay`, `discogs` or `both`, any case.
    pub platform: String,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub filters: Map<String, Value>,
    #[serde(default = "default_interval")]
    #[schema(value_type = i64, default = 24)]
    pub check_interval_hours: LenientInt,
    #[serde(default)]
    pub min_record_condition: Option<String>,
    #[serde(default)]
    pub min_sleeve_condition: Option<String>,
    #[serde(default)]
    pub seller_location_preference: Option<String>,
}

impl Validate for CreateSearch {
    fn validate(&self) -> Vec<FieldError> {
        let mut checks = Checks::default();
        check_text(&mut checks, "name", Some(&self.name), MAX_NAME);
        check_text(&mut checks, "query", Some(&self.query), MAX_QUERY);
        check_platform(&mut checks, Some(&self.platform));
        check_interval(&mut checks, Some(self.check_interval_hours));
        check_short(
            &mut checks,
            self.min_record_condition.as_deref(),
            self.min_sleeve_condition.as_deref(),
            self.seller_location_preference.as_deref(),
        );
        checks.0
    }
}

/// A partial update: only the fields present are applied.
#[derive(Deserialize, ToSchema)]
pub struct UpdateSearch {
    #[serde(default, deserialize_with = "present")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub query: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub platform: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Object>)]
    pub filters: Option<Map<String, Value>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub check_interval_hours: Option<LenientInt>,
    #[serde(default, deserialize_with = "present")]
    pub is_active: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub min_record_condition: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub min_sleeve_condition: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub seller_location_preference: Option<Option<String>>,
}

impl Validate for UpdateSearch {
    fn validate(&self) -> Vec<FieldError> {
        let mut checks = Checks::default();
        check_text(&mut checks, "name", self.name.as_deref(), MAX_NAME);
        check_text(&mut checks, "query", self.query.as_deref(), MAX_QUERY);
        check_platform(&mut checks, self.platform.as_deref());
        check_interval(&mut checks, self.check_interval_hours);
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
    if value.is_some_and(|v| v.trim().is_empty()) {
        checks.push(FieldError::body(
            field,
            "string_too_short",
            "String should have at least 1 character",
            json!(value),
        ));
    }
    checks.max_len(field, value, max);
}

fn check_platform(checks: &mut Checks, value: Option<&str>) {
    if let Some(v) = value.filter(|v| v.parse::<SearchPlatform>().is_err()) {
        checks.push(FieldError::body("platform", "enum", "Input should be 'ebay', 'discogs' or 'both'", json!(v)));
    }
}

fn check_interval(checks: &mut Checks, value: Option<LenientInt>) {
    if let Some(LenientInt(hours)) = value.filter(|h| !(1..=MAX_INTERVAL_HOURS).contains(&h.0)) {
        let msg = format!("Input should be between 1 and {MAX_INTERVAL_HOURS}");
        checks.push(FieldError::body("check_interval_hours", "greater_than_equal", msg, json!(hours)));
    }
}

fn check_short(checks: &mut Checks, record: Option<&str>, sleeve: Option<&str>, location: Option<&str>) {
    checks.max_len("min_record_condition", record, MAX_SHORT);
    checks.max_len("min_sleeve_condition", sleeve, MAX_SHORT);
    checks.max_len("seller_location_preference", location, MAX_SHORT);
}

/// Validation already ran, so these conversions cannot fail; the fallbacks are never used.
fn platform(value: &str) -> SearchPlatform {
    value.parse().unwrap_or(SearchPlatform::Both)
}

fn hours(value: LenientInt) -> u32 {
    u32::try_from(value.0).unwrap_or(24)
}

pub(crate) fn search_id(raw: &str) -> ApiResult<SearchId> {
    path_param("search_id", raw, "uuid_parsing")
}

pub(crate) fn not_found() -> ApiError {
    ApiError::not_found("Search not found")
}

/// The caller's search, or the SPEC's 404 (someone else's search is indistinguishable from none).
pub(crate) async fn owned_search(
    deps: &Deps,
    user: &vinyldigger::domain::user::User,
    raw: &str,
) -> ApiResult<SavedSearch> {
    let id = search_id(raw)?;
    deps.store.get_search(user.id, id).await?.ok_or_else(not_found)
}

#[utoipa::path(post, path = "/api/v1/searches", tag = "searches", security(("bearer" = [])), request_body = CreateSearch,
    responses((status = 200, body = SavedSearchResponse), (status = 401, body = Detail), (status = 422)))]
pub async fn create(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Body(req): Body<CreateSearch>,
) -> ApiResult<Json<SavedSearchResponse>> {
    let new = NewSearch {
        name: req.name,
        query: req.query,
        platform: platform(&req.platform),
        filters: req.filters,
        check_interval_hours: hours(req.check_interval_hours),
        min_record_condition: req.min_record_condition,
        min_sleeve_condition: req.min_sleeve_condition,
        seller_location_preference: req.seller_location_preference,
    };
    let search = SavedSearch::create(user.id, new, Utc::now());
    deps.store.create_search(&search).await?;
    Ok(Json(SavedSearchResponse::from(&search)))
}

#[utoipa::path(get, path = "/api/v1/searches", tag = "searches", security(("bearer" = [])),
    responses((status = 200, body = [SavedSearchResponse]), (status = 401, body = Detail)))]
pub async fn list(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
) -> ApiResult<Json<Vec<SavedSearchResponse>>> {
    let searches = deps.store.list_searches(user.id).await?;
    Ok(Json(searches.iter().map(SavedSearchResponse::from).collect()))
}

#[utoipa::path(get, path = "/api/v1/searches/{search_id}", tag = "searches", security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = SavedSearchResponse), (status = 404, body = Detail), (status = 422)))]
pub async fn get(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<SavedSearchResponse>> {
    Ok(Json(SavedSearchResponse::from(&owned_search(&deps, &user, &raw).await?)))
}

#[utoipa::path(put, path = "/api/v1/searches/{search_id}", tag = "searches", security(("bearer" = [])),
    params(("search_id" = Uuid, Path)), request_body = UpdateSearch,
    responses((status = 200, body = SavedSearchResponse), (status = 404, body = Detail), (status = 422)))]
pub async fn update(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
    Body(req): Body<UpdateSearch>,
) -> ApiResult<Json<SavedSearchResponse>> {
    let id = search_id(&raw)?;
    let now = Utc::now();
    let updated = deps
        .store
        .update_search(user.id, id, |s| {
            if let Some(v) = &req.name {
                s.name.clone_from(v);
            }
            if let Some(v) = &req.query {
                s.query.clone_from(v);
            }
            if let Some(v) = &req.platform {
                s.platform = platform(v);
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

#[utoipa::path(delete, path = "/api/v1/searches/{search_id}", tag = "searches", security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = Message), (status = 404, body = Detail), (status = 422)))]
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

#[utoipa::path(post, path = "/api/v1/searches/{search_id}/run", tag = "searches", security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = Message), (status = 404, body = Detail), (status = 422)))]
pub async fn run(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Message>> {
    let search = owned_search(&deps, &user, &raw).await?;
    match start_run(&deps.store, &deps.queues, &search, Utc::now()).await {
        Ok(run) => {
            tracing::info!(search_id = %search.id, user_id = %user.id, run_id = %run.id, "run queued");
            Ok(Json(Message::new("Search queued successfully")))
        }
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

#[utoipa::path(get, path = "/api/v1/searches/{search_id}/results", tag = "searches", security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = [SearchResultResponse]), (status = 404, body = Detail), (status = 422)))]
pub async fn results(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<SearchResultResponse>>> {
    let search = owned_search(&deps, &user, &raw).await?;
    let page = deps.store.results_page(search.id).await?;
    Ok(Json(page.iter().map(SearchResultResponse::from).collect()))
}

/// A run's progress, for the web app's live status.
#[derive(Serialize, ToSchema)]
pub struct RunResponse {
    pub id: Uuid,
    pub search_id: Uuid,
    #[schema(value_type = String)]
    pub status: RunStatus,
    pub platforms: Vec<String>,
    /// Marketplaces still being fetched.
    pub pending: Vec<String>,
    /// Listings received per marketplace.
    #[schema(value_type = Object)]
    pub listings: Map<String, Value>,
    /// Why a marketplace's part failed.
    #[schema(value_type = Object)]
    pub errors: Map<String, Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl From<&Run> for RunResponse {
    fn from(r: &Run) -> Self {
        Self {
            id: r.id.as_uuid(),
            search_id: r.search_id.as_uuid(),
            status: r.status,
            platforms: r.platforms.iter().map(|p| p.as_str().to_owned()).collect(),
            pending: r.pending.iter().map(|p| p.as_str().to_owned()).collect(),
            listings: r.listings.iter().map(|(p, n)| (p.as_str().to_owned(), json!(n))).collect(),
            errors: r.errors.iter().map(|(p, e)| (p.as_str().to_owned(), json!(e))).collect(),
            created_at: r.created_at,
            updated_at: r.updated_at,
            completed_at: r.completed_at,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/searches/{search_id}/runs/latest", tag = "searches", security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = RunResponse), (status = 404, body = Detail), (status = 422)))]
pub async fn latest_run(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<RunResponse>> {
    let search = owned_search(&deps, &user, &raw).await?;
    let run = deps.store.latest_run(search.id).await?.ok_or_else(|| ApiError::not_found("Search has not run yet"))?;
    Ok(Json(RunResponse::from(&run)))
}
