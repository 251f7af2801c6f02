//! A search's stored analysis, its multi-item deals, and the price comparison (docs/behaviour.md#analysis-endpoints).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use vinyldigger::domain::compare::price_comparison;
use vinyldigger::domain::matching::link_records;

use super::searches::owned_search;
use crate::Deps;
use crate::error::{ApiResult, Detail, ValidationError};
use crate::extract::{AuthUser, Path};
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
        return Ok(Json(DealsResponse { search_id, multi_item_deals: Vec::new(), message: Some(NOT_YET) }));
    };
    let deals = stored.analysis.multi_item_deals().map(DealView::from).collect();
    Ok(Json(DealsResponse { search_id, multi_item_deals: deals, message: None }))
}

/// Computed from the current results, so it needs no completed analysis.
#[utoipa::path(get, path = "/api/v1/analysis/search/{search_id}/price-comparison", tag = "analysis", operation_id = "get_price_comparison", security(("bearer" = [])),
    params(("search_id" = Uuid, Path)),
    responses((status = 200, body = PriceComparisonResponse), (status = 404, body = Detail), (status = 422, body = ValidationError)))]
pub async fn price_comparison_view(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<PriceComparisonResponse>> {
    let search = owned_search(&deps, &user, &raw).await?;
    let mut results = deps.store.list_results(search.id).await?;
    // Cross-platform matching is cheap and pure, so it runs on read rather than being stored;
    // with the want list and collection as known records, as the completed run's analysis does.
    let references = deps.store.reference_records(search.user_id).await?;
    link_records(&mut results, &references);
    let groups = price_comparison(&results).iter().map(PriceGroupView::from).collect();
    Ok(Json(PriceComparisonResponse { search_id: search.id.as_uuid(), price_comparisons: groups }))
}
