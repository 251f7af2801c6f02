//! Price history of a listing, and daily prices of a release, for the web app's chart, in the
//! user's currency (docs/behaviour.md#money-and-currencies).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::price_history::days_in;

use crate::Deps;
use crate::error::{ApiError, ApiResult, ValidationError};
use crate::extract::{AuthUser, Path};
use crate::routes::amounts::user_pricer;
use crate::validate::too_long;
use crate::views::{DayView, ListingHistory, MoneyView, PricePointView, ReleaseHistory, amount};

/// Longest listing id looked up: it becomes part of a storage key (eBay's are about 20 characters).
const MAX_LISTING_ID: usize = 100;

#[utoipa::path(get, path = "/api/v1/price-history/{platform}/{listing_id}", tag = "price-history",
    operation_id = "get_listing_price_history", security(("bearer" = [])),
    params(
        ("platform" = Platform, Path, description = "Any case is accepted."),
        ("listing_id" = String, Path, min_length = 1, max_length = 100),
    ),
    responses((status = 200, body = ListingHistory), (status = 422, body = ValidationError)))]
pub async fn listing(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path((platform, listing_id)): Path<(String, String)>,
) -> ApiResult<Json<ListingHistory>> {
    let platform: Platform = platform.parse().map_err(|_| {
        ApiError::status(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("Invalid platform: {}. Must be one of: discogs, ebay", crate::validate::truncated(&platform)),
        )
    })?;
    if let Some(error) = too_long("path", "listing_id", &listing_id, MAX_LISTING_ID) {
        return Err(ApiError::field(error));
    }
    let (points, pricer) = tokio::try_join!(deps.store.price_points(platform, &listing_id), user_pricer(&deps, &user))?;
    let mut converted_any = false;
    let points = points
        .iter()
        .map(|p| {
            let price = pricer.convert(p.price).unwrap_or(p.price);
            let original = (price.currency != p.price.currency).then_some(p.price);
            converted_any |= original.is_some();
            PricePointView {
                at: p.at,
                price: amount(price),
                currency: price.currency.to_string(),
                original_price: original.map(MoneyView::from),
            }
        })
        .collect();
    Ok(Json(ListingHistory {
        platform,
        points,
        listing_id,
        currency: pricer.currency().to_string(),
        rates_date: pricer.rates().filter(|_| converted_any).map(|r| r.date),
    }))
}

#[utoipa::path(get, path = "/api/v1/price-history/releases/{release_id}", tag = "price-history",
    operation_id = "get_release_price_history", security(("bearer" = [])),
    params(("release_id" = String, Path, description = "A Discogs release id.", pattern = "^[0-9]{1,19}$")),
    responses((status = 200, body = ReleaseHistory), (status = 422, body = ValidationError)))]
pub async fn release(
    State(deps): State<Arc<Deps>>,
    AuthUser(user): AuthUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<ReleaseHistory>> {
    let release_id = crate::validate::release_id(&raw)?;
    let key = release_id.to_string();
    let (parts, pricer) = tokio::try_join!(deps.store.release_price_days(&key), user_pricer(&deps, &user))?;
    let converted = days_in(&parts, pricer.currency(), |m| pricer.convert(m));
    Ok(Json(ReleaseHistory {
        days: converted
            .days
            .iter()
            .map(|d| DayView {
                day: d.day,
                min: amount(d.min),
                max: amount(d.max),
                avg: amount(Money::new(d.average_minor(), d.min.currency)),
                count: d.count,
            })
            .collect(),
        release_id: raw,
        currency: pricer.currency().to_string(),
        rates_date: pricer.rates().filter(|_| converted.converted_any).map(|r| r.date),
        unconverted_currencies: converted.unconverted.iter().map(ToString::to_string).collect(),
    }))
}
