//! A search's stored analysis, its multi-item deals, and the price comparison (SPEC §2.7), all
//! as the search's last completed run stored them.

use std::sync::Arc;

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};

use super::searches::owned_search;
use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail, FieldError};
use crate::extract::AuthUser;
use crate::views::{
    AnalysisResponse, DealView, DealsResponse, PriceComparisonResponse, PriceGroupView, recommendation_view,
    seller_view, summary_view,
};

const NOT_YET: &str = "Analysis not yet completed for this search";

#[utoipa::path(get, path = "/api/v1/analysis/search/{search_id}/analysis", tag = "analysis", security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = AnalysisResponse), (status = 404, body = Detail), (status = 422)))]
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

#[utoipa::path(get, path = "/api/v1/analysis/search/{search_id}/multi-item-deals", tag = "analysis", security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = DealsResponse), (status = 404, body = Detail), (status = 422)))]
pub async fn multi_item_deals(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<DealsResponse>> {
    let search = owned_search(&deps, &user, &raw).await?;
    let search_id = search.id.as_uuid();
    let Some(stored) = deps.store.get_analysis(search.id).await? else {
        return Ok(Json(DealsResponse { search_id, multi_item_deals: Vec::new(), message: Some(NOT_YET) }));
    };
    let deals = stored.analysis.multi_item_deals().map(DealView::from).collect();
    Ok(Json(DealsResponse { search_id, multi_item_deals: deals, message: None }))
}

/// Groups per page unless `limit` says otherwise, and the most a page may ask for.
const DEFAULT_GROUPS: usize = 50;
const MAX_GROUPS: usize = 200;
/// A page ends before the group that would take its body past this, so no page is larger than
/// about a megabyte (a group holds at most `MAX_OFFERS_PER_GROUP` offers, far below it).
const PAGE_BYTES: usize = 900 * 1024;

/// The price comparison the search's last completed run stored, a page of groups at a time in
/// the stored order: `cursor` is the `next_cursor` of the page before (none for the first).
#[utoipa::path(get, path = "/api/v1/analysis/search/{search_id}/price-comparison", tag = "analysis", security(("bearer" = [])),
    params(("search_id" = Uuid, Path),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page; omitted for the first page"),
        ("limit" = Option<u32>, Query, description = "Most groups on the page, 1–200 (default 50); a page also ends before it would pass about 1 MB")),
    responses((status = 200, body = PriceComparisonResponse), (status = 404, body = Detail), (status = 422)))]
pub async fn price_comparison_view(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<PriceComparisonResponse>> {
    let start = match query.get("cursor") {
        Some(cursor) => query_number(cursor, "cursor", usize::MAX)?,
        None => 0,
    };
    let limit = match query.get("limit") {
        Some(limit) => query_number(limit, "limit", MAX_GROUPS).and_then(|l| {
            if l == 0 { Err(query_error("limit", "greater_than_equal", "Input should be greater than or equal to 1", limit)) } else { Ok(l) }
        })?,
        None => DEFAULT_GROUPS,
    };
    let search = owned_search(&deps, &user, &raw).await?;
    let search_id = search.id.as_uuid();
    let Some(page) = deps.store.price_comparison_page(search.id, start, limit).await? else {
        return Ok(Json(PriceComparisonResponse { search_id, price_comparisons: Vec::new(), next_cursor: None, total_groups: 0 }));
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
    }))
}

fn query_error(field: &str, kind: &'static str, msg: &str, input: &str) -> ApiError {
    ApiError::field(FieldError::new(kind, "query", field, msg, serde_json::json!(input)))
}

/// A non-negative integer query parameter, at most `max`.
fn query_number(raw: &str, field: &str, max: usize) -> Result<usize, ApiError> {
    let value: usize = raw
        .parse()
        .map_err(|_| query_error(field, "int_parsing", "Input should be a valid integer, unable to parse string as an integer", raw))?;
    if value > max {
        return Err(query_error(field, "less_than_equal", &format!("Input should be less than or equal to {max}"), raw));
    }
    Ok(value)
}
