//! Sellers, global and shared by every user and search, keyed by (platform, seller id).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, item_with_key, keys};
use crate::domain::listing::SellerInfo;
use crate::domain::platform::Platform;
use crate::domain::region::{Region, region};

/// A seller as last seen on a listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerRecord {
    pub platform: Platform,
    pub info: SellerInfo,
    pub country_code: Region,
    pub updated_at: DateTime<Utc>,
}

impl Store {
    /// Overwrites the seller with what the newest listing says (docs/behaviour.md#sellers). Anonymous sellers
    /// (no id) are not recorded: they never group with anything.
    pub async fn upsert_seller(
        &self,
        platform: Platform,
        info: &SellerInfo,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if info.id.is_empty() {
            return Ok(());
        }
        let record = SellerRecord {
            platform,
            info: info.clone(),
            country_code: region(info.location.as_deref()),
            updated_at: now,
        };
        self.put(item_with_key(&record, &keys::seller(platform, &info.id))?).await
    }

    pub async fn get_seller(&self, platform: Platform, id: &str) -> Result<Option<SellerRecord>, StoreError> {
        self.get(&keys::seller(platform, id)).await
    }
}
