//! Price history: one item per observed price of a listing, and per release and day the parts
//! its rollup is the sum of. Each writer (a chunk of results) adds its own part, aggregated over
//! its listings, so a chunk writes each release once with a plain put, no writer ever updates
//! another's item, and a redelivered chunk overwrites its own part instead of adding it twice.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{Item, Store, StoreError, item_with_key, keys};
use crate::domain::money::{Currency, Money};
use crate::domain::platform::Platform;
use crate::domain::price_history::{DayPrices, PricePoint};

/// The item of one observed price of a listing.
pub(crate) fn price_point_item(platform: Platform, listing_id: &str, point: &PricePoint) -> Result<Item, StoreError> {
    item_with_key(point, &keys::price_point(platform, listing_id, point.at))
}

/// The item of one writer's part of a release's prices on a day.
pub(crate) fn release_part_item(release_id: &str, part: &str, prices: &DayPrices) -> Result<Item, StoreError> {
    item_with_key(prices, &keys::release_price_part(release_id, prices.day, part))
}

/// Adds an observed price to a day's aggregate (of the price's currency: see the callers).
pub fn add_price(day: &mut Option<DayPrices>, on: NaiveDate, price: Money) {
    match day {
        None => *day = Some(DayPrices::one(on, price)),
        Some(d) => d.absorb(&DayPrices::one(on, price)),
    }
}

impl Store {
    pub async fn put_price_point(
        &self,
        platform: Platform,
        listing_id: &str,
        point: &PricePoint,
    ) -> Result<(), StoreError> {
        self.put(price_point_item(platform, listing_id, point)?).await
    }

    /// A listing's prices, oldest first.
    pub async fn price_points(&self, platform: Platform, listing_id: &str) -> Result<Vec<PricePoint>, StoreError> {
        let pk = keys::price_point(platform, listing_id, Utc::now()).pk;
        self.query_prefix(&pk, "PRICE#").await
    }

    /// Adds one observed price of a release to its day (a part of its own).
    pub async fn record_release_price(
        &self,
        release_id: &str,
        price: Money,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut day = None;
        add_price(&mut day, at.date_naive(), price);
        let Some(day) = day else { return Ok(()) };
        self.put(release_part_item(release_id, &Uuid::new_v4().to_string(), &day)?).await
    }

    /// A release's daily rollups, oldest first: the sum of each day's parts, one rollup per day
    /// and currency (the reader converts them into one currency: `domain::price_history::days_in`).
    pub async fn release_price_days(&self, release_id: &str) -> Result<Vec<DayPrices>, StoreError> {
        let parts: Vec<DayPrices> = self.query_prefix(&keys::release_pk(release_id), keys::RELEASE_DAY_PREFIX).await?;
        let mut days: BTreeMap<(NaiveDate, Currency), DayPrices> = BTreeMap::new();
        for part in parts {
            match days.get_mut(&(part.day, part.currency())) {
                Some(day) => day.absorb(&part),
                None => {
                    days.insert((part.day, part.currency()), part);
                }
            }
        }
        Ok(days.into_values().collect())
    }
}
