//! Saved searches: CRUD, run now, results and the latest run (SPEC §2.6).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use vinyldigger::domain::ids::SearchId;
use vinyldigger::domain::platform::SearchPlatform;
use vinyldigger::domain::search::{NewSearch, SavedSearch};
use vinyldigger::domain::search_filters::SearchFilters;
use vinyldigger::pipeline::{StartRunError, start_run};

use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, FieldError};
use crate::extract::{AuthUser, Body, Validate, path_param};
use crate::validate::{Checks, LenientInt, MAX_SHORT_TEXT, nullable, present};
use crate::views::{Message, RunResponse, SavedSearchResponse, SearchResultResponse};

const MAX_NAME: usize = 255;
const MAX_QUERY: usize = 500;

fn default_interval() -> LenientInt {
    LenientInt(24)
}

#[derive(Deserialize, ToSchema)]
pub struct CreateSearch {
    pub name: String,
    pub query: String,
    /// Any case is accepted.
    pub platform: SearchPlatform,
    #[serde(default)]
    pub filters: SearchFilters,
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

/// A partial update: only the fields present are applied.
#[derive(Deserialize, ToSchema)]
pub struct UpdateSearch {
    #[serde(default, deserialize_with = "present")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub query: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub platform: Option<SearchPlatform>,
    #[serde(default, deserialize_with = "present")]
    pub filters: Option<SearchFilters>,
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
        platform: req.platform,
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
            if let Some(v) = req.platform {
                s.platform = v;
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
