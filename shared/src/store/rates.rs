//! Exchange rates: one item per day (`RATES` / `DAY#<date>`), kept 60 days by TTL. Readers take
//! the newest day, so the last good day stays in use while fetching fails.

use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, from_item, item_with_key, keys, n, s};
use crate::domain::rates::Rates;

/// How long a day's rates are kept.
pub const RATES_KEPT_DAYS: i64 = 60;

/// The stored item: the rates and when they were last fetched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRates {
    pub rates: Rates,
    pub fetched_at: DateTime<Utc>,
}

impl Store {
    /// Writes the day's rates (again: a later fetch of the same day refreshes `fetched_at`).
    pub async fn put_rates(&self, rates: &Rates, fetched_at: DateTime<Utc>) -> Result<(), StoreError> {
        let stored = StoredRates { rates: rates.clone(), fetched_at };
        let mut item = item_with_key(&stored, &keys::rates_day(rates.date))?;
        let expires_at = fetched_at.timestamp() + RATES_KEPT_DAYS * 86_400;
        item.insert(keys::EXPIRES_AT.into(), n(expires_at));
        self.put(item).await
    }

    /// The newest day's rates, if any day's are stored: one Query of the rates partition,
    /// newest first, one item.
    pub async fn latest_rates(&self) -> Result<Option<StoredRates>, StoreError> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#sk", keys::SK)
            .expression_attribute_values(":pk", s(keys::RATES_PK))
            .expression_attribute_values(":prefix", s(keys::RATES_DAY_PREFIX))
            .scan_index_forward(false)
            .limit(1)
            .send()
            .await
            .map_err(super::dynamo)?;
        let item: Option<std::collections::HashMap<String, AttributeValue>> =
            out.items.and_then(|items| items.into_iter().next());
        item.map(from_item).transpose()
    }
}
