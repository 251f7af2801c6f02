//! Price history of a listing, and daily prices of a release, for the web app's chart.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use vinyldigger::domain::platform::Platform;

use crate::Deps;
use crate::error::{ApiError, ApiResult, Detail};
use crate::extract::AuthUser;
use crate::views::{DayView, ListingHistory, PricePointView, ReleaseHistory, amount};

#[utoipa::path(get, path = "/api/v1/price-history/{platform}/{listing_id}", tag = "price-history", security(("bearer" = [])),
    params(("platform" = String, Path, description = "discogs or ebay"), ("listing_id" = String, Path)),
    responses((status = 200, body = ListingHistory), (status = 401, body = Detail), (status = 422, body = Detail)))]
pub async fn listing(
    State(deps): State<Arc<Deps>>,
    AuthUser(_): AuthUser,
    Path((platform, listing_id)): Path<(String, String)>,
) -> ApiResult<Json<ListingHistory>> {
    let platform: Platform = platform.parse().map_err(|_| {
        ApiError::status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            format!("Invalid platform: {platform}. Must be one of: discogs, ebay"),
        )
    })?;
    let points = deps.store.price_points(platform, &listing_id).await?;
    Ok(Json(ListingHistory {
        platform: platform.as_str().to_owned(),
        points: points
            .iter()
            .map(|p| PricePointView {
                at: p.at,
                price: amount(p.price),
                currency: p.price.currency.as_str().to_owned(),
            })
            .collect(),
        listing_id,
    }))
}

#[utoipa::path(get, path = "/api/v1/price-history/releases/{release_id}", tag = "price-history", security(("bearer" = [])),
    params(("release_id" = String, Path)),
    responses((status = 200, body = ReleaseHistory), (status = 401, body = Detail)))]
pub async fn release(
    State(deps): State<Arc<Deps>>,
    AuthUser(_): AuthUser,
    Path(release_id): Path<String>,
) -> ApiResult<Json<ReleaseHistory>> {
    let days = deps.store.release_price_days(&release_id).await?;
    Ok(Json(ReleaseHistory {
        days: days
            .iter()
            .map(|d| DayView {
                day: d.day,
                min: amount(d.min),
                max: amount(d.max),
                avg: amount(vinyldigger::domain::money::Money::new(d.average_minor(), d.min.currency)),
                count: d.count,
            })
            .collect(),
        release_id,
    }))
}
