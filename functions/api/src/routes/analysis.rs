//! A search's stored analysis, its multi-item deals, and the price comparison (docs/behaviour.md#analysis-endpoints), all
//! as the search's last completed run stored them.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde_json::json;

use super::searches::owned_search;
use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, FieldError, ValidationError};
use crate::extract::{AuthUser, Path, QueryParams};
use crate::views::{
    AnalysisResponse, DealView, DealsResponse, PriceComparisonResponse, PriceGroupView, recommendation_view,
    seller_view, summary_view,
};

const NOT_YET: &str = "Analysis not yet completed for this search";

#[utoipa::path(get, path = "/api/v1/analysis/search/{search_id}/analysis", tag = "analysis", operation_id = "get_analysis", security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = AnalysisResponse), (status = 404, body = Detail), (status = 422, body = ValidationError)))]
pub async fn analysis(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<AnalysisResponse>> {
    let search = owned_search(&deps, &user, &raw).await?;
    let search_id = search.id.as_uuid();
    let Some(stored) = deps.store.get_analysis(search.id).await? else {
        return Ok(Json(AnalysisResponse {
            search_id,
            analysis_completed: false,
            message: Some(NOT_YET),
            analysis: None,
            recommendations: None,
            seller_analyses: None,
        }));
    };
    let a = &stored.analysis;
    Ok(Json(AnalysisResponse {
        search_id,
        analysis_completed: true,
        message: None,
        analysis: Some(summary_view(&stored)),
        recommendations: Some(
            a.recommendations.iter().enumerate().map(|(i, r)| recommendation_view(stored.id, i, r)).collect(),
        ),
        seller_analyses: Some(a.seller_analyses.iter().map(seller_view).collect()),
    }))
}

#[utoipa::path(get, path = "/api/v1/analysis/search/{search_id}/multi-item-deals", tag = "analysis", operation_id = "get_multi_item_deals", security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = DealsResponse), (status = 404, body = Detail), (status = 422, body = ValidationError)))]
pub async fn multi_item_deals(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<DealsResponse>> {
    let search = owned_search(&deps, &user, &raw).await?;
    let search_id = search.id.as_uuid();
    let Some(stored) = deps.store.get_analysis(search.id).await? else {
        return Ok(Json(DealsResponse {
            search_id,
            multi_item_deals: Vec::new(),
            currency: None,
            rates_date: None,
            message: Some(NOT_YET),
        }));
    };
    let deals = stored.analysis.multi_item_deals().map(DealView::from).collect();
    let summary = &stored.analysis.summary;
    Ok(Json(DealsResponse {
        search_id,
        multi_item_deals: deals,
        currency: Some(summary.currency.to_string()),
        rates_date: summary.rates_date,
        message: None,
    }))
}

/// Groups per page unless `limit` says otherwise, and the most a page may ask for.
const DEFAULT_GROUPS: usize = 50;
const MAX_GROUPS: usize = 200;
/// A cursor is a group's position; ten digits (the document's pattern) is far beyond any search.
const MAX_CURSOR: usize = 9_999_999_999;
/// A page ends before the group that would take its body past this, so no page is larger than
/// about a megabyte (a group holds at most `MAX_OFFERS_PER_GROUP` offers, far below it).
const PAGE_BYTES: usize = 900 * 1024;

/// The price comparison the search's last completed run stored, a page of groups at a time in
/// the stored order: `cursor` is the `next_cursor` of the page before (none for the first).
#[utoipa::path(get, path = "/api/v1/analysis/search/{search_id}/price-comparison", tag = "analysis", operation_id = "get_price_comparison", security(("bearer" = [])),
    params(("search_id" = Uuid, Path),
        ("cursor" = Option<String>, Query, pattern = "^[0-9]{1,10}$",
            description = "`next_cursor` of the previous page; omitted for the first page"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 200,
            description = "Most groups on the page (default 50); a page also ends before it would pass about 1 MB")),
    responses((status = 200, body = PriceComparisonResponse), (status = 404, body = Detail), (status = 422, body = ValidationError)))]
pub async fn price_comparison_view(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
    query: QueryParams,
) -> ApiResult<Json<PriceComparisonResponse>> {
    let (start, limit) = comparison_page_params(&query)?;
    let search = owned_search(&deps, &user, &raw).await?;
    let search_id = search.id.as_uuid();
    let Some(page) = deps.store.price_comparison_page(search.id, start, limit).await? else {
        return Ok(Json(PriceComparisonResponse {
            search_id,
            price_comparisons: Vec::new(),
            next_cursor: None,
            total_groups: 0,
            currency: None,
            rates_date: None,
            unconverted_currencies: Vec::new(),
        }));
    };
    let mut groups = Vec::with_capacity(page.groups.len());
    let mut bytes = 0;
    for group in &page.groups {
        let view = serde_json::value::to_raw_value(&PriceGroupView::from(group))
            .map_err(|e| ApiError::Internal(format!("price group: {e}")))?;
        if !groups.is_empty() && bytes + view.get().len() > PAGE_BYTES {
            break;
        }
        bytes += view.get().len() + 1;
        groups.push(view);
    }
    let next = start + groups.len();
    Ok(Json(PriceComparisonResponse {
        search_id,
        next_cursor: (next < page.total as usize).then(|| next.to_string()),
        total_groups: page.total,
        price_comparisons: groups,
        currency: Some(page.basis.currency.to_string()),
        rates_date: page.basis.rates_date,
        unconverted_currencies: page.basis.unconverted.iter().map(ToString::to_string).collect(),
    }))
}

/// Where the page starts and how many groups it may hold, from the query string.
fn comparison_page_params(query: &QueryParams) -> ApiResult<(usize, usize)> {
    let mut errors = Vec::new();
    let mut number = |field: &str, min: usize, max: usize, default: usize, msg: String| match query.0.get(field) {
        None => default,
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) && raw.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => {
                errors.push(FieldError::new("int_range", "query", field, msg, json!(crate::validate::truncated(raw))));
                default
            }
        },
    };
    let start = number("cursor", 0, MAX_CURSOR, 0, "Input should be the `next_cursor` of the previous page".into());
    let limit = number(
        "limit",
        1,
        MAX_GROUPS,
        DEFAULT_GROUPS,
        format!("Input should be a whole number from 1 to {MAX_GROUPS}"),
    );
    if errors.is_empty() { Ok((start, limit)) } else { Err(ApiError::Validation(errors)) }
}
