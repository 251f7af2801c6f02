//! Price history of listings and per-day price rollups of releases.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::money::Money;

/// A listing's price as seen at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PricePoint {
    pub at: DateTime<Utc>,
    pub price: Money,
}

/// The prices one release was seen at on one day, across listings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayPrices {
    pub day: NaiveDate,
    pub min: Money,
    pub max: Money,
    /// Sum of the prices in minor units, for the mean.
    pub total_minor: i64,
    pub count: u32,
}

impl DayPrices {
    pub fn average_minor(&self) -> i64 {
        if self.count == 0 { 0 } else { self.total_minor / i64::from(self.count) }
    }
}
