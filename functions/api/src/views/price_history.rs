//! Price history of a listing and of a release, in the user's currency.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use vinyldigger::domain::platform::Platform;

use super::MoneyView;

#[derive(Serialize, ToSchema)]
pub struct PricePointView {
    pub at: DateTime<Utc>,
    /// The price in `currency`.
    pub price: f64,
    /// ISO 4217 code of `price`: the history's `currency`, or the listed one when it has no
    /// exchange rate.
    pub currency: String,
    /// The price as listed, when `price` is its conversion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_price: Option<MoneyView>,
}

#[derive(Serialize, ToSchema)]
pub struct ListingHistory {
    pub platform: Platform,
    pub listing_id: String,
    pub points: Vec<PricePointView>,
    /// ISO 4217 code the points are converted into: the user's currency (US dollars while no
    /// exchange rates are known).
    pub currency: String,
    /// The day of the exchange rates used; `null` when nothing was converted.
    #[schema(required = true)]
    pub rates_date: Option<NaiveDate>,
}

/// One day's prices of a release, in the history's `currency`.
#[derive(Serialize, ToSchema)]
pub struct DayView {
    pub day: NaiveDate,
    pub min: f64,
    pub max: f64,
    pub avg: f64,
    pub count: u32,
}

#[derive(Serialize, ToSchema)]
pub struct ReleaseHistory {
    pub release_id: String,
    pub days: Vec<DayView>,
    /// ISO 4217 code of every amount of `days`: the user's currency (US dollars while no
    /// exchange rates are known).
    pub currency: String,
    /// The day of the exchange rates used; `null` when nothing was converted.
    #[schema(required = true)]
    pub rates_date: Option<NaiveDate>,
    /// Currencies of prices without an exchange rate: those prices are in no day.
    pub unconverted_currencies: Vec<String>,
}
