//! Price history of a listing and of a release.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use vinyldigger::domain::platform::Platform;

#[derive(Serialize, ToSchema)]
pub struct PricePointView {
    pub at: DateTime<Utc>,
    pub price: f64,
    pub currency: String,
}

#[derive(Serialize, ToSchema)]
pub struct ListingHistory {
    pub platform: Platform,
    pub listing_id: String,
    pub points: Vec<PricePointView>,
}

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
}
